import yargs, { type Argv } from 'yargs';
import { ExitCode, HarnessError, type ExitCodeValue } from '../errors.js';
import { setFfmpegPath } from '../pipeline/decode.js';
import { benchCommand, declareBenchOptions } from './commands/bench.js';
import { compareCommand, declareCompareOptions } from './commands/compare.js';
import { corpusCommand, declareCorpusOptions } from './commands/corpus.js';
import { declareImport, importCommand } from './commands/import.js';
import { declareReplay, replayCommand } from './commands/replay.js';
import { declareReportOptions, reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { declareServeOptions, serveCommand } from './commands/serve.js';
import { declareTune, tuneCommand } from './commands/tune.js';
import { declareWerOptions, werCommand } from './commands/wer.js';
import { declareCiOutputs } from './output-files.js';
import type { CliIo } from './io.js';
import { declareRunOptions } from './run-options.js';
import { VERSION } from './version.js';

class UsageError extends Error {}

function parser(): Argv {
  return yargs()
    .scriptName('rtbench')
    .usage('$0 <command> [options]\n\nBenchmark and regression harness for realtime speech APIs (OpenAI Realtime protocol).')
    .command('run', 'run the matrix over a corpus and write results/<run-id>/', (y) => declareCiOutputs(declareRunOptions(y)), () => undefined)
    .command('tune', 'search the VAD settings for an objective and write the recommendation (config file, --fail-on gate, report)', (y) => declareTune(y), () => undefined)
    .command('report <dirs..>', '(re)write CSV/JSON/HTML from stored sessions; several folders = merge (shards)', (y) => declareReportOptions(y), () => undefined)
    .command('compare <baseline> <candidate>', 'per-config changes with confidence intervals; exit 3 when a check fails', (y) => declareCompareOptions(y), () => undefined)
    .command('import <events>', 'turn a log of realtime events captured by another tool into a cassette', (y) => declareImport(y), () => undefined)
    .command('replay <sources..>', 'run recorded sessions again offline (no network, virtual clock) and write a results folder', (y) => declareReplay(y), () => undefined)
    .command('bench [sections..]', "rtbench's own performance next to the alternatives (pacing, client cost, capacity, replay, decode, scoring, emulator)", (y) => declareBenchOptions(y), () => undefined)
    .command('wer <ref> <hyp>', 'WER and CER of two files with one utterance per line', (y) => declareWerOptions(y), () => undefined)
    .command('corpus <action> <dir>', 'corpus check <dir>: validate a manifest and decode every file; report problems and durations', (y) => declareCorpusOptions(y), () => undefined)
    .command('serve', 'the emulator as a standalone server (until Ctrl-C)', (y) => declareServeOptions(y), () => undefined)
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
    if (command === 'tune') return await tuneCommand(parsed, io);
    if (command === 'corpus') return await corpusCommand(parsed, io);
    if (command === 'serve') return await serveCommand(parsed, io);
    if (command === 'bench') return await benchCommand(parsed, io);
    if (command === 'report') return await reportCommand(parsed, io);
    if (command === 'compare') return await compareCommand(parsed, io);
    if (command === 'replay') return await replayCommand(parsed, io);
    if (command === 'import') return importCommand(parsed, io);
    if (command === 'wer') return werCommand(parsed, io);
    throw new UsageError(`unknown command ${command}`);
  } catch (error) {
    return printError(io, error);
  }
}
