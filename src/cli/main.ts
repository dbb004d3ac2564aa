import yargs, { type Argv } from 'yargs';
import { describeFileSystemError, ExitCode, fileSystemErrorCode, HarnessError, type ExitCodeValue } from '../errors.js';
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
import { optionKinds, prepareArgv } from './argv.js';
import { reportInternalError } from './internal-error.js';
import { declareCiOutputs } from './output-files.js';
import type { CliIo } from './io.js';
import { declareRunOptions, type DeclaredOptions } from './run-options.js';
import { sanitizingSink } from './terminal-text.js';
import { VERSION } from './version.js';
import { useColor } from './commands/run.js';

class UsageError extends Error {}

/** One command: its yargs usage, description and options, and what runs it. */
interface CommandSpec {
  readonly usage: string;
  readonly describe: string;
  readonly declare: (y: Argv) => Argv;
  readonly run: (argv: Record<string, unknown>, io: CliIo) => Promise<ExitCodeValue> | ExitCodeValue;
}

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  run: { usage: 'run', describe: 'run the matrix over a corpus and write results/<run-id>/', declare: (y) => declareCiOutputs(declareRunOptions(y)), run: runCommand },
  tune: { usage: 'tune', describe: 'search the VAD settings for an objective and write the recommendation (config file, --fail-on gate, report)', declare: declareTune, run: tuneCommand },
  report: { usage: 'report <dirs..>', describe: '(re)write CSV/JSON/HTML from stored sessions; several folders = merge (shards)', declare: declareReportOptions, run: reportCommand },
  compare: { usage: 'compare <baseline> <candidate>', describe: 'per-config changes with confidence intervals; exit 3 when a check fails', declare: declareCompareOptions, run: compareCommand },
  import: { usage: 'import <events>', describe: 'turn a log of realtime events captured by another tool into a cassette', declare: declareImport, run: importCommand },
  replay: { usage: 'replay <sources..>', describe: 'run recorded sessions again offline (no network, virtual clock) and write a results folder', declare: declareReplay, run: replayCommand },
  bench: { usage: 'bench [sections..]', describe: "rtbench's own performance next to the alternatives (pacing, client cost, capacity, replay, decode, scoring, emulator)", declare: declareBenchOptions, run: benchCommand },
  wer: { usage: 'wer <ref> <hyp>', describe: 'WER and CER of two files with one utterance per line', declare: declareWerOptions, run: werCommand },
  corpus: { usage: 'corpus <action> <dir>', describe: 'corpus check <dir>: validate a manifest and decode every file; report problems and durations', declare: declareCorpusOptions, run: corpusCommand },
  serve: { usage: 'serve', describe: 'the emulator as a standalone server (until Ctrl-C)', declare: declareServeOptions, run: serveCommand },
};

function parser(): Argv {
  let y = yargs()
    .scriptName('rtbench')
    .usage('$0 <command> [options]\n\nBenchmark and regression harness for realtime speech APIs (OpenAI Realtime protocol).');
  for (const spec of Object.values(COMMANDS)) y = y.command(spec.usage, spec.describe, (c) => spec.declare(c), () => undefined);
  return y
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

function printError(io: CliIo, argv: readonly string[], error: unknown): ExitCodeValue {
  if (error instanceof UsageError) {
    io.stderr.write(`rtbench: ${error.message}\nRun \`rtbench --help\` for commands and \`rtbench <command> --help\` for options.\n`);
    return ExitCode.Usage;
  }
  if (error instanceof HarnessError) {
    io.stderr.write(`rtbench: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  if (fileSystemErrorCode(error) !== null) {
    // A file the command had to write or read failed (a full disk, say): the environment's problem, not a bug.
    const path = (error as { path?: string }).path;
    io.stderr.write(`rtbench: cannot ${(error as { syscall?: string }).syscall ?? 'use'} ${path ?? 'a file'}: ${describeFileSystemError(error)}\n`);
    return ExitCode.Usage;
  }
  reportInternalError(io.stderr, error, argv);
  return ExitCode.Internal;
}

/** Output the user's terminal can show safely: ids and messages cannot carry escape sequences to it. */
function terminalSafe(io: CliIo): CliIo {
  const policy = { styles: useColor(io), clearLine: io.isTTY === true };
  return { ...io, stdout: sanitizingSink(io.stdout, policy), stderr: sanitizingSink(io.stderr, policy) };
}

type OptionLists = ReturnType<DeclaredOptions['getOptions']>;

/** The options the command of `argv` declares (its positionals left out), or null for no known command. */
function declaredOptions(argv: readonly string[]): OptionLists | null {
  const spec = COMMANDS[argv.find((a) => !a.startsWith('-')) ?? ''];
  if (spec === undefined) return null;
  const positionals = new Set([...spec.usage.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]));
  const options = (spec.declare(yargs()) as unknown as DeclaredOptions).getOptions();
  const keep = (names: readonly string[]): string[] => names.filter((n) => !positionals.has(n));
  return { string: keep(options.string), number: keep(options.number), boolean: options.boolean, array: options.array };
}

/**
 * An option that takes one value, given more than once, keeps the last (`rtbench run $COMMON
 * --speed max`), as getopt-style tools do; yargs would make a list of them.
 */
function lastOfRepeated(parsed: Record<string, unknown>, options: OptionLists | null): Record<string, unknown> {
  if (options === null) return parsed;
  const lists = new Set(options.array);
  const single = [...options.string, ...options.number].filter((name) => !lists.has(name));
  const names = new Set(single.flatMap((n) => [n, n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]));
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, names.has(key) && Array.isArray(value) ? value.at(-1) : value]));
}

/** The whole command line: parses argv, runs the command, returns the exit code. Touches only `io`. */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = terminalSafe(rawIo);
  if (io.env.FFMPEG_PATH) setFfmpegPath(io.env.FFMPEG_PATH);
  let output = '';
  let parsed: Record<string, unknown>;
  try {
    const options = declaredOptions(argv);
    const words = options === null ? { argv: [...argv], problems: [] } : prepareArgv(argv, optionKinds(options));
    if (words.problems.length > 0) throw new UsageError(words.problems.length === 1 ? (words.problems[0] ?? '') : `${words.problems.length} problems:\n  - ${words.problems.join('\n  - ')}`);
    const raw = await parser().parseAsync(words.argv, {}, (_error: unknown, _argv: unknown, text: string) => {
      output = text;
    });
    parsed = lastOfRepeated(raw, options);
  } catch (error) {
    return printError(io, argv, error);
  }
  if (parsed.help === true || parsed.version === true) {
    io.stdout.write(`${output}\n`);
    return ExitCode.Ok;
  }
  const command = String((parsed._ as unknown[])[0]);
  try {
    const spec = COMMANDS[command];
    if (spec === undefined) throw new UsageError(`unknown command ${command}`);
    return await spec.run(parsed, io);
  } catch (error) {
    return printError(io, argv, error);
  }
}
