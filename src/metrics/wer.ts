/**
 * Word (and character) alignment between a reference and a hypothesis, and error rates.
 *
 * The alignment is the weighted Levenshtein alignment that a forward table with one back pointer
 * per cell, traced back from the end, gives. With the default `sclite` costs (correct 0,
 * substitution 4, insertion 3, deletion 3: NIST SCTK `wwd_WORD`) and the same preference on ties
 * (tracing back: match or substitution first, then insertion, then deletion), the S/D/I counts
 * equal NIST sclite's on the same tokens; `test/golden/sclite/` holds sclite's own output to prove
 * it. `unit` costs give the plain edit distance that jiwer and kaldi count. The path is computed
 * exactly, ties included, in memory linear in the input: utterances from the whole (small) table
 * (align-small.ts), longer texts by align-path.ts, so a transcript of hours scores as well.
 */
import { alignPath, DIAG, LEFT, UP, type StepCosts } from './align-path.js';
import { alignSmall, isSmallAlignment } from './align-small.js';

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

const COSTS: Readonly<Record<AlignCosts, StepCosts>> = {
  sclite: { sub: 4, ins: 3, del: 3 },
  unit: { sub: 1, ins: 1, del: 1 },
};

/** Both sequences as integer ids (equal ids for equal tokens), which the alignment compares. */
function internTokens(ref: readonly string[], hyp: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const code = (tokens: readonly string[]): Int32Array => {
    const out = new Int32Array(tokens.length);
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k] ?? '';
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      out[k] = id;
    }
    return out;
  };
  return [code(ref), code(hyp)];
}

function pathOf(ref: readonly string[], hyp: readonly string[], options: AlignOptions): Uint8Array {
  const costs = COSTS[options.costs ?? 'sclite'];
  if (isSmallAlignment(ref.length, hyp.length)) return alignSmall(ref, hyp, costs);
  const [a, b] = internTokens(ref, hyp);
  return alignPath(a, b, costs);
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
  const path = pathOf(ref, hyp, options);
  const ops: AlignOp[] = [];
  let i = 0;
  let j = 0;
  for (const step of path) {
    const r = ref[i] ?? '';
    const h = hyp[j] ?? '';
    if (step === DIAG) ops.push({ op: r === h ? 'equal' : 'substitute', ref: r, hyp: h });
    else if (step === UP) ops.push({ op: 'delete', ref: r });
    else ops.push({ op: 'insert', hyp: h });
    if (step !== LEFT) i++;
    if (step !== UP) j++;
  }
  return { ops, ...countOps(ops) };
}

/** The counts of {@link alignTokens} without building the alignment (for long texts, e.g. CER). */
export function alignCounts(ref: readonly string[], hyp: readonly string[], options: AlignOptions = {}): EditCounts {
  const path = pathOf(ref, hyp, options);
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let hits = 0;
  let i = 0;
  let j = 0;
  for (const step of path) {
    if (step === UP) deletions++;
    else if (step === LEFT) insertions++;
    else if (ref[i] === hyp[j]) hits++;
    else substitutions++;
    if (step !== LEFT) i++;
    if (step !== UP) j++;
  }
  return { substitutions, deletions, insertions, hits, refTokens: hits + substitutions + deletions };
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
