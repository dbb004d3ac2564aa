/**
 * The alignment path of two short token sequences from the whole back-pointer table: the base
 * case of align-path.ts for utterance-sized inputs (at most {@link SMALL_TABLE_CELLS} cells, so
 * its memory stays bounded), where setting that machinery up would cost more than the table.
 */
import { DIAG, LEFT, UP, type StepCosts } from './align-sweep.js';

/** The largest table (cells, one byte each) aligned whole. */
export const SMALL_TABLE_CELLS = 1 << 16;

/** True when `ref` × `hyp` is small enough for {@link alignSmall}. */
export function isSmallAlignment(refLength: number, hypLength: number): boolean {
  return (refLength + 1) * (hypLength + 1) <= SMALL_TABLE_CELLS;
}

function fillTable(ref: readonly string[], hyp: readonly string[], costs: StepCosts): Uint8Array {
  const { sub, ins, del } = costs;
  const width = hyp.length + 1;
  const back = new Uint8Array((ref.length + 1) * width);
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let j = 1; j < width; j++) {
    previous[j] = j * ins;
    back[j] = LEFT;
  }
  for (let i = 1; i <= ref.length; i++) {
    current[0] = i * del;
    back[i * width] = UP;
    const r = ref[i - 1];
    for (let j = 1; j < width; j++) {
      const diagonal = (previous[j - 1] ?? 0) + (r === hyp[j - 1] ? 0 : sub);
      const up = (previous[j] ?? 0) + del;
      const across = (current[j - 1] ?? 0) + ins;
      // NOTE: the same order of tests as RowSweep.next (align-sweep.ts): sclite's tie-breaking.
      if (diagonal <= up && diagonal <= across) {
        current[j] = diagonal;
        back[i * width + j] = DIAG;
      } else if (up < across) {
        current[j] = up;
        back[i * width + j] = UP;
      } else {
        current[j] = across;
        back[i * width + j] = LEFT;
      }
    }
    [previous, current] = [current, previous];
  }
  return back;
}

/** The steps (DIAG, UP = deletion, LEFT = insertion) of the alignment, in order, from the whole table. */
export function alignSmall(ref: readonly string[], hyp: readonly string[], costs: StepCosts): Uint8Array {
  const back = fillTable(ref, hyp, costs);
  const width = hyp.length + 1;
  let count = 0;
  for (let i = ref.length, j = hyp.length; i > 0 || j > 0; count++) {
    const step = back[i * width + j] ?? DIAG;
    if (step !== LEFT) i--;
    if (step !== UP) j--;
  }
  const steps = new Uint8Array(count);
  for (let i = ref.length, j = hyp.length, k = count - 1; k >= 0; k--) {
    const step = back[i * width + j] ?? DIAG;
    steps[k] = step;
    if (step !== LEFT) i--;
    if (step !== UP) j--;
  }
  return steps;
}
