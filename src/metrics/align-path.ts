/**
 * The alignment path of a reference and a hypothesis (tokens as integer ids) in memory linear
 * in their length: exactly the path the full back-pointer table would trace, ties included.
 *
 * The full table traces back from the end, at each cell taking the first step, in the order
 * diagonal, insertion, deletion, that reaches the cell at its cost (that is what the order of
 * the tests in RowSweep.next amounts to). Call that traced path P. Two facts make it computable
 * piecewise:
 *
 * 1. Any cell x on P cuts it in two: P up to x is the traced path of the block before x, and P
 *    after x the traced path of the block from x to the end, taken as a problem of its own
 *    (origin x). The first because a cell's value only depends on cells before it. The second
 *    because, for a cell c of P after x and a predecessor p of c inside the block, p tight for
 *    the block (D_x(p) + step = D_x(c)) implies p tight in the whole table (D(p) ≤ D(x) + D_x(p)
 *    and D(c) = D(x) + D_x(c) as P is optimal through x); and P's own step at c stays tight in
 *    the block (P passes x, so D_x = D − D(x) along it). So at every cell the block's first tight
 *    step is P's, and P never leaves the block (it reaches x, and paths never move back).
 * 2. P's cells in chosen checkpoint rows can be found in one forward pass (Hirschberg's split
 *    without the backward pass, for many rows at once): from the first checkpoint row on, every
 *    cell carries the column at which its traced path entered the last checkpoint row, copied
 *    from the predecessor it chose; each checkpoint row keeps, per alive cell, that column for
 *    the checkpoint before and D. The last cell's label is where P enters the last checkpoint
 *    row; the label kept there, where it entered the one before; and so on back.
 *
 * So a block is either traced directly from a back-pointer table of its alive cells (when that
 * table is small), or cut at P's cells in its checkpoint rows (as many rows as the checkpoint
 * budget allows, at least the middle one) and each part solved alike, with its exact optimal
 * cost (a difference of the D kept) as its limit. Memory: the rows of one pass, the checkpoints
 * and one small table. Each pass keeps only the cells that can lie on a path within its limit
 * (align-sweep.ts); the first limit is the cost of a real path found by a narrow beam, so similar
 * texts cost O(n·k) for a cost k of their differences, and dissimilar ones degrade to the whole
 * table's time, still in linear memory.
 */
import { DIAG, INF, LEFT, RowSweep, shiftCost, UP, type Block, type StepCosts } from './align-sweep.js';

export { DIAG, LEFT, UP, type StepCosts } from './align-sweep.js';

/** How the work is cut; the defaults suit every input, tests shrink them to reach every branch. */
export interface AlignTuning {
  /** Largest table of back pointers (cells, one byte each) a block may be traced from. */
  readonly traceCells: number;
  /** Numbers (two per alive cell of a checkpoint row) a pass may keep to cut a block into parts. */
  readonly checkpointEntries: number;
}

/** At most 8 MB of back pointers and 16 MB of checkpoints. */
export const DEFAULT_TUNING: AlignTuning = { traceCells: 1 << 23, checkpointEntries: 1 << 22 };

/** The steps of a path, written in order, block after block. */
class PathBuffer {
  private readonly buffer: Uint8Array;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  /**
   * Appends a block's `count` steps, which `previousStep` gives last to first. Room is never
   * short: the path so far and the block's steps are at most the rows plus the columns up to the
   * block's end.
   */
  appendBackwards(count: number, previousStep: () => number): void {
    const start = this.length;
    for (let k = count - 1; k >= 0; k--) this.buffer[start + k] = previousStep();
    this.length += count;
  }

  steps(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Cells a pass over the block may keep: rows × the diagonals whose forced shifts fit the limit. */
function cellBound(block: Block): number {
  const rows = block.aHi - block.aLo;
  const cols = block.bHi - block.bLo;
  const forced = shiftCost(cols - rows, block.costs);
  if (block.limit < forced) return 0;
  const diagonals = Math.abs(cols - rows) + 1 + 2 * Math.floor((block.limit - forced) / (block.costs.ins + block.costs.del));
  return (rows + 1) * Math.min(cols + 1, diagonals);
}

/** Keeps every row's alive choices, then walks back from the end. False when the limit is too low. */
function traceBlock(block: Block, out: PathBuffer): boolean {
  const sweep = new RowSweep(block);
  const { rows, cols } = sweep;
  // Per row: the first alive column and where the row's choices start in `back`.
  const rowIndex = new Int32Array(2 * (rows + 1));
  let back = new Uint8Array(Math.max(1, Math.min(cellBound(block), 1 << 16)));
  let used = 0;
  const keep = (): void => {
    const { lo, hi, choice } = sweep;
    if (used + hi - lo + 1 > back.length) {
      const grown = new Uint8Array(Math.max(used + hi - lo + 1, back.length * 2));
      grown.set(back.subarray(0, used));
      back = grown;
    }
    rowIndex[2 * sweep.row] = lo;
    rowIndex[2 * sweep.row + 1] = used;
    for (let j = lo; j <= hi; j++) back[used++] = choice[j] ?? DIAG;
  };
  if (!sweep.start()) return false;
  keep();
  while (sweep.row < rows) {
    if (!sweep.next()) return false;
    keep();
  }
  if (sweep.finalCost() === null) return false;
  let i = rows;
  let j = cols;
  out.appendBackwards(pathLength(back, rowIndex, rows, cols), () => {
    const step = back[(rowIndex[2 * i + 1] ?? 0) + j - (rowIndex[2 * i] ?? 0)] ?? DIAG;
    if (step !== LEFT) i--;
    if (step !== UP) j--;
    return step;
  });
  return true;
}

/** Steps of the traced path of a kept table: a walk back that only counts. */
function pathLength(back: Uint8Array, rowIndex: Int32Array, rows: number, cols: number): number {
  let count = 0;
  for (let i = rows, j = cols; i > 0 || j > 0; count++) {
    const step = back[(rowIndex[2 * i + 1] ?? 0) + j - (rowIndex[2 * i] ?? 0)] ?? DIAG;
    if (step !== LEFT) i--;
    if (step !== UP) j--;
  }
  return count;
}

/** Cells on the traced path: (row, column) in the block and D there, in order. */
interface Waypoint {
  readonly row: number;
  readonly column: number;
  readonly cost: number;
}

/** What a pass keeps of a checkpoint row: per alive cell, D and where its traced path entered the checkpoint before. */
interface CheckpointRow {
  readonly row: number;
  readonly lo: number;
  readonly costs: Int32Array;
  readonly entries: Int32Array;
}

/** Checkpoint rows spread evenly, as many as `entries` numbers for rows `width` wide allow (one at least). */
function checkpointRows(rows: number, width: number, entries: number): number[] {
  const count = Math.max(1, Math.min(rows - 1, Math.floor(entries / (2 * Math.max(1, width)))));
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 1) * rows) / (count + 1)));
}

/** Each alive cell of the current row takes the label of the predecessor its step came from. */
function carryLabels(sweep: RowSweep, previous: Int32Array, labels: Int32Array): void {
  const { lo, hi, choice } = sweep;
  for (let j = lo; j <= hi; j++) {
    const step = choice[j];
    labels[j] = (step === DIAG ? previous[j - 1] : step === UP ? previous[j] : labels[j - 1]) ?? 0;
  }
}

/** Walks the kept checkpoint rows back from the last cell's label: the traced path's cell in each. */
function walkBack(kept: readonly CheckpointRow[], last: Waypoint, entry: number): Waypoint[] {
  const waypoints = [last];
  let column = entry;
  for (let k = kept.length - 1; k >= 0; k--) {
    const at = kept[k];
    if (at === undefined) break;
    waypoints.push({ row: at.row, column, cost: at.costs[column - at.lo] ?? INF });
    column = at.entries[column - at.lo] ?? 0;
  }
  return waypoints.reverse();
}

/**
 * One pass carrying, for every cell from the first checkpoint row on, the column at which its
 * traced path entered the last checkpoint row (fact 2 above, for many rows at once); at each
 * checkpoint row those columns are kept with D. The traced path's cells in the checkpoint rows,
 * then the last cell, in order; null when the limit is too low.
 */
function findWaypoints(block: Block, checkpoints: readonly number[]): Waypoint[] | null {
  const sweep = new RowSweep(block);
  const kept: CheckpointRow[] = [];
  let labels = new Int32Array(sweep.cols + 1);
  let previous = new Int32Array(sweep.cols + 1);
  if (!sweep.start()) return null;
  for (const row of [...checkpoints, sweep.rows]) {
    while (sweep.row < row) {
      [previous, labels] = [labels, previous];
      if (!sweep.next()) return null;
      if (kept.length > 0) carryLabels(sweep, previous, labels);
    }
    if (row === sweep.rows) break;
    const { lo, hi } = sweep;
    kept.push({ row, lo, costs: sweep.values.slice(lo, hi + 1), entries: labels.slice(lo, hi + 1) });
    for (let j = lo; j <= hi; j++) labels[j] = j;
  }
  const cost = sweep.finalCost();
  return cost === null ? null : walkBack(kept, { row: sweep.rows, column: sweep.cols, cost }, labels[sweep.cols] ?? 0);
}

/** Solves a block within its limit, appending its steps; false (nothing appended) when the limit is too low. */
function solveBlock(block: Block, out: PathBuffer, tuning: AlignTuning): boolean {
  const rows = block.aHi - block.aLo;
  const bound = cellBound(block);
  if (rows <= 1 || bound <= tuning.traceCells) return traceBlock(block, out);
  const waypoints = findWaypoints(block, checkpointRows(rows, bound / (rows + 1), tuning.checkpointEntries));
  if (waypoints === null) return false;
  let from: Waypoint = { row: 0, column: 0, cost: 0 };
  for (const to of waypoints) {
    const part = { ...block, aLo: block.aLo + from.row, aHi: block.aLo + to.row, bLo: block.bLo + from.column, bHi: block.bLo + to.column, limit: to.cost - from.cost };
    if (!solveBlock(part, out, tuning)) throw new Error(`alignment: the optimal cost ${part.limit} of a part did not hold`);
    from = to;
  }
  return true;
}

/** Cost of the plain diagonal path (token k against token k, then the rest inserted or deleted). */
function diagonalCost(a: Int32Array, b: Int32Array, costs: StepCosts): number {
  let cost = shiftCost(b.length - a.length, costs);
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) cost += costs.sub;
  return cost;
}

/** How far (in insertion + deletion pairs) the beam of {@link beamCost} reaches past its best cell. */
const BEAM_SHIFTS = 64;

/**
 * The cost of a real path, found by a pass that keeps, row by row, only the cells within a beam
 * of the row's best D + h: an upper bound of the optimal cost, which it equals when the texts
 * are similar, in O(n · beam).
 */
function beamCost(a: Int32Array, b: Int32Array, costs: StepCosts, upper: number): number {
  const sweep = new RowSweep({ a, aLo: 0, aHi: a.length, b, bLo: 0, bHi: b.length, costs, limit: upper });
  const beam = BEAM_SHIFTS * (costs.ins + costs.del);
  if (!sweep.start()) return upper;
  while (sweep.row < sweep.rows) {
    sweep.limit = Math.min(upper, sweep.rowMinimum() + beam);
    if (!sweep.next()) return upper;
  }
  return Math.min(upper, sweep.finalCost() ?? upper);
}

/**
 * The steps (DIAG, UP = deletion, LEFT = insertion) of the alignment of `a` and `b`, in order,
 * the same as the full back-pointer table gives. The cut-off limit is the cost of a real path
 * (the diagonal one, or the beam's), so the exact pass always reaches the end. Memory:
 * O(|a| + |b|) plus at most `tuning.traceCells` bytes and `tuning.checkpointEntries` numbers.
 */
export function alignPath(a: Int32Array, b: Int32Array, costs: StepCosts, tuning: AlignTuning = DEFAULT_TUNING): Uint8Array {
  const out = new PathBuffer(a.length + b.length);
  const limit = beamCost(a, b, costs, diagonalCost(a, b, costs));
  if (!solveBlock({ a, aLo: 0, aHi: a.length, b, bLo: 0, bHi: b.length, costs, limit }, out, tuning)) {
    throw new Error(`alignment: no path within the cost ${limit} of a path found`);
  }
  return out.steps();
}
