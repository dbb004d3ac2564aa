import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../metrics/score-transcript.js';
import { longScoringPair } from './long-scoring-pair.js';
import { runLongScoring } from './long-scoring-role.js';
import { longScoringFromReport, parseScliteSum, scoreWithRtbench, scoringPairs } from './scoring-figure.js';
import type { WorkerContext } from './worker-protocol.js';

describe('the scoring benchmark', () => {
  it('makes the same seeded pairs every time, with sclite-style speaker ids', () => {
    expect(scoringPairs(30)).toEqual(scoringPairs(30));
    expect(scoringPairs(30)[3]?.id).toBe('spk3_000003');
    expect(scoringPairs(100).filter((p) => p.reference === '')).toHaveLength(2);
  });

  it("reads the Sum row of sclite's raw summary", () => {
    const text = '        | SPKR | # Snt # Wrd | Corr    Sub    Del    Ins    Err  S.Err |\n        | Sum  |  420   2732 | 2017    265    450    412   1127    359 |\n';
    expect(parseScliteSum(text)).toEqual({ refTokens: 2732, hits: 2017, substitutions: 265, deletions: 450, insertions: 412 });
    expect(parseScliteSum('no table')).toBeNull();
  });

  it('sums the alignment counts of every pair', () => {
    const counts = scoreWithRtbench([{ id: 'a_1', reference: 'a b c', hypothesis: 'a x c d' }, { id: 'a_2', reference: '', hypothesis: 'z' }]);
    expect(counts).toEqual({ refTokens: 3, hits: 2, substitutions: 1, deletions: 0, insertions: 2 });
  });

  it('makes a seeded long pair of the asked length, with about 9% word errors', () => {
    const pair = longScoringPair(20_000);
    expect(pair).toEqual(longScoringPair(20_000));
    expect(pair.reference.length).toBeGreaterThanOrEqual(20_000);
    expect(pair.reference.length).toBeLessThan(20_020);
    expect(scoreTranscript(pair.reference, pair.hypothesis, { normalizer: 'none' }).wer).toBeGreaterThan(0.06);
    expect(scoreTranscript(pair.reference, pair.hypothesis, { normalizer: 'none' }).wer).toBeLessThan(0.12);
  });

  it('reports what scoring the long pair cost, and puts memory and counts in the detail', async () => {
    let rssBytes = 50 * 1024 * 1024;
    const ctx: WorkerContext = {
      probe: { cpuMs: () => 0, maxRssBytes: () => (rssBytes += 10 * 1024 * 1024), memory: () => ({ heapUsedBytes: 0, externalBytes: 0 }) },
      ready: () => undefined, stopped: new Promise(() => undefined), cwd: '.',
    };
    const report = await runLongScoring({ role: 'long-scoring', characters: 3_000 }, ctx);
    const pair = longScoringPair(3_000);
    expect(report).toMatchObject({ referenceCharacters: pair.reference.length, baselineRssBytes: 60 * 1024 * 1024, maxRssBytes: 70 * 1024 * 1024, characters: scoreTranscript(pair.reference, pair.hypothesis).characters });
    const shown = longScoringFromReport({ ...report, wallMs: 1234, cpuMs: 1200 });
    expect(shown).toMatchObject({ metric: 'scoring_long_pair_ms', value: 1234, unit: 'ms', alternative: null, met: null });
    expect(shown.label).toBe(`scoring one ${pair.reference.length.toLocaleString('en-US')}-character pair`);
    expect(shown.detail).toContain('peak RSS 70 MB (60 MB before scoring; a full table of the characters would need 9 MB)');
  });
});
