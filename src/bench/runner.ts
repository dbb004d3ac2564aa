import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { ResolvedOptions } from '../config/options.js';
import { expandMatrix } from '../config/matrix.js';
import { evaluateThresholds, parseThresholds } from '../config/thresholds.js';
import { selectShard } from '../config/shard.js';
import type { RunConfig } from '../config/types.js';
import { ConfigError, describeFileSystemError, fileSystemErrorCode, OutputError, TransportError } from '../errors.js';
import { FAULT_HEADER, parseFaultHeader } from '../emulator/fault-spec.js';
import { loadCorpus, type Corpus, type CorpusItem, type ManifestProblem } from '../corpus/manifest.js';
import type { ItemResult } from '../metrics/item-result.js';
import { normalizersForLanguages } from '../metrics/normalize.js';
import { STATISTICS_METHOD } from '../metrics/stats.js';
import { PRICES_AS_OF } from '../metrics/prices.js';
import { summarizeConfig } from '../metrics/summary.js';
import type { Awaitable, Reporter } from '../reporters/reporter.js';
import { openEndpoint, type VadEngineLoader } from './endpoint.js';
import { runPool } from './pool.js';
import { createSessionLimiter } from './rate-limiter.js';
import { compareResults, groupResults, RESULTS_SCHEMA_VERSION, type RunMeta, type RunResult } from './run-result.js';
import { checkSameCorpus, finishedUnits } from './resume.js';
import { runUnit, type UnitContext, type WorkUnit } from './unit.js';
import type { Transport } from '../pipeline/transport/transport.js';

/** What a run needs from outside. */
export interface RunnerDeps {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly reporters: readonly Reporter[];
  readonly harnessVersion: string;
  /** Versions printed in run.json (node, ffmpeg, …). */
  readonly versions: Readonly<Record<string, string>>;
  readonly loadVad?: VadEngineLoader;
  readonly createTransport?: (url: string, headers: Record<string, string>) => Transport;
  /** The stored run.json of the run folder to finish (`--resume`): its finished sessions are kept. */
  readonly resume?: RunMeta;
  /** The configs to run instead of the matrix of the options (`rtbench tune` runs each round's settings). */
  readonly configs?: readonly RunConfig[];
}

/** A run id from the start time: `YYYYMMDD-HHMMSS-xxxx`. */
export function makeRunId(wallIso: string, rng: () => number): string {
  const stamp = wallIso.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.floor(rng() * 0x10000).toString(16).padStart(4, '0')}`;
}

/** The corpus items a run takes (`--items` in their order, then `--limit`), unreadable manifest lines included. */
export function selectItems(corpus: Corpus, options: ResolvedOptions): (CorpusItem | ManifestProblem)[] {
  let items: (CorpusItem | ManifestProblem)[] = [...corpus.items, ...corpus.problems];
  if (options.items.length > 0) {
    const known = new Set(items.map((i) => i.id));
    const unknown = options.items.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ConfigError([`--items: no item with id ${unknown.join(', ')} in ${corpus.manifestPath}`], { hint: 'Use ids from the manifest (rtbench corpus check lists them).' });
    items = options.items.map((id) => items.find((i) => i.id === id) as CorpusItem | ManifestProblem);
  }
  return options.limit === null ? items : items.slice(0, options.limit);
}

/** Every config for an item before the next item, every item before the next repeat: a cut-short run stays balanced. */
export function workList(configs: readonly RunConfig[], items: readonly (CorpusItem | ManifestProblem)[], repeat: number): WorkUnit[] {
  const units: WorkUnit[] = [];
  for (let r = 1; r <= repeat; r++) for (const item of items) for (const config of configs) units.push({ config, item, repeat: r });
  return units;
}

/** Options as written to run.json: the API key replaced by whether there was one. */
export function publicOptions(options: ResolvedOptions): Record<string, unknown> {
  const { apiKey, headers, ...rest } = options;
  return { ...rest, headers: Object.keys(headers), apiKeyProvided: apiKey !== null };
}

/** Summaries per config (in first-seen order) and threshold results, from item results. */
export function summarize(items: readonly ItemResult[], failOn: readonly string[], seed: number): Pick<RunResult, 'summary' | 'thresholds'> {
  const byConfig = groupResults([...items].sort(compareResults), (i) => i.config.config_id);
  const summary = [...byConfig.values()].map((list) => summarizeConfig(list[0]?.config ?? (undefined as never), list, seed));
  return { summary, thresholds: evaluateThresholds(parseThresholds(failOn), summary) };
}

/** Refuses an `x-rtbench-fault` header the emulator could not read before any session starts (it would refuse every session). */
function checkFaultHeader(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== FAULT_HEADER) continue;
    try {
      parseFaultHeader(value);
    } catch (error) {
      throw new ConfigError([`--header ${name}: ${error instanceof Error ? error.message : String(error)}`], { hint: 'See "Faults on demand" in the README for the syntax.' });
    }
  }
}

/**
 * The run's own files could not be written (a full disk): what was written is kept, and the
 * folder can be finished with --resume once there is room.
 */
function writeFailure(runDir: string, error: unknown, finished: number, planned: number): OutputError {
  const path = (error as { path?: string }).path;
  return new OutputError(`cannot write the results in ${runDir}: ${describeFileSystemError(error)}${path === undefined ? '' : ` (writing ${path})`}; the run stopped after ${finished} of ${planned} session(s), and what was written is kept`, {
    hint: `Free some space (or give another --out), then finish the run with \`rtbench run --resume ${runDir}\`.`,
    cause: error,
  });
}

/** Calls one hook of every reporter; a write failure is handed to `onWriteError` (the other reporters still run), anything else is thrown. */
async function notifyAll(reporters: readonly Reporter[], call: (reporter: Reporter) => Awaitable<void> | undefined, onWriteError: (error: unknown) => void): Promise<void> {
  for (const reporter of reporters) {
    try {
      await call(reporter);
    } catch (error) {
      if (fileSystemErrorCode(error) === null) throw error;
      onWriteError(error);
    }
  }
}

/** The run's header, as run.json and the reporters see it. */
function runMeta(options: ResolvedOptions, deps: RunnerDeps, plan: { runId: string; corpus: Corpus; items: readonly (CorpusItem | ManifestProblem)[]; planned: number; total: number; kept: number; label: string }): RunMeta {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION, runId: plan.runId, harnessVersion: deps.harnessVersion, startedAt: deps.resume?.startedAt ?? deps.clock.wallIso(), endedAt: null,
    target: plan.label, emulated: options.target.kind === 'local', options: publicOptions(options),
    corpus: { dir: plan.corpus.dir, digest: plan.corpus.digest, items: plan.items.length }, normalizer: normalizersForLanguages(plan.items.map((i) => ('language' in i ? i.language : null))), statistics: STATISTICS_METHOD, pricesAsOf: PRICES_AS_OF,
    versions: deps.versions, plannedSessions: plan.planned, interrupted: false,
    shard: options.shard === null ? null : { ...options.shard, totalSessions: plan.total },
    ...(deps.resume ? { resumes: [...(deps.resume.resumes ?? []), { at: deps.clock.wallIso(), kept: plan.kept }] } : {}),
  };
}

/**
 * Runs the matrix over the corpus and returns the scored run; reporters see it as it goes. A
 * session that shows no other can succeed stops new sessions (exit 4); so does a full disk,
 * which ends the run with an {@link OutputError} once what can be written is.
 */
export async function runBenchmark(options: ResolvedOptions, deps: RunnerDeps): Promise<RunResult> {
  parseThresholds(options.failOn);
  checkFaultHeader(options.headers);
  const corpus = loadCorpus(options.corpus);
  const items = selectItems(corpus, options);
  const allUnits = workList(deps.configs ?? expandMatrix(options), items, options.repeat);
  const units = selectShard(allUnits, options.shard);
  const runId = options.runId ?? makeRunId(deps.clock.wallIso(), Math.random);
  const runDir = join(options.out, runId);
  if (deps.resume) checkSameCorpus(deps.resume, corpus.digest, runDir);
  mkdirSync(runDir, { recursive: true });
  const kept = deps.resume ? finishedUnits(runDir, units, options.collarMs) : new Map<WorkUnit, ItemResult>();
  const endpoint = await openEndpoint(options, deps.loadVad);
  const meta = runMeta(options, deps, { runId, corpus, items, planned: units.length, total: allUnits.length, kept: kept.size, label: endpoint.label });
  // A session that shows no other can succeed (close 3000/4000, a refused mint), or a full disk, stops new sessions.
  const stop = new AbortController();
  const failure: { fatal: TransportError | null; output: { error: unknown } | null } = { fatal: null, output: null };
  const onWriteError = (error: unknown): void => {
    failure.output ??= { error };
    stop.abort(error);
  };
  const done: ItemResult[] = [...kept.values()];
  try {
    await notifyAll(deps.reporters, (r) => r.onRunStart?.(meta, runDir), onWriteError);
    if (deps.resume && failure.output === null) await notifyAll(deps.reporters, (r) => r.onKept?.([...kept.values()]), onWriteError);
    const onFatal = (error: TransportError): void => {
      failure.fatal ??= error;
      stop.abort(error);
    };
    const ctx: UnitContext = { runId, runDir, options, endpoint, clock: deps.clock, signal: deps.signal, harnessVersion: deps.harnessVersion, createTransport: deps.createTransport, onFatal, onWriteError, limiter: createSessionLimiter({ clock: deps.clock, sessionsPerSecond: options.sessionRate, lowRemaining: options.concurrency }) };
    // Every session in flight listens to the run's signal in a few places.
    setMaxListeners(Math.max(10, options.concurrency * 8), deps.signal);
    if (failure.output === null) {
      await runPool(units.filter((u) => !kept.has(u)), options.concurrency, async (unit) => {
        try {
          const result = await runUnit(ctx, unit);
          done.push(result);
          await notifyAll(deps.reporters, (r) => r.onResult?.(result, done.length, units.length), onWriteError);
          return result;
        } catch (error) {
          if (fileSystemErrorCode(error) === null) throw error;
          onWriteError(error);
          return undefined;
        }
      }, AbortSignal.any([deps.signal, stop.signal]));
    }
  } finally {
    await endpoint.close();
  }
  const sorted = [...done].sort(compareResults);
  const run: RunResult = {
    meta: { ...meta, endedAt: deps.clock.wallIso(), emulated: meta.emulated || sorted.some((r) => r.emulated), interrupted: deps.signal.aborted },
    items: sorted,
    ...summarize(sorted, options.failOn, options.seed),
  };
  await notifyAll(deps.reporters, (r) => r.onRunEnd(run, runDir), onWriteError);
  if (failure.output) throw writeFailure(runDir, failure.output.error, sorted.length, units.length);
  if (failure.fatal) throw failure.fatal;
  const unreachable = deps.signal.aborted ? null : noSessionConnected(sorted, endpoint.label);
  if (unreachable) throw unreachable;
  return run;
}

/**
 * A run in which every session that tried to connect failed to (after its retries): the target
 * cannot be reached, and the run ends with exit 4 after writing its rows, whatever they say.
 */
export function noSessionConnected(items: readonly ItemResult[], target: string): TransportError | null {
  const tried = items.filter((i) => i.state !== 'aborted' && i.stage !== 'manifest' && i.stage !== 'decode');
  if (tried.length === 0 || tried.some((i) => i.latencies.connect_ms !== null)) return null;
  const first = tried.find((i) => i.error !== null)?.error ?? 'no socket opened';
  return new TransportError(`no session could connect to ${target} (${tried.length} tried): ${first}`, { hint: 'Check --target and that the server is running; the rows in items.csv say what each session saw.' });
}
