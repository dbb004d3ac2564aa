import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Bench } from 'tinybench';
import { realClock } from '../../clock.js';
import { createRng } from '../../metrics/stats.js';
import { alignTokens, sumCounts, words, type EditCounts } from '../../metrics/wer.js';
import type { BenchContext } from './context.js';
import { figure, type BenchFigure } from './figures.js';
import type { LongScoringReport } from './long-scoring-role.js';
import { startWorker } from './workers.js';

const run = promisify(execFile);

/** One reference/hypothesis pair, already normalised (both scorers read the same tokens). */
export interface ScoringPair {
  readonly id: string;
  readonly reference: string;
  readonly hypothesis: string;
}

const VOCABULARY = ['turn', 'on', 'the', 'lights', 'in', 'kitchen', 'please', 'set', 'a', 'timer', 'for', 'ten', 'minutes', 'call', 'mom', 'what', 'is', 'weather', 'like', 'today'];

function pick(rng: () => number, list: readonly string[]): string {
  return list[Math.floor(rng() * list.length)] ?? '';
}

/**
 * Seeded pairs like a recogniser's output: 3–20 word references from a small vocabulary
 * (many ties between alignments), each word substituted, deleted or followed by an insertion
 * with probability 0.2 in all; one pair in fifty has an empty reference.
 */
export function scoringPairs(count: number, seed = 20261121): ScoringPair[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const reference = i % 50 === 49 ? [] : Array.from({ length: 3 + Math.floor(rng() * 18) }, () => pick(rng, VOCABULARY));
    const hypothesis: string[] = [];
    for (const word of reference) {
      const r = rng();
      if (r < 0.07) hypothesis.push(pick(rng, VOCABULARY));
      else if (r < 0.14) continue;
      else if (r < 0.2) hypothesis.push(word, pick(rng, VOCABULARY));
      else hypothesis.push(word);
    }
    if (reference.length === 0) hypothesis.push(pick(rng, VOCABULARY));
    return { id: `spk${i % 20}_${String(i).padStart(6, '0')}`, reference: reference.join(' '), hypothesis: hypothesis.join(' ') };
  });
}

/** rtbench's scoring of the pairs: sclite-cost alignment of every pair, counts summed. */
export function scoreWithRtbench(pairs: readonly ScoringPair[]): EditCounts {
  return sumCounts(pairs.map((p) => alignTokens(words(p.reference), words(p.hypothesis))));
}

/** Totals of sclite's raw summary (`-o rsum stdout`): its `Sum` row. */
export function parseScliteSum(text: string): EditCounts | null {
  const row = /\|\s*Sum\s*\|\s*(\d+)\s+(\d+)\s*\|\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  if (!row) return null;
  const [, , wrd, corr, sub, del, ins] = row.map(Number) as [number, number, number, number, number, number, number];
  return { refTokens: wrd, hits: corr, substitutions: sub, deletions: del, insertions: ins };
}

function countsText(c: EditCounts): string {
  return `N ${c.refTokens}, S ${c.substitutions}, D ${c.deletions}, I ${c.insertions}`;
}

function sameCounts(a: EditCounts, b: EditCounts): boolean {
  return a.refTokens === b.refTokens && a.substitutions === b.substitutions && a.deletions === b.deletions && a.insertions === b.insertions;
}

async function timeSclite(ctx: BenchContext, sctk: string, refPath: string, hypPath: string, rounds: number): Promise<{ ms: number; counts: EditCounts | null }> {
  let ms = 0;
  let counts: EditCounts | null = null;
  for (let i = 0; i < rounds; i++) {
    const started = realClock.now();
    const { stdout } = await run(sctk, ['sclite', '-r', refPath, 'trn', '-h', hypPath, 'trn', '-i', 'spu_id', '-o', 'rsum', 'stdout'], { cwd: ctx.workDir, maxBuffer: 64 * 1024 * 1024 });
    ms += realClock.now() - started;
    counts = parseScliteSum(stdout);
  }
  return { ms: ms / rounds, counts };
}

/**
 * Scoring throughput (utterances per second) of rtbench's alignment against NIST sclite on the
 * same normalised pairs, and whether their S/D/I counts agree. rtbench is timed with tinybench
 * in this process; sclite as the whole process a user runs (reading the files included).
 */
export async function scoringFigure(ctx: BenchContext): Promise<BenchFigure> {
  const pairs = scoringPairs(ctx.plan.scoringUtterances);
  ctx.log(`scoring: ${pairs.length} utterances, rtbench${ctx.sctk ? ' and sclite' : ' (sclite is not installed)'}`);
  const bench = new Bench({ time: ctx.plan.quick ? 300 : 1500, iterations: 3 });
  bench.add('rtbench alignment', () => {
    scoreWithRtbench(pairs);
  });
  await bench.run();
  const latency = bench.tasks[0]?.result;
  const rtMs = latency && 'latency' in latency ? latency.latency.mean : Number.NaN;
  const rtCounts = scoreWithRtbench(pairs);
  const base = { metric: 'scoring_utterances_per_s', label: 'scoring throughput', unit: 'utterances/s', value: (pairs.length / rtMs) * 1000, rule: { kind: 'ratio-min', min: 5 } as const };
  if (ctx.sctk === null) return figure({ ...base, alternative: 'NIST sclite (not installed)', detail: `rtbench counts ${countsText(rtCounts)}; install sctk (apt-get install sctk) to compare` });
  const refPath = join(ctx.workDir, 'scoring-ref.trn');
  const hypPath = join(ctx.workDir, 'scoring-hyp.trn');
  writeFileSync(refPath, pairs.map((p) => `${p.reference} (${p.id})\n`).join(''));
  writeFileSync(hypPath, pairs.map((p) => `${p.hypothesis} (${p.id})\n`).join(''));
  const sclite = await timeSclite(ctx, ctx.sctk, refPath, hypPath, ctx.plan.quick ? 1 : 3);
  const same = sclite.counts !== null && sameCounts(rtCounts, sclite.counts);
  const verdict = sclite.counts === null ? 'sclite printed no Sum row' : same ? `identical counts (${countsText(rtCounts)})` : `COUNTS DIFFER: rtbench ${countsText(rtCounts)}, sclite ${countsText(sclite.counts)}`;
  const judged = figure({ ...base, alternative: 'NIST sclite, same pairs', alternativeValue: (pairs.length / sclite.ms) * 1000, detail: verdict });
  return same ? judged : { ...judged, met: false };
}

const MB = 1024 * 1024;

/** The figure of one long pair's scoring: its time, with peak memory and the counts in the detail. */
export function longScoringFromReport(report: LongScoringReport): BenchFigure {
  const n = report.referenceCharacters;
  const c = report.characters;
  return figure({
    metric: 'scoring_long_pair_ms', label: `scoring one ${n.toLocaleString('en-US')}-character pair`, unit: 'ms', value: report.wallMs,
    detail: [
      `WER and CER of one seeded pair with about 9% word errors (CER ${(report.cer * 100).toFixed(2)}%: ${countsText(c)}), English normaliser, sclite costs, in a process of its own`,
      `CPU ${Math.round(report.cpuMs)} ms; peak RSS ${(report.maxRssBytes / MB).toFixed(0)} MB (${(report.baselineRssBytes / MB).toFixed(0)} MB before scoring; a full table of the characters would need ${(((n + 1) * (n + 1)) / MB).toFixed(0)} MB)`,
    ].join('; '),
  });
}

/**
 * What scoring a long session's transcript costs (a rolled-over session of hours reaches
 * 100 000 characters): measured, not held to a target.
 */
export async function longScoringFigure(ctx: BenchContext): Promise<BenchFigure> {
  const characters = ctx.plan.longScoringCharacters;
  ctx.log(`scoring: one ${characters}-character pair in its own process`);
  const worker = startWorker<never, LongScoringReport>(ctx.launcher, { role: 'long-scoring', characters });
  return longScoringFromReport(await worker.result);
}
