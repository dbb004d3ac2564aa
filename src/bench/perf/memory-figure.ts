import { join } from 'node:path';
import { writeBenchCorpus } from './bench-corpus.js';
import { runRtbench } from './client-runs.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo } from './emulator-role.js';
import { figure, type BenchFigure } from './figures.js';

const MB = 1024 * 1024;

function mb(bytes: number | null): string {
  return bytes === null ? '?' : (bytes / MB).toFixed(1);
}

/** Sessions at once in the memory runs: the default of `rtbench run` is 4; a wider pool shortens the run. */
const MEMORY_CONCURRENCY = 8;

/** A corpus this much longer may cost at most this much more peak memory to count as flat. */
export const FLAT_GROWTH = 1.1;

/**
 * Peak memory of `rtbench run` (reports written, as the command does) over a short and a long
 * corpus, at full speed against the emulator: per-session state must be let go of when the
 * session ends, so a corpus four times longer should not need more memory.
 */
export async function memoryGrowthFigure(ctx: BenchContext, emulator: EmulatorInfo): Promise<BenchFigure> {
  const [shortItems, longItems] = ctx.plan.memoryItems;
  const runs = [];
  for (const items of [shortItems, longItems]) {
    const corpus = writeBenchCorpus(join(ctx.workDir, `memory-${items}`), ctx.speech, ctx.plan.memoryItemMs, 'item', items);
    ctx.log(`memory: rtbench run over ${items} items at full speed`);
    runs.push(await runRtbench(ctx, emulator, corpus, `memory-${items}`, MEMORY_CONCURRENCY, { repeat: 1, speed: 'max', writeReports: true, tls: false, exposeGc: true }));
  }
  const [short, long] = runs as [NonNullable<(typeof runs)[0]>, NonNullable<(typeof runs)[0]>];
  const hours = (ms: number): string => (ms / 3_600_000).toFixed(2);
  const failed = runs.filter((r) => r.completed !== r.sessions).map((r) => `${r.sessions - r.completed} of ${r.sessions} sessions failed${r.firstError ? `: ${r.firstError}` : ''}`);
  return figure({
    metric: 'peak_rss_mb_long_corpus', label: `peak memory, ${longItems}-item corpus`, unit: 'MB', value: long.maxRssBytes / MB, alternative: `the same run over ${shortItems} items`,
    alternativeValue: short.maxRssBytes / MB, rule: { kind: 'ratio-max', max: FLAT_GROWTH },
    detail: [
      `${hours(long.streamMs)} h vs ${hours(short.streamMs)} h of audio sent, ${MEMORY_CONCURRENCY} sessions at once, reports written; flat = at most ${Math.round((FLAT_GROWTH - 1) * 100)}% more`,
      `JS heap in use at the end after a full collection: ${mb(long.liveHeapBytes)} vs ${mb(short.liveHeapBytes)} MB`,
      ...failed,
    ].join('; '),
  });
}
