import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ItemResult } from './item-result.js';
import { erfc, normalCdf, twoSidedP } from './normal.js';
import { averageRanks } from './paired-tests.js';
import { compareItemResults, compareLatencies, compareWer, mapsswe, pairedBootstrap, signTest, wilcoxonSignedRank } from './significance.js';
import { percentile } from './stats.js';
import { alignTokens, words } from './wer.js';

interface PairedCase {
  name: string;
  baseline: number[];
  candidate: number[];
  method: 'exact' | 'approx';
  wilcoxon_p?: number;
  sign_p: number;
}

// Values from scipy.stats / numpy.percentile: test/golden/stats/generate.py.
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../test/golden/stats/expected.json'), 'utf8')) as {
  paired: PairedCase[];
  percentiles: { values: number[]; p: Record<string, number> }[];
};

describe('normal distribution', () => {
  it('matches known values of erfc and the normal CDF', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 14);
    expect(erfc(3.5)).toBeCloseTo(7.43098372341412e-7, 18);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(twoSidedP(-1)).toBeCloseTo(0.317310507862914, 14);
    expect(twoSidedP(8)).toBeGreaterThan(0);
  });
});

describe('paired tests against scipy', () => {
  it.each(expected.paired)('Wilcoxon signed-rank: $name', (c) => {
    const result = wilcoxonSignedRank(c.baseline, c.candidate);
    expect(result.method).toBe(c.method === 'exact' ? 'exact' : 'normal');
    if (c.wilcoxon_p !== undefined) expect(result.pValue).toBeCloseTo(c.wilcoxon_p, 12);
  });

  it.each(expected.paired)('sign test: $name', (c) => {
    expect(signTest(c.baseline, c.candidate).pValue).toBeCloseTo(c.sign_p, 12);
  });

  it('ranks ties by their average rank', () => {
    expect(averageRanks([3, 1, 3, 2])).toEqual({ ranks: [3.5, 1, 3.5, 2], tieGroups: [2] });
  });

  it('drops zero differences and reports them', () => {
    expect(wilcoxonSignedRank([1, 2, 3], [1, 2, 4])).toMatchObject({ n: 1, zeros: 2, wPlus: 1, pValue: 1 });
  });
});

describe('percentiles against numpy (type 7)', () => {
  it.each(expected.percentiles.map((c) => [c.values.length, c] as const))('n = %i', (_n, c) => {
    for (const [p, value] of Object.entries(c.p)) expect(percentile(c.values, Number(p))).toBeCloseTo(value, 9);
  });
});

describe('MAPSSWE', () => {
  const ops = (ref: string, hyp: string) => alignTokens(words(ref), words(hyp)).ops;

  it('splits an utterance into segments bounded by two words correct in both systems', () => {
    const ref = 'a b c d e f g h';
    const result = mapsswe([ops(ref, 'a x c d e f g h')], [ops(ref, 'a b c d e f y h')]);
    expect(result).toMatchObject({ segments: 2, meanDifference: 0, z: 0, pValue: 1, errorRateA: 1 / 8, errorRateB: 1 / 8 });
  });

  it('counts trailing insertions of the second system', () => {
    expect(mapsswe([ops('a b c', 'a b c')], [ops('a b c', 'a b c d')])).toMatchObject({ segments: 1, errorRateA: 0, errorRateB: 0.5 });
  });

  it('leaves out utterances whose references differ', () => {
    expect(mapsswe([ops('a b', 'a b')], [ops('a c', 'a b')])).toMatchObject({ utterances: 0, skipped: 1, segments: 0 });
  });
});

describe('paired bootstrap', () => {
  it('is reproducible and brackets a clear difference away from zero', () => {
    const base = Array.from({ length: 40 }, (_, i) => 500 + ((i * 37) % 50));
    const cand = base.map((v) => v + 80);
    const a = compareLatencies('stopped_to_transcript_ms', base, cand, { seed: 3 });
    expect(compareLatencies('stopped_to_transcript_ms', base, cand, { seed: 3 })).toEqual(a);
    expect(a.medianDeltaMs.value).toBe(80);
    expect(a.medianDeltaMs.ciLow).toBeGreaterThan(0);
    expect(a.medianDeltaMs.pValue).toBe(0);
    expect(a.wilcoxon.significant).toBe(true);
  });

  it('finds no difference between identical configs', () => {
    const same = [1, 2, 3, 4, 5];
    const d = pairedBootstrap(5, () => 0);
    expect(d).toMatchObject({ value: 0, pValue: 1 });
    expect(compareLatencies('connect_ms', same, same).wilcoxon.pValue).toBe(1);
  });
});

function item(itemId: string, errors: number, refWords: number, transcriptMs: number | null, ref = 'a b c d', hyp = 'a b c d'): ItemResult {
  return {
    itemId, repeat: 0, refWords, substitutions: errors, deletions: 0, insertions: 0, alignment: alignTokens(words(ref), words(hyp)).ops,
    latencies: { speech_end_to_stopped_ms: null, stopped_to_first_delta_ms: null, stopped_to_transcript_ms: transcriptMs, stopped_to_first_audio_ms: null, speech_end_to_first_audio_ms: null, connect_ms: 10, session_ready_ms: null },
  } as unknown as ItemResult;
}

describe('compareItemResults', () => {
  it('joins by item and repeat, compares WER and every latency present on both sides', () => {
    const base = [item('a', 1, 10, 400), item('b', 0, 10, 420), item('c', 2, 10, 390), item('only-base', 0, 5, 100)];
    const cand = [item('a', 0, 10, 300), item('b', 0, 10, 310), item('c', 1, 10, null), item('only-cand', 0, 5, 100)];
    const cmp = compareItemResults(base, cand, { seed: 1 });
    expect(cmp).toMatchObject({ matched: 3, baselineOnly: ['only-base#0'], candidateOnly: ['only-cand#0'] });
    expect(cmp.wer).toMatchObject({ n: 3, baselineWer: 0.1, candidateWer: 1 / 30 });
    expect(cmp.latencies.stopped_to_transcript_ms).toMatchObject({ n: 2, baselineMedianMs: 410, candidateMedianMs: 305 });
    expect(cmp.latencies.connect_ms?.n).toBe(3);
    expect(cmp.latencies.session_ready_ms).toBeNull();
  });

  it('pools WER as Σ errors / Σ words in the bootstrap delta', () => {
    const cmp = compareWer([{ errors: 2, refWords: 4, alignment: null }, { errors: 0, refWords: 16, alignment: null }], [{ errors: 0, refWords: 4, alignment: null }, { errors: 0, refWords: 16, alignment: null }]);
    expect(cmp.delta.value).toBeCloseTo(-0.1, 12);
    expect(cmp.mapsswe).toBeNull();
  });
});
