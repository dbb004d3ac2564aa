import type { ItemResult } from '../metrics/item-result.js';
import type { ConfigSummary } from '../metrics/summary.js';
import type { ThresholdResult } from '../config/thresholds.js';

/** Version of results files (summary.json, run.json). */
export const RESULTS_SCHEMA_VERSION = 1;

/** Which slice of a split run this is (`--shard i/n`). */
export interface ShardInfo {
  readonly index: number;
  readonly count: number;
  /** Sessions of the whole run before it was split. */
  readonly totalSessions: number;
}

/** A run folder that went into a merged or re-scored run (`rtbench report`). */
export interface RunSource {
  readonly dir: string;
  readonly runId: string;
  readonly shard: ShardInfo | null;
  /** Sessions taken from it. */
  readonly sessions: number;
}

/** What a run was: written as run.json and at the top of every report. */
export interface RunMeta {
  readonly schemaVersion: number;
  readonly runId: string;
  readonly harnessVersion: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** `local`, `openai`, or the URL. */
  readonly target: string;
  /** True when any session ran against the rtbench emulator. */
  readonly emulated: boolean;
  /** Resolved options; secrets replaced by `apiKeyProvided`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly corpus: { readonly dir: string; readonly digest: string; readonly items: number };
  /** Versions of the text normalisers the corpus's languages use, e.g. `rtbench-english/2`. */
  readonly normalizer: string;
  /** How percentiles and confidence intervals are computed (metrics/stats.ts). */
  readonly statistics: { readonly percentile: string; readonly confidenceInterval: string };
  readonly pricesAsOf: string;
  readonly versions: Readonly<Record<string, string>>;
  /** Sessions planned; fewer results means the run was cut short. */
  readonly plannedSessions: number;
  readonly interrupted: boolean;
  /** Set when this run is one slice of a split run. */
  readonly shard?: ShardInfo | null;
  /** Set by `rtbench report`: the folders it read. */
  readonly sources?: readonly RunSource[];
  /** Set by `rtbench report`: when the stored sessions were scored again (ISO). */
  readonly rescoredAt?: string | null;
  /** Problems found while merging (missing shards, duplicate sessions). */
  readonly mergeProblems?: readonly string[];
  /** Set by `rtbench run --resume`: when each resume started and how many finished sessions it kept. */
  readonly resumes?: readonly { readonly at: string; readonly kept: number }[];
}

/** What reporters see at the end of a run. */
export interface RunResult {
  readonly meta: RunMeta;
  readonly items: readonly ItemResult[];
  readonly summary: readonly ConfigSummary[];
  readonly thresholds: readonly ThresholdResult[];
}

/** Results grouped by `key`, groups in first-seen order, each group in the order given. */
export function groupResults(items: readonly ItemResult[], key: (item: ItemResult) => string): Map<string, ItemResult[]> {
  const groups = new Map<string, ItemResult[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Orders results the same way wherever they come from (run, replay, merged shards). */
export function compareResults(a: ItemResult, b: ItemResult): number {
  return a.config.config_id.localeCompare(b.config.config_id) || a.itemId.localeCompare(b.itemId) || a.repeat - b.repeat;
}
