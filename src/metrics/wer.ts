/**
 * Word (and character) alignment between a reference and a hypothesis, and error rates.
 *
 * The alignment is a weighted Levenshtein alignment computed forward, one best predecessor per
 * cell, and traced back from the end. With the default `sclite` costs (correct 0, substitution 4,
 * insertion 3, deletion 3: NIST SCTK `wwd_WORD`) and the same preference on ties (substitution or
 * match first, then deletion, then insertion), the S/D/I counts equal NIST sclite's on the same
 * tokens; `test/golden/sclite/` holds sclite's own output to prove it. `unit` costs give the
 * plain edit distance that jiwer and kaldi count.
 */

/** One step of an alignment between reference and hypothesis tokens. */
export type AlignOp =
  | { op: 'equal' | 'substitute'; ref: string; hyp: string }
  | { op: 'delete'; ref: string }
  | { op: 'insert'; hyp: string };

/** Error counts of an alignment. */
export interface EditCounts {
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  /** Tokens in the reference. */
  readonly refTokens: number;
  readonly hits: number;
}

/** Counts plus the alignment itself. */
export interface Alignment extends EditCounts {
  readonly ops: readonly AlignOp[];
}

/** Cost model of the alignment. */
export type AlignCosts = 'sclite' | 'unit';

/** Options of {@link alignTokens}. */
export interface AlignOptions {
  /**
   * `sclite`: substitution 4, insertion 3, deletion 3, as NIST sclite aligns (its counts are
   * reproduced exactly). `unit`: every error costs 1 (minimum edit distance, as jiwer).
   * @default 'sclite'
   */
  readonly costs?: AlignCosts;
}

const COSTS: Readonly<Record<AlignCosts, { sub: number; ins: number; del: number }>> = {
  sclite: { sub: 4, ins: 3, del: 3 },
  unit: { sub: 1, ins: 1, del: 1 },
};

// Back pointers of the DP cells.
const DIAG = 0;
const UP = 1; // deletion: one reference token consumed
const LEFT = 2; // insertion: one hypothesis token consumed

function fillTable(ref: readonly string[], hyp: readonly string[], costs: AlignCosts): Uint8Array {
  const { sub, ins, del } = COSTS[costs];
  const width = hyp.length + 1;
  const back = new Uint8Array((ref.length + 1) * width);
  let previous = new Float64Array(width);
  let current = new Float64Array(width);
  for (let j = 1; j < width; j++) {
    previous[j] = j * ins;
    back[j] = LEFT;
  }
  for (let i = 1; i <= ref.length; i++) {
    current[0] = i * del;
    back[i * width] = UP;
    const r = ref[i - 1];
    for (let j = 1; j < width; j++) {
      const diagCost = (previous[j - 1] ?? 0) + (r === hyp[j - 1] ? 0 : sub);
      const upCost = (previous[j] ?? 0) + del;
      const leftCost = (current[j - 1] ?? 0) + ins;
      // NOTE: the order of these tests is sclite's tie-breaking (net_dp.c); keep it.
      if (diagCost <= upCost && diagCost <= leftCost) {
        current[j] = diagCost;
        back[i * width + j] = DIAG;
      } else if (upCost < leftCost) {
        current[j] = upCost;
        back[i * width + j] = UP;
      } else {
        current[j] = leftCost;
        back[i * width + j] = LEFT;
      }
    }
    [previous, current] = [current, previous];
  }
  return back;
}

function traceBack(ref: readonly string[], hyp: readonly string[], back: Uint8Array): AlignOp[] {
  const width = hyp.length + 1;
  const ops: AlignOp[] = [];
  let i = ref.length;
  let j = hyp.length;
  while (i > 0 || j > 0) {
    const step = back[i * width + j];
    if (step === DIAG) {
      const r = ref[i - 1] ?? '';
      const h = hyp[j - 1] ?? '';
      ops.push({ op: r === h ? 'equal' : 'substitute', ref: r, hyp: h });
      i--;
      j--;
    } else if (step === UP) {
      ops.push({ op: 'delete', ref: ref[i - 1] ?? '' });
      i--;
    } else {
      ops.push({ op: 'insert', hyp: hyp[j - 1] ?? '' });
      j--;
    }
  }
  return ops.reverse();
}

/** Counts of an alignment's operations. */
export function countOps(ops: readonly AlignOp[]): EditCounts {
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let hits = 0;
  for (const o of ops) {
    if (o.op === 'substitute') substitutions++;
    else if (o.op === 'delete') deletions++;
    else if (o.op === 'insert') insertions++;
    else hits++;
  }
  return { substitutions, deletions, insertions, hits, refTokens: hits + substitutions + deletions };
}

/**
 * Aligns two token sequences. Tokens are compared exactly (normalise first). An empty reference
 * makes every hypothesis token an insertion; an empty hypothesis every reference token a deletion.
 */
export function alignTokens(ref: readonly string[], hyp: readonly string[], options: AlignOptions = {}): Alignment {
  const ops = traceBack(ref, hyp, fillTable(ref, hyp, options.costs ?? 'sclite'));
  return { ops, ...countOps(ops) };
}

/** Total errors of counts: S + D + I. */
export function errorCount(counts: EditCounts): number {
  return counts.substitutions + counts.deletions + counts.insertions;
}

/**
 * Error rate of counts: (S + D + I) / N. With an empty reference it is the insertion count
 * (0 when both are empty), so hallucinations on silence stay visible instead of dividing by zero.
 */
export function errorRate(counts: EditCounts): number {
  const errors = errorCount(counts);
  return counts.refTokens === 0 ? errors : errors / counts.refTokens;
}

/** Counts summed over many alignments: pooled rates are Σ errors / Σ reference tokens. */
export function sumCounts(all: readonly EditCounts[]): EditCounts {
  const total = { substitutions: 0, deletions: 0, insertions: 0, refTokens: 0, hits: 0 };
  for (const c of all) {
    total.substitutions += c.substitutions;
    total.deletions += c.deletions;
    total.insertions += c.insertions;
    total.refTokens += c.refTokens;
    total.hits += c.hits;
  }
  return total;
}

/** Splits normalised text into words (runs of non-space). */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/** Splits text into characters for CER: code points, single spaces between words included. */
export function characters(text: string): string[] {
  return Array.from(words(text).join(' '));
}
