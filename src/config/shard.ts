/** One slice of a run split across machines: `--shard index/count`, counted from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n`; returns the problem as a string when it is not one. */
export function parseShard(text: string): Shard | string {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return `--shard ${text}: write it as i/n, e.g. 1/4 (this machine runs the first of four slices)`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 10_000) return `--shard ${text}: the number of shards must be from 1 to 10000`;
  if (index < 1 || index > count) return `--shard ${text}: the shard index must be from 1 to ${count}`;
  return { index, count };
}

/**
 * The units of one shard: a contiguous slice of the work list, sizes differing by at most one.
 * The work list interleaves configs per item, so every shard holds every config in about equal
 * measure, and the same options always give the same split on every machine.
 */
export function selectShard<T>(units: readonly T[], shard: Shard | null): T[] {
  if (shard === null) return [...units];
  const start = Math.floor(((shard.index - 1) * units.length) / shard.count);
  const end = Math.floor((shard.index * units.length) / shard.count);
  return units.slice(start, end);
}
