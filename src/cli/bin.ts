import { main } from './main.js';

/** Entry point of the `rtbench` binary: wires the process to main() and exits with its code. */
export async function runCli(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nrtbench: interrupted; finishing the sessions in flight and writing partial results (Ctrl-C again to quit now)\n');
    controller.abort(new Error('interrupted'));
  });
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    isTTY: process.stdout.isTTY,
  });
  process.exitCode = code;
}
