import yargs, { type Argv } from 'yargs';
import { ExitCode, HarnessError, type ExitCodeValue } from '../errors.js';
import { setFfmpegPath } from '../pipeline/decode.js';
import { benchCommand, declareBenchOptions } from './commands/bench.js';
import { runCommand } from './commands/run.js';
import { declareServeOptions, serveCommand } from './commands/serve.js';
import type { CliIo } from './io.js';
import { declareRunOptions } from './run-options.js';
import { VERSION } from './version.js';

class UsageError extends Error {}

function parser(): Argv {
  return yargs()
    .scriptName('rtbench')
    .usage('$0 <command> [options]\n\nBenchmark and regression harness for realtime speech APIs (OpenAI Realtime protocol).')
    .command('run', 'run the matrix over a corpus and write results/<run-id>/', (y) => declareRunOptions(y), () => undefined)
    .command('serve', 'the emulator as a standalone server (until Ctrl-C)', (y) => declareServeOptions(y), () => undefined)
    .command('bench <what>', "rtbench's own performance benchmarks (emulator: concurrent real-time sessions)", (y) => declareBenchOptions(y), () => undefined)
    .demandCommand(1, 'Give a command, e.g. `rtbench run`.')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .help()
    .version(VERSION)
    .wrap(110)
    .fail((message: string | undefined, error: Error | undefined) => {
      throw new UsageError(error?.message ?? message ?? 'invalid command line');
    });
}

function printError(io: CliIo, error: unknown): ExitCodeValue {
  if (error instanceof UsageError) {
    io.stderr.write(`rtbench: ${error.message}\nRun \`rtbench --help\` for commands and \`rtbench <command> --help\` for options.\n`);
    return ExitCode.Usage;
  }
  if (error instanceof HarnessError) {
    io.stderr.write(`rtbench: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  io.stderr.write(`rtbench: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.Internal;
}

/** The whole command line: parses argv, runs the command, returns the exit code. Touches only `io`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  if (io.env.FFMPEG_PATH) setFfmpegPath(io.env.FFMPEG_PATH);
  let output = '';
  let parsed: Record<string, unknown>;
  try {
    parsed = await parser().parseAsync([...argv], {}, (_error: unknown, _argv: unknown, text: string) => {
      output = text;
    });
  } catch (error) {
    return printError(io, error);
  }
  if (parsed.help === true || parsed.version === true) {
    io.stdout.write(`${output}\n`);
    return ExitCode.Ok;
  }
  const command = String((parsed._ as unknown[])[0]);
  try {
    if (command === 'run') return await runCommand(parsed, io);
    if (command === 'serve') return await serveCommand(parsed, io);
    if (command === 'bench') return await benchCommand(parsed, io);
    throw new UsageError(`unknown command ${command}`);
  } catch (error) {
    return printError(io, error);
  }
}
