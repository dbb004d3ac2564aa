import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import { makeRunId, summarize } from '../bench/runner.js';
import { cassettePath } from '../bench/unit.js';
import { compareResults, RESULTS_SCHEMA_VERSION, type RunMeta, type RunResult } from '../bench/run-result.js';
import { normalizersForLanguages } from '../metrics/normalize.js';
import { STATISTICS_METHOD } from '../metrics/stats.js';
import { PRICES_AS_OF } from '../metrics/prices.js';
import { scoreSession } from '../metrics/score-session.js';
import { createCassetteWriter } from '../pipeline/cassette.js';
import type { SessionRecord } from '../pipeline/record.js';
import { writeResults } from '../reporters/results-dir.js';
import type { LoadedCassette } from './cassette-files.js';
import { replaySession } from './replay-session.js';

/** What a replay writes and checks. */
export interface ReplayOptions {
  /** Results folder; the replay writes `<out>/<run-id>/`. */
  readonly out: string;
  readonly runId: string | null;
  readonly failOn: readonly string[];
  readonly seed: number;
  /** Collar of the detection error rate. */
  readonly collarMs: number;
  /** The original run's run.json, when replaying a run folder: its options and corpus carry over. */
  readonly original: Readonly<Record<string, unknown>> | null;
}

/** The outside world a replay needs. */
export interface ReplayDeps {
  /** Only for wall-clock stamps and timing the replay itself. */
  readonly clock: Clock;
  readonly harnessVersion: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** A finished replay. */
export interface ReplayRun {
  readonly run: RunResult;
  readonly runDir: string;
  readonly divergences: readonly { path: string; message: string }[];
  /** Audio the replayed sessions sent, and the time the replay took: its speed. */
  readonly audioMs: number;
  readonly elapsedMs: number;
}

function writeCassette(runDir: string, runId: string, record: SessionRecord): void {
  const meta = { ...record.meta, run_id: runId };
  const writer = createCassetteWriter(cassettePath(runDir, { config: { configId: meta.config.config_id }, itemId: meta.item.id, repeat: meta.repeat }), meta);
  for (const frame of record.events) writer.write(frame);
  writer.close();
}

/**
 * Replays cassettes through the session code on virtual clocks and writes a full results
 * folder: sessions, items.csv, turns.csv, summary.csv, summary.json, run.json, report.html.
 */
export async function replayRun(cassettes: readonly LoadedCassette[], options: ReplayOptions, deps: ReplayDeps): Promise<ReplayRun> {
  const started = deps.clock.now();
  const runId = options.runId ?? makeRunId(deps.clock.wallIso(), Math.random);
  const runDir = join(options.out, runId);
  mkdirSync(runDir, { recursive: true });
  const divergences: { path: string; message: string }[] = [];
  const items = [];
  let audioMs = 0;
  for (const { path, record } of cassettes) {
    const replayed = await replaySession(record);
    if (replayed.divergence !== null) divergences.push({ path, message: replayed.divergence });
    const rerun = { ...replayed.record, meta: { ...replayed.record.meta, run_id: runId } };
    writeCassette(runDir, runId, rerun);
    const item = scoreSession(rerun, { collarMs: options.collarMs });
    audioMs += item.audioMs;
    items.push(item);
  }
  const sorted = items.sort(compareResults);
  const first = cassettes[0]?.record.meta;
  const meta: RunMeta = {
    schemaVersion: RESULTS_SCHEMA_VERSION, runId, harnessVersion: deps.harnessVersion, startedAt: deps.clock.wallIso(), endedAt: deps.clock.wallIso(),
    target: first?.target ?? 'replay', emulated: sorted.some((i) => i.emulated),
    options: { ...((options.original?.options as Record<string, unknown> | undefined) ?? {}), replayOf: cassettes.map((c) => c.path), collarMs: options.collarMs },
    corpus: (options.original?.corpus as RunMeta['corpus'] | undefined) ?? { dir: '', digest: '', items: new Set(sorted.map((i) => i.itemId)).size },
    normalizer: normalizersForLanguages(cassettes.map((c) => c.record.meta.item.language)), statistics: STATISTICS_METHOD, pricesAsOf: PRICES_AS_OF, versions: deps.versions, plannedSessions: cassettes.length, interrupted: false,
  };
  const run: RunResult = { meta, items: sorted, ...summarize(sorted, options.failOn, options.seed) };
  writeResults(run, runDir);
  return { run, runDir, divergences, audioMs, elapsedMs: deps.clock.now() - started };
}
