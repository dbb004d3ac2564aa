import { ExitCode } from '../errors.js';
import { main } from './main.js';
import { outliveReader } from './stdio.js';

/**
 * Settings of native libraries that must be in the environment before they load.
 * onnxruntime-node (1.29 and later, the Silero VAD's runtime) starts Microsoft's telemetry
 * client when its first session is made: it uploads usage events, keeps a database under
 * ~/.cache, and reads /proc/self/cmdline with a recursion about three frames deep per byte, so
 * a command line of ~30 KB (a long --prompt) overflows the main thread's stack: SIGSEGV.
 * `ORT_DISABLE_TELEMETRY=1` turns the whole client off (it is read once, at that first session).
 * A value the user set is kept.
 */
export function quietNativeLibraries(env: NodeJS.ProcessEnv): void {
  env.ORT_DISABLE_TELEMETRY ??= '1';
}

/** Entry point of the `rtbench` binary: wires the process to main() and exits with its code. */
export async function runCli(): Promise<void> {
  quietNativeLibraries(process.env);
  const controller = new AbortController();
  const stdout = outliveReader(process.stdout);
  const stderr = outliveReader(process.stderr);
  const stopped: { by: NodeJS.Signals | null } = { by: null };
  // SIGTERM (CI cancellation, `docker stop`) stops a run as Ctrl-C does; a second signal quits at once.
  const stop = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
    if (stopped.by !== null) process.exit(code);
    stopped.by = signal;
    stderr.write(`\nrtbench: ${signal === 'SIGTERM' ? 'terminated (SIGTERM)' : 'interrupted'}; finishing the sessions in flight and writing partial results (${signal === 'SIGTERM' ? 'a second SIGTERM or Ctrl-C' : 'Ctrl-C again'} to quit now)\n`);
    controller.abort(new Error(signal === 'SIGTERM' ? 'terminated' : 'interrupted'));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await main(process.argv.slice(2), {
    stdout,
    stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    isTTY: process.stdout.isTTY,
  });
  process.exitCode = code === ExitCode.Interrupted && stopped.by === 'SIGTERM' ? ExitCode.Terminated : code;
}
