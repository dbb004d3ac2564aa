/**
 * The reference alignment the linear-memory one is checked against: the whole
 * (|ref| + 1) × (|hyp| + 1) table of back pointers, filled forward and traced back from the end.
 * Quadratic in memory, so only for tests and short inputs.
 */
import { countOps, type AlignCosts, type Alignment, type AlignOp } from '../../src/metrics/wer.js';

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

/** The full-matrix alignment: the oracle of the property tests. */
export function fullMatrixAlignment(ref: readonly string[], hyp: readonly string[], costs: AlignCosts = 'sclite'): Alignment {
  const ops = traceBack(ref, hyp, fillTable(ref, hyp, costs));
  return { ops, ...countOps(ops) };
}
