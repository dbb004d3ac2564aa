import { describe, expect, it } from 'vitest';
import { fullMatrixAlignment } from '../../test/helpers/full-matrix-alignment.js';
import { alignPath, DEFAULT_TUNING, DIAG, LEFT, UP, type AlignTuning, type StepCosts } from './align-path.js';
import { createRng } from './stats.js';
import { alignCounts, alignTokens, countOps, type AlignCosts, type AlignOp } from './wer.js';

const COSTS: Record<AlignCosts, StepCosts> = { sclite: { sub: 4, ins: 3, del: 3 }, unit: { sub: 1, ins: 1, del: 1 } };

/** Tunings that push blocks down each branch: direct traces, one checkpoint (Hirschberg), many, recursion. */
const TUNINGS: Record<string, AlignTuning> = {
  default: DEFAULT_TUNING,
  'split in halves down to single rows': { traceCells: 0, checkpointEntries: 0 },
  'a checkpoint in every row': { traceCells: 0, checkpointEntries: Number.MAX_SAFE_INTEGER },
  'a few checkpoints, small traces': { traceCells: 24, checkpointEntries: 30 },
};

type Rng = () => number;
const randomInt = (rng: Rng, n: number): number => Math.floor(rng() * n);
const randomText = (rng: Rng, length: number, vocabulary: number, offset = 0): number[] => Array.from({ length }, () => offset + randomInt(rng, vocabulary));

/** The reference with substitutions, deletions and insertions at the given rate each. */
function edited(rng: Rng, ref: readonly number[], rate: number, vocabulary: number): number[] {
  const out: number[] = [];
  for (const token of ref) {
    const r = rng();
    if (r < rate) out.push(randomInt(rng, vocabulary));
    else if (r < 2 * rate) continue;
    else if (r < 3 * rate) out.push(token, randomInt(rng, vocabulary));
    else out.push(token);
  }
  return out;
}

interface Case {
  readonly shape: string;
  readonly ref: number[];
  readonly hyp: number[];
}

/** Seeded pairs of many shapes; small vocabularies give many ties between optimal alignments. */
function cases(seed: number, count: number, maxLength: number): Case[] {
  const rng = createRng(seed);
  const shapes: ((length: number, vocabulary: number) => Omit<Case, 'shape'> & { shape?: string })[] = [
    (n, v) => { const ref = randomText(rng, n, v); return { ref, hyp: [...ref] }; },
    (n, v) => { const ref = randomText(rng, n, v); return { ref, hyp: edited(rng, ref, 0.05, v) }; },
    (n, v) => { const ref = randomText(rng, n, v); return { ref, hyp: edited(rng, ref, 0.2, v) }; },
    (n, v) => ({ ref: randomText(rng, n, v), hyp: randomText(rng, randomInt(rng, maxLength + 1), v, v) }),
    (n) => ({ ref: randomText(rng, n, 2), hyp: randomText(rng, randomInt(rng, maxLength + 1), 2) }),
    (n) => ({ ref: Array.from({ length: n }, () => 0), hyp: randomText(rng, randomInt(rng, maxLength + 1), 2) }),
    (n, v) => ({ ref: randomText(rng, n, v), hyp: [] }),
    (n, v) => ({ ref: [], hyp: randomText(rng, n, v) }),
    (n, v) => { const ref = randomText(rng, n, v); const cut = randomInt(rng, n + 1); return { ref, hyp: [...ref.slice(cut), ...ref.slice(0, cut)] }; },
    (n, v) => { const ref = randomText(rng, n, v); const from = randomInt(rng, n + 1); return { ref, hyp: [...ref.slice(0, from), ...ref.slice(from + randomInt(rng, 8))] }; },
    (n, v) => ({ ref: randomText(rng, n, v), hyp: randomText(rng, randomInt(rng, maxLength + 1), v) }),
  ];
  const names = ['equal', 'near-equal', 'noisy', 'disjoint', 'two tokens', 'one token repeated', 'empty hypothesis', 'empty reference', 'rotated', 'a run dropped', 'independent'];
  return Array.from({ length: count }, (_, k) => {
    const shape = k % shapes.length;
    const made = shapes[shape]!(randomInt(rng, maxLength + 1), 1 + randomInt(rng, 6));
    return { shape: names[shape]!, ref: made.ref, hyp: made.hyp };
  });
}

const asText = (tokens: readonly number[]): string[] => tokens.map((t) => `w${t}`);
const stepOf = (op: AlignOp): number => (op.op === 'delete' ? UP : op.op === 'insert' ? LEFT : DIAG);

describe('alignPath against the full-matrix table', () => {
  for (const [tuningName, tuning] of Object.entries(TUNINGS)) {
    for (const costs of ['sclite', 'unit'] as const) {
      it(`traces the same path, ties included (${costs} costs, ${tuningName})`, () => {
        for (const c of cases(costs === 'sclite' ? 1907 : 2411, 330, 24)) {
          const expected = fullMatrixAlignment(asText(c.ref), asText(c.hyp), costs).ops.map(stepOf);
          const got = Array.from(alignPath(Int32Array.from(c.ref), Int32Array.from(c.hyp), COSTS[costs], tuning));
          expect(got, `${c.shape}: ${c.ref.join(' ')} | ${c.hyp.join(' ')}`).toEqual(expected);
        }
      });
    }
  }

  it('traces the same path on longer texts, where the beam sets the limit and blocks are cut into parts', () => {
    const tunings = [DEFAULT_TUNING, { traceCells: 5_000, checkpointEntries: 400 }, { traceCells: 2_000, checkpointEntries: 0 }];
    for (const c of cases(733, 44, 600)) {
      for (const costs of ['sclite', 'unit'] as const) {
        const expected = fullMatrixAlignment(asText(c.ref), asText(c.hyp), costs).ops.map(stepOf);
        for (const tuning of tunings) {
          expect(Array.from(alignPath(Int32Array.from(c.ref), Int32Array.from(c.hyp), COSTS[costs], tuning)), `${c.shape}, ${costs}`).toEqual(expected);
        }
      }
    }
  });
});

describe('alignTokens and alignCounts against the full-matrix table', () => {
  it('give the same alignment and counts, short inputs (one table) and long ones (the linear-memory path)', () => {
    for (const costs of ['sclite', 'unit'] as const) {
      for (const c of [...cases(5113, 220, 40), ...cases(6151, 22, 700)]) {
        const ref = asText(c.ref);
        const hyp = asText(c.hyp);
        const expected = fullMatrixAlignment(ref, hyp, costs);
        const got = alignTokens(ref, hyp, { costs });
        expect(got, c.shape).toEqual(expected);
        expect(alignCounts(ref, hyp, { costs }), c.shape).toEqual(countOps(expected.ops));
      }
    }
  });
});
