import { describe, expect, it } from 'vitest';
import { configRecord, item, turn } from '../../../test/helpers/items.js';
import { parseObjective } from '../../config/objective.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { decideRound, type RoundRules, type SettingResults } from './round.js';
import { rankScores, scoreSetting } from './score.js';

const ITEMS = ['a', 'b', 'c', 'd'];

/** A setting whose item k has splits[k] of its 2 expected turns cut and errors[k] word errors in 10. */
function setting(gridIndex: number, config: ConfigRecord, splits: readonly number[], errors: readonly number[] = [], status: 'ok' | 'error' = 'ok'): SettingResults {
  const results = ITEMS.slice(0, splits.length).map((id, k) => item(id, { config, splits: splits[k] ?? 0, errors: errors[k] ?? 0, turns: [turn(0), turn(1)], status: k === 0 ? status : 'ok' }));
  return { config, gridIndex, results };
}

const rules = (objective: string, eta = 3): RoundRules => ({ objective: parseObjective(objective), eta, alpha: 0.05, seed: 1, resamples: 200 });

describe('scoring and ranking settings', () => {
  const objective = parseObjective('min turn_split_rate + silence_duration_ms/10000 subject to wer<0.2');

  it('scores the objective with the setting\'s own values, and says which conditions fail', () => {
    const s = scoreSetting(objective, configRecord(0.5, 600), 0, setting(0, configRecord(0.5, 600), [1, 0]).results);
    expect(s.objective).toBeCloseTo(0.25 + 0.06, 12);
    expect(s.feasible).toBe(true);
    expect(s.values).toEqual({ turn_split_rate: 0.25, wer: 0 });
    const failing = scoreSetting(objective, configRecord(0.5, 600), 0, setting(0, configRecord(0.5, 600), [0, 0], [5, 5], 'error').results);
    expect(failing.feasible).toBe(false);
    expect(failing.unmet).toEqual(['wer<0.2', '1 session(s) failed']);
  });

  it('puts feasible settings first, by objective; infeasible ones by how much they miss; ties to the earlier setting', () => {
    const scores = [
      scoreSetting(objective, configRecord(0.5, 900), 0, setting(0, configRecord(0.5, 900), [0, 0], [5, 5], 'error').results),
      scoreSetting(objective, configRecord(0.5, 800), 1, setting(1, configRecord(0.5, 800), [0, 0], [5, 5]).results),
      scoreSetting(objective, configRecord(0.6, 600), 2, setting(2, configRecord(0.6, 600), [0, 0]).results),
      scoreSetting(objective, configRecord(0.4, 600), 3, setting(3, configRecord(0.4, 600), [0, 0]).results),
      scoreSetting(objective, configRecord(0.5, 200), 4, setting(4, configRecord(0.5, 200), [1, 1]).results),
    ];
    expect(rankScores(scores, 'min').map((s) => s.gridIndex)).toEqual([2, 3, 4, 1, 0]);
    expect(rankScores(scores, 'max').map((s) => s.gridIndex)).toEqual([4, 2, 3, 1, 0]);
  });
});

describe('decideRound', () => {
  const grid = [200, 400, 600, 800, 1000, 1200].map((ms) => configRecord(0.5, ms));
  // Short silences cut turns; every step of 200 ms costs 0.02.
  const splits = [[2, 2, 2, 2], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];

  it('keeps the best ceil(n/eta) settings for the next round', () => {
    const settings = grid.map((c, i) => setting(i, c, splits[i]?.slice(0, 2) ?? []));
    const outcome = decideRound(0, false, settings, ITEMS.slice(0, 2), rules('min turn_split_rate'));
    // Four settings tie at 0 and none of the kept ones is significantly worse than the leader: go on.
    expect(outcome.kept).toEqual([grid[2]?.config_id, grid[3]?.config_id]);
    expect(outcome.stop).toBeNull();
    expect(outcome.leaderTests.map((t) => t.pWorse)).toEqual([1]);
  });

  it('stops when the leader is significantly better than every setting that would go on', () => {
    const settings = grid.map((c, i) => setting(i, c, splits[i] ?? []));
    const outcome = decideRound(0, false, settings, ITEMS, rules('min turn_split_rate + silence_duration_ms/10000'));
    expect(outcome.ranking[0]?.configId).toBe(grid[2]?.config_id);
    expect(outcome.stop).toBe('sure');
    expect(outcome.kept).toEqual([]);
    expect(outcome.leaderTests[0]?.pWorse).toBeLessThan(0.025);
  });

  it('does not stop early on a leader that misses a condition, and always stops on the last round', () => {
    const settings = grid.map((c, i) => setting(i, c, splits[i] ?? [], [3, 3, 3, 3]));
    const strict = decideRound(0, false, settings, ITEMS, rules('min turn_split_rate + silence_duration_ms/10000 subject to wer<0.1'));
    expect(strict.ranking.every((s) => !s.feasible)).toBe(true);
    expect(strict.stop).toBeNull();
    expect(strict.kept).toHaveLength(2);
    const last = decideRound(1, true, settings.slice(0, 2), ITEMS, rules('min turn_split_rate'));
    expect(last).toMatchObject({ stop: 'last-round', kept: [] });
  });
});
