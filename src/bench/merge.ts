import type { ItemResult } from '../metrics/item-result.js';
import { normalizersForLanguages } from '../metrics/normalize.js';
import { STATISTICS_METHOD } from '../metrics/stats.js';
import { scoreSession } from '../metrics/score-session.js';
import type { StoredRun } from './run-dir.js';
import { compareResults, type RunMeta, type RunSource } from './run-result.js';

/** A session taken into the merged run, and where its cassette lives. */
export interface MergedSession {
  readonly dir: string;
  /** Relative to `dir`. */
  readonly path: string;
}

/** Several run folders (shards, or runs to show side by side) scored again as one run. */
export interface MergedRun {
  readonly meta: RunMeta;
  readonly items: readonly ItemResult[];
  readonly sessions: readonly MergedSession[];
  /** Missing shards, duplicate sessions, runs that differ: reported, never silently dropped. */
  readonly problems: readonly string[];
}

/** What the merged run is called and when it was scored. */
export interface MergeOptions {
  readonly runId: string;
  /** Wall-clock time of the re-scoring (ISO). */
  readonly nowIso: string;
  /** Collar of the detection error rate. @default the first run's, else 0 */
  readonly collarMs?: number;
}

/** Options that make two runs measure different things; shards of one run agree on all of them. */
const MATRIX_KEYS = ['model', 'transcribeModel', 'protocol', 'session', 'vad', 'threshold', 'prefixPaddingMs', 'silenceDurationMs', 'eagerness', 'transport', 'rate', 'format', 'repeat', 'items', 'limit', 'seed', 'chunkMs', 'speed'] as const;

function sessionKey(item: ItemResult): string {
  return `${item.config.config_id} / ${item.itemId} #${item.repeat}`;
}

function shardProblems(runs: readonly StoredRun[]): string[] {
  const problems: string[] = [];
  const byCount = new Map<number, Map<number, string[]>>();
  for (const run of runs) {
    const shard = run.meta.shard;
    if (!shard) continue;
    const indexes = byCount.get(shard.count) ?? new Map<number, string[]>();
    indexes.set(shard.index, [...(indexes.get(shard.index) ?? []), run.dir]);
    byCount.set(shard.count, indexes);
  }
  for (const [count, indexes] of byCount) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.has(i));
    if (missing.length > 0) problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}: the merged run is incomplete`);
    for (const [index, dirs] of indexes) if (dirs.length > 1) problems.push(`shard ${index}/${count} given twice: ${dirs.join(', ')}`);
  }
  if (byCount.size > 1) problems.push(`shards of different splits were merged (${[...byCount.keys()].map((n) => `/${n}`).join(', ')})`);
  return problems;
}

function mismatchProblems(runs: readonly StoredRun[]): string[] {
  const [first, ...rest] = runs;
  if (!first) return [];
  const problems: string[] = [];
  for (const run of rest) {
    const differ = MATRIX_KEYS.filter((key) => JSON.stringify(run.meta.options[key]) !== JSON.stringify(first.meta.options[key]));
    if (run.meta.corpus.digest !== first.meta.corpus.digest) differ.unshift('corpus' as never);
    if (run.meta.target !== first.meta.target) differ.unshift('target' as never);
    if (differ.length > 0) problems.push(`${run.dir} and ${first.dir} differ in ${differ.join(', ')}: they were merged into one report, but they are not shards of one run`);
  }
  return problems;
}

function plannedSessions(runs: readonly StoredRun[]): number {
  const shardTotals = new Map<number, number>();
  let planned = 0;
  for (const run of runs) {
    const shard = run.meta.shard;
    if (shard) shardTotals.set(shard.count, Math.max(shardTotals.get(shard.count) ?? 0, shard.totalSessions));
    else planned += run.meta.plannedSessions;
  }
  return planned + [...shardTotals.values()].reduce((sum, n) => sum + n, 0);
}

/** run.json of the merged run; `planned` and `collarMs` as mergeRuns worked them out. */
function mergedMeta(runs: readonly StoredRun[], sources: RunSource[], problems: string[], options: MergeOptions, planned: number, collarMs: number): RunMeta {
  const first = runs[0]?.meta;
  if (!first) throw new Error('mergeRuns needs at least one run');
  const starts = runs.map((r) => r.meta.startedAt).sort();
  const ends = runs.map((r) => r.meta.endedAt).filter((e): e is string => e !== null).sort();
  return {
    ...first,
    runId: options.runId,
    // The merged run is no longer a slice, whatever the first shard's options said.
    options: { ...first.options, shard: null, collarMs },
    startedAt: starts[0] ?? first.startedAt,
    endedAt: ends.at(-1) ?? null,
    emulated: runs.some((r) => r.meta.emulated),
    interrupted: runs.some((r) => r.meta.interrupted),
    normalizer: normalizersForLanguages(runs.flatMap((r) => r.sessions.map((s) => s.record.meta.item.language))),
    statistics: STATISTICS_METHOD,
    plannedSessions: Math.max(planned, sources.reduce((sum, s) => sum + s.sessions, 0)),
    shard: null,
    sources,
    rescoredAt: options.nowIso,
    mergeProblems: problems,
  };
}

/** The collar a stored run was scored with (0 for runs from before the option). */
export function storedCollarMs(options: Readonly<Record<string, unknown>> | undefined): number {
  const value = options?.collarMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/**
 * Scores every stored session again and joins the runs into one. A session found in two
 * folders is kept once (from the folder given first) and reported; missing shards are reported.
 */
export function mergeRuns(runs: readonly StoredRun[], options: MergeOptions): MergedRun {
  const problems = [...shardProblems(runs), ...mismatchProblems(runs), ...runs.flatMap((r) => r.problems)];
  const collarMs = options.collarMs ?? storedCollarMs(runs[0]?.meta.options);
  const seen = new Map<string, string>();
  const items: ItemResult[] = [];
  const sessions: MergedSession[] = [];
  const sources: RunSource[] = [];
  for (const run of runs) {
    let taken = 0;
    for (const session of run.sessions) {
      const item: ItemResult = { ...scoreSession(session.record, { collarMs }), runId: options.runId };
      const key = sessionKey(item);
      const keptFrom = seen.get(key);
      if (keptFrom !== undefined) {
        problems.push(`duplicate session ${key} in ${run.dir} (kept the one from ${keptFrom})`);
        continue;
      }
      seen.set(key, run.dir);
      items.push(item);
      sessions.push({ dir: run.dir, path: session.path });
      taken++;
    }
    sources.push({ dir: run.dir, runId: run.meta.runId, shard: run.meta.shard ?? null, sessions: taken });
  }
  const planned = plannedSessions(runs);
  if (items.length < planned) problems.push(`${planned - items.length} of ${planned} planned sessions have no cassette (a shard missing or cut short)`);
  return { meta: mergedMeta(runs, sources, problems, options, planned, collarMs), items: items.sort(compareResults), sessions, problems };
}
