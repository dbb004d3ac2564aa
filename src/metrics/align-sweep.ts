/**
 * One forward pass of the weighted edit-distance table over a block (a slice of the reference
 * against a slice of the hypothesis), a row at a time, keeping only the cells that can still lie
 * on a path of cost at most `limit` (Ukkonen's cut-off).
 *
 * Cell (i, j) holds D(i, j), the cheapest cost of aligning the block's first i reference tokens
 * with its first j hypothesis tokens. A cell is kept ("alive") when D(i, j) + h(i, j) ≤ limit,
 * where h is the cost of the insertions or deletions the rest must contain anyway:
 * h(i, j) = ins·e when e = (C − j) − (R − i) ≥ 0, else del·(−e). A cell that is not kept counts
 * as unreachable (∞) for the cells after it.
 *
 * Why nothing that matters is lost: take any path Q from (0, 0) to (R, C) of cost ≤ limit and any
 * cell x on it. Q's cost up to x plus h(x) is at most Q's whole cost, so it is ≤ limit; and by
 * induction along Q the pass has D(x) ≤ Q's cost up to x, so x is kept. Hence when the pass ends
 * with D(R, C) ≤ limit, every optimal path lies in the kept cells, every cell of an optimal path
 * holds its true D, and at every cell of an optimal path the set of predecessors that reach it at
 * its cost is the same as in the full table (a kept value is never below the true one, so a
 * predecessor that is tight here is tight in the full table; one that is tight in the full table
 * lies on an optimal path and so is kept with its true value). The choice at a cell depends on
 * nothing but that set, so the back pointers along the traced path are the full table's.
 */

/** The step that reaches a cell: a match or substitution, a deletion, an insertion. */
export const DIAG = 0;
/** Deletion: one reference token consumed. */
export const UP = 1;
/** Insertion: one hypothesis token consumed. */
export const LEFT = 2;

/** Costs of one step. */
export interface StepCosts {
  readonly sub: number;
  readonly ins: number;
  readonly del: number;
}

/** `ref[aLo, aHi)` against `hyp[bLo, bHi)` (tokens as integer ids), with a cost limit. */
export interface Block {
  readonly a: Int32Array;
  readonly aLo: number;
  readonly aHi: number;
  readonly b: Int32Array;
  readonly bLo: number;
  readonly bHi: number;
  readonly costs: StepCosts;
  readonly limit: number;
}

/** Unreachable: above any cost (at most 4 per token), and INF + 4 is still a small integer for V8. */
export const INF = 0x0fffffff;

/** Cost of the insertions (k > 0) or deletions (k < 0) that move a path k diagonals. */
export function shiftCost(k: number, costs: StepCosts): number {
  return k >= 0 ? costs.ins * k : -costs.del * k;
}

/**
 * The table, one row at a time: `values` and `choice` hold the current row; cells `lo..hi` are
 * alive. The cells just outside `lo..hi` read as ∞, which is all the next row looks at.
 */
export class RowSweep {
  readonly rows: number;
  readonly cols: number;
  /** The current row. */
  row = 0;
  lo = 0;
  hi = -1;
  values: Int32Array;
  /** The step chosen at each cell of the current row (valid on `lo..hi`). */
  readonly choice: Uint8Array;
  /** The cut-off of the rows to come: the block's limit, or lower for a beam (see beamCost). */
  limit: number;
  private previous: Int32Array;

  constructor(private readonly block: Block) {
    this.limit = block.limit;
    this.rows = block.aHi - block.aLo;
    this.cols = block.bHi - block.bLo;
    this.values = new Int32Array(this.cols + 1);
    this.previous = new Int32Array(this.cols + 1);
    this.choice = new Uint8Array(this.cols + 1);
  }

  /** Row 0 (insertions only). False when no cell of it is alive. */
  start(): boolean {
    const { costs } = this.block;
    const limit = this.limit;
    const { values, choice, cols } = this;
    const shift = cols - this.rows;
    this.row = 0;
    this.lo = 0;
    this.hi = -1;
    for (let j = 0; j <= cols; j++) {
      const value = j * costs.ins;
      if (value + shiftCost(shift - j, costs) > limit) break;
      values[j] = value;
      choice[j] = LEFT;
      this.hi = j;
    }
    return this.seal();
  }

  /** The next row. False when no cell of it is alive (the limit is too low). */
  next(): boolean {
    const older = this.previous;
    this.previous = this.values;
    this.values = older;
    this.row++;
    const { a, b, bLo, costs } = this.block;
    const limit = this.limit;
    const { sub, ins, del } = costs;
    const prev = this.previous;
    const cur = this.values;
    const choice = this.choice;
    const cols = this.cols;
    const r = a[this.block.aLo + this.row - 1] ?? -1;
    // e = shift + row − j is how many insertions (e > 0) or deletions (e < 0) the rest needs.
    const base = cols - this.rows + this.row;
    const end = Math.min(this.hi + 1, cols);
    let j = this.lo;
    let lo = -1;
    let hi = -1;
    let left = INF;
    if (j === 0) {
      const v = (prev[0] ?? INF) + del;
      choice[0] = UP;
      left = v + shiftCost(base, costs) <= limit ? v : INF;
      cur[0] = left;
      if (left < INF) lo = hi = 0;
      j = 1;
    }
    for (; j <= end; j++) {
      const diagonal = (prev[j - 1] ?? INF) + (r === b[bLo + j - 1] ? 0 : sub);
      const up = (prev[j] ?? INF) + del;
      const across = left + ins;
      let v: number;
      // NOTE: the order of these tests is sclite's tie-breaking (net_dp.c); keep it, and keep
      // test/helpers/full-matrix-alignment.ts (the oracle) the same.
      if (diagonal <= up && diagonal <= across) {
        v = diagonal;
        choice[j] = DIAG;
      } else if (up < across) {
        v = up;
        choice[j] = UP;
      } else {
        v = across;
        choice[j] = LEFT;
      }
      const e = base - j;
      if (v + (e >= 0 ? ins * e : -del * e) <= limit) {
        if (lo < 0) lo = j;
        hi = j;
      } else {
        v = INF;
      }
      cur[j] = v;
      left = v;
    }
    this.lo = lo;
    this.hi = hi;
    if (left < INF) this.extend(j, left, base);
    return this.seal();
  }

  /** Past the previous row's last alive cell only insertions reach a cell: from column j on. */
  private extend(from: number, value: number, base: number): void {
    const { ins, del } = this.block.costs;
    const { values, choice, cols, limit } = this;
    let v = value;
    for (let j = from; j <= cols; j++) {
      v += ins;
      const e = base - j;
      if (v + (e >= 0 ? ins * e : -del * e) > limit) break;
      values[j] = v;
      choice[j] = LEFT;
      if (this.lo < 0) this.lo = j;
      this.hi = j;
    }
  }

  /** The least D + h over the current row's alive cells. */
  rowMinimum(): number {
    const { costs } = this.block;
    const base = this.cols - this.rows + this.row;
    let least = INF;
    for (let j = this.lo; j <= this.hi; j++) least = Math.min(least, (this.values[j] ?? INF) + shiftCost(base - j, costs));
    return least;
  }

  /** D of the last cell when it is alive in the last row, else null. */
  finalCost(): number | null {
    return this.row === this.rows && this.hi === this.cols ? (this.values[this.cols] ?? null) : null;
  }

  /** Marks the cells either side of the alive run as ∞; false when the row is empty. */
  private seal(): boolean {
    if (this.hi < this.lo || this.lo < 0) return false;
    if (this.lo > 0) this.values[this.lo - 1] = INF;
    if (this.hi < this.cols) this.values[this.hi + 1] = INF;
    return true;
  }
}
