import { resolve } from 'node:path';
import { runBenchmark as runResolved } from './bench/runner.js';
import type { RunResult } from './bench/run-result.js';
import { storedCollarMs } from './bench/merge.js';
import { BUNDLED_CORPUS, VERSION } from './cli/version.js';
import { realClock } from './clock.js';
import { resolveOptions, type RunOptions } from './config/options.js';
import { parseConditions } from './config/objective.js';
import { compares, expressionValue, parseThresholds } from './config/thresholds.js';
import { startEmulator, type EmulatorOptions } from './emulator/server.js';
import type { ItemResult } from './metrics/item-result.js';
import { getFfmpegPath } from './pipeline/decode.js';
import type { Reporter } from './reporters/reporter.js';
import { createResultsDirReporter } from './reporters/results-dir.js';
import { findCassettes, loadCassettes, readRunJson } from './replay/cassette-files.js';
import { replayRun } from './replay/replay-run.js';
import type { ReplayTiming } from './replay/replay-schedule.js';
import { startReplayServer } from './replay/replay-server.js';

/** Options of {@link runBenchmark}: those of `rtbench run`, and what a program passes instead of a command line. */
export interface BenchmarkOptions extends RunOptions {
  /** Folder that relative paths (`corpus`, `out`) are taken from. @default the working folder of the process */
  readonly cwd?: string;
  /**
   * Where `OPENAI_API_KEY` is read for remote targets. Nothing is read from the process unless
   * passed here (`env: process.env`). @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Aborting it ends the sessions in flight; the result then says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called after each session with its scores. */
  readonly onResult?: (result: ItemResult, done: number, total: number) => void;
  /** More reporters (the results folder is always written). @default [] */
  readonly reporters?: readonly Reporter[];
}

/** A finished run: its scores, where its folder is, and whether every `failOn` threshold passed. */
export interface BenchmarkResult extends RunResult {
  /** `<out>/<run-id>`: cassettes, items.csv, turns.csv, summary.csv, summary.json, report.html. */
  readonly runDir: string;
  /** No threshold of `failOn` failed. */
  readonly passed: boolean;
}

/** Versions for run.json (the CLI adds Node's: only the CLI reads the process). */
const versions = (): Record<string, string> => ({ rtbench: VERSION, ffmpeg: getFfmpegPath() });

/**
 * Runs the matrix over a corpus, as `rtbench run` does, and returns the scored run. Options are
 * checked first; bad ones throw one ConfigError naming each (`error.problems`).
 *
 * @example
 * const run = await runBenchmark({ speed: 'max', silenceDurationMs: [300, 500], out: tmp });
 * run.summary.map((s) => [s.config.config_id, s.turnSplitRate]);
 */
export async function runBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkResult> {
  const { cwd = resolve('.'), env = {}, signal, onResult, reporters = [], ...runOptions } = options;
  const resolved = resolveOptions(runOptions, { cwd, env, bundledCorpus: BUNDLED_CORPUS });
  let runDir = '';
  const own: Reporter = {
    name: 'library',
    onRunStart: (_meta, dir) => {
      runDir = dir;
    },
    onResult: (result, done, total) => onResult?.(result, done, total),
    onRunEnd: () => undefined,
  };
  const run = await runResolved(resolved, {
    clock: realClock,
    signal: signal ?? new AbortController().signal,
    reporters: [createResultsDirReporter(), own, ...reporters],
    harnessVersion: VERSION,
    versions: versions(),
  });
  return { ...run, runDir, passed: !run.thresholds.some((t) => t.failed) };
}

/** Options of {@link replay}. */
export interface ReplaySourcesOptions {
  /** @default the working folder of the process */
  readonly cwd?: string;
  /** The replay writes `<out>/<run-id>/`. @default 'results' */
  readonly out?: string;
  /** @default from the start time */
  readonly runId?: string;
  /** Thresholds, as for {@link runBenchmark}. @default [] */
  readonly failOn?: readonly string[];
  /** Seed of the bootstrap. @default 1 */
  readonly seed?: number;
  /** Collar of the detection error rate. @default the original run's, else 0 */
  readonly collarMs?: number;
}

/** A finished replay: the same scores as the recording, where they differ a divergence. */
export interface ReplayResult extends BenchmarkResult {
  /** Cassettes where the session code no longer did what it did then, and how. */
  readonly divergences: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Runs recorded sessions again offline, as `rtbench replay` does: no network, virtual clocks,
 * the same scores. `sources` are run folders, folders of cassettes, or cassette files.
 */
export async function replay(sources: string | readonly string[], options: ReplaySourcesOptions = {}): Promise<ReplayResult> {
  const cwd = options.cwd ?? resolve('.');
  const list = typeof sources === 'string' ? [sources] : [...sources];
  const failOn = parseThresholds([...(options.failOn ?? [])]).map((t) => t.expression);
  const cassettes = loadCassettes(findCassettes(list, cwd));
  const original = list.length === 1 && list[0] !== undefined ? readRunJson(list[0], cwd) : null;
  const collarMs = options.collarMs ?? storedCollarMs(original?.options as Record<string, unknown> | undefined);
  const result = await replayRun(
    cassettes,
    { out: resolve(cwd, options.out ?? 'results'), runId: options.runId ?? null, failOn, seed: options.seed ?? 1, original, collarMs },
    { clock: realClock, harnessVersion: VERSION, versions: versions() },
  );
  return { ...result.run, runDir: result.runDir, divergences: result.divergences, passed: !result.run.thresholds.some((t) => t.failed) };
}

/** Options of {@link startRealtimeServer}. */
export interface RealtimeServerOptions {
  /** Recorded sessions to answer with: a run folder, a folder of cassettes, or cassette files. None: the emulator. */
  readonly cassettes?: string | readonly string[];
  /** Folder that relative cassette paths are taken from. @default the working folder of the process */
  readonly cwd?: string;
  /** Options of the emulator, when there are no cassettes. @default Silero VAD, seed 1 */
  readonly emulator?: EmulatorOptions;
  /** How recorded events are timed: by the audio your client has sent, or by their recorded offsets. @default 'audio' */
  readonly timing?: ReplayTiming;
  /** Replay speed factor. @default 1 */
  readonly speed?: number;
}

/** A local realtime server for a client under test. */
export interface RealtimeServer {
  /** `emulator`, or `replay` of recorded sessions (connection n gets session n modulo their number). */
  readonly kind: 'emulator' | 'replay';
  /** `ws://127.0.0.1:<port>/v1/realtime` */
  readonly url: string;
  /** The emulator's REST base (`POST /realtime/client_secrets`); null for a replay. */
  readonly restUrl: string | null;
  close(): Promise<void>;
}

/** Starts the emulator, or a replay server of recorded sessions, on loopback at a free port. */
export async function startRealtimeServer(options: RealtimeServerOptions = {}): Promise<RealtimeServer> {
  if (options.cassettes === undefined) {
    const emulator = await startEmulator(options.emulator ?? {});
    return { kind: 'emulator', url: emulator.url, restUrl: emulator.restUrl, close: () => emulator.close() };
  }
  const list = typeof options.cassettes === 'string' ? [options.cassettes] : [...options.cassettes];
  const records = loadCassettes(findCassettes(list, options.cwd ?? resolve('.'))).map((c) => c.record);
  const server = await startReplayServer({ records, timing: options.timing ?? 'audio', speed: options.speed ?? 1 });
  return { kind: 'replay', url: server.url, restUrl: null, close: () => server.close() };
}

/** One condition that a config of a run does not meet. */
export interface UnmetCondition {
  readonly expression: string;
  readonly configId: string;
  /** The left side's value; null when the run has none (no transcripts, no turns). */
  readonly actual: number | null;
}

/**
 * Checks conditions (`wer<0.1`, `stopped_to_transcript_ms.p95 < 1200`, `turn_split_rate +
 * false_starts_per_hour/100 <= 0.2`; comma-separated or a list) on every config of a run, the
 * way `--objective`'s constraints are checked: a condition without a value is not met. Returns
 * the ones that are not met (none: the run meets them all).
 */
export function checkConditions(run: Pick<RunResult, 'summary'>, conditions: string | readonly string[]): UnmetCondition[] {
  const parsed = parseConditions(typeof conditions === 'string' ? [conditions] : conditions, 'condition');
  return parsed.flatMap((c) =>
    run.summary.flatMap((s) => {
      const actual = expressionValue(s, c.expr);
      return actual !== null && compares(actual, c.op, c.value) ? [] : [{ expression: c.expression, configId: s.config.config_id, actual }];
    }),
  );
}
