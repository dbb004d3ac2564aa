/**
 * The Matched Pairs Sentence-Segment Word Error test (MAPSSWE; Gillick & Cox 1989), segmented
 * the way NIST sc_stats segments: both systems' alignments of the same reference are walked in
 * step; a segment ends once `minGood` consecutive reference words are correct in both (default
 * 2). The per-segment error differences give z = mean / (sd / √segments), sd with n − 1.
 * test/golden/sclite/sc_stats.mapsswe holds sc_stats' own result for the golden pairs.
 */
import { DEFAULT_ALPHA } from './paired-tests.js';
import { twoSidedP } from './normal.js';
import type { AlignOp } from './wer.js';

/** Result of {@link mapsswe}. */
export interface MapssweResult {
  readonly test: 'mapsswe';
  readonly minGood: number;
  /** Utterances compared (identical references in both). */
  readonly utterances: number;
  /** Utterances left out because their references differ. */
  readonly skipped: number;
  readonly segments: number;
  /** Mean of (errors A − errors B) per segment: negative when A makes fewer errors. */
  readonly meanDifference: number;
  readonly stdDev: number;
  /** null when fewer than two segments or no variance. */
  readonly z: number | null;
  readonly pValue: number;
  /** Errors / reference words within the segments, for A and B. */
  readonly errorRateA: number;
  readonly errorRateB: number;
  readonly alpha: number;
  readonly significant: boolean;
}

interface Segment {
  readonly ref: number;
  readonly errorsA: number;
  readonly errorsB: number;
}

function countRange(ops: readonly AlignOp[], from: number, to: number): { errors: number; ref: number } {
  let errors = 0;
  let ref = 0;
  for (let i = Math.max(0, from); i <= to; i++) {
    const op = ops[i]?.op;
    if (op !== 'equal') errors++;
    if (op !== 'insert') ref++;
  }
  return { errors, ref };
}

/** Segments of one utterance pair (sc_stats' walk, including where it stops). */
function segmentUtterance(a: readonly AlignOp[], b: readonly AlignOp[], minGood: number, out: Segment[]): void {
  let i = 0;
  let j = 0;
  let endGoodA = 0;
  let endGoodB = 0;
  let good = 0;
  let state: 'begin' | 'error' | 'good' = 'begin';
  const store = (toA: number, toB: number): void => {
    const sa = countRange(a, endGoodA - (minGood - 1), toA);
    const sb = countRange(b, endGoodB - (minGood - 1), toB);
    if (sa.errors > 0 || sb.errors > 0) out.push({ ref: Math.floor((sa.ref + sb.ref) / 2), errorsA: sa.errors, errorsB: sb.errors });
  };
  while (i < a.length) {
    for (; i < a.length && a[i]?.op === 'insert'; i++) state = 'error';
    for (; j < b.length && b[j]?.op === 'insert'; j++) state = 'error';
    const bothCorrect = i < a.length && a[i]?.op === 'equal' && j < b.length && b[j]?.op === 'equal';
    if (state === 'begin') {
      if (bothCorrect) [endGoodA, endGoodB] = [i, j];
      else state = 'error';
    } else if (!bothCorrect) {
      state = 'error';
    } else {
      good = state === 'error' ? 1 : good + 1;
      state = 'good';
      if (good === minGood) {
        store(i, j);
        [endGoodA, endGoodB, state] = [i, j, 'begin'];
      }
    }
    if (i < a.length) i++;
    if (j < b.length) j++;
  }
  // The last segment runs to both ends, so that trailing insertions of B count too.
  if (state !== 'begin' || b.length > j) store(a.length - 1, b.length - 1);
}

function referenceOf(ops: readonly AlignOp[]): string {
  return ops.flatMap((o) => (o.op === 'insert' ? [] : [o.ref])).join(' ');
}

/**
 * MAPSSWE between systems A and B over matched utterances: `a[k]` and `b[k]` are the word
 * alignments of the same utterance against the same reference.
 */
export function mapsswe(a: readonly (readonly AlignOp[])[], b: readonly (readonly AlignOp[])[], options: { minGood?: number; alpha?: number } = {}): MapssweResult {
  if (a.length !== b.length) throw new RangeError(`MAPSSWE needs matched utterances (${a.length} vs ${b.length})`);
  const minGood = options.minGood ?? 2;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const segments: Segment[] = [];
  let skipped = 0;
  a.forEach((opsA, k) => {
    const opsB = b[k] ?? [];
    if (referenceOf(opsA) !== referenceOf(opsB)) skipped++;
    else segmentUtterance(opsA, opsB, minGood, segments);
  });
  const n = segments.length;
  const diffs = segments.map((s) => s.errorsA - s.errorsB);
  const mean = n === 0 ? 0 : diffs.reduce((s, d) => s + d, 0) / n;
  const squares = diffs.reduce((s, d) => s + (d - mean) ** 2, 0);
  const stdDev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const z = n > 1 && squares > 0 ? mean / (stdDev / Math.sqrt(n)) : null;
  const pValue = z === null ? 1 : twoSidedP(z);
  const ref = segments.reduce((s, x) => s + x.ref, 0);
  const rate = (pick: (s: Segment) => number): number => (ref === 0 ? Number.NaN : segments.reduce((s, x) => s + pick(x), 0) / ref);
  return {
    test: 'mapsswe', minGood, utterances: a.length - skipped, skipped, segments: n, meanDifference: mean, stdDev, z, pValue,
    errorRateA: rate((s) => s.errorsA), errorRateB: rate((s) => s.errorsB), alpha, significant: pValue < alpha,
  };
}
