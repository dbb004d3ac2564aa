import type { Objective } from '../../config/objective.js';
import type { ItemResult } from '../../metrics/item-result.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { pairedTest, type PairedTestResult } from '../paired-test.js';
import { groupResults } from '../run-result.js';
import { objectiveOfItems, rankScores, scoreSetting, type SettingScore } from './score.js';

/** Why a search ended after a round. */
export type StopReason = 'last-round' | 'sure';

/** A paired test of one setting against the leader, on the items both ran. */
export interface LeaderTest extends PairedTestResult {
  readonly configId: string;
}

/** What a round found and decided. */
export interface RoundOutcome {
  readonly index: number;
  /** Item ids the round covers (the rounds before included). */
  readonly items: readonly string[];
  readonly ranking: readonly SettingScore[];
  /** Settings that go on to the next round; empty when the search ends here. */
  readonly kept: readonly string[];
  readonly stop: StopReason | null;
  /** Settings that would go on, tested against the leader (for the `sure` stop). */
  readonly leaderTests: readonly LeaderTest[];
}

/** How rounds decide. */
export interface RoundRules {
  readonly objective: Objective;
  readonly eta: number;
  readonly alpha: number;
  readonly seed: number;
  /** Bootstrap resamples of every paired test. @default 1000 */
  readonly resamples?: number;
}

/** One setting's results of a round, with its config and its place in the grid. */
export interface SettingResults {
  readonly config: ConfigRecord;
  readonly gridIndex: number;
  readonly results: readonly ItemResult[];
}

/** Results as clusters per item (every repeat of item k in cluster k), in the order of `items`. */
export function clustersOf(results: readonly ItemResult[], items: readonly string[]): ItemResult[][] {
  const byItem = groupResults(results, (r) => r.itemId);
  return items.map((id) => byItem.get(id) ?? []);
}

/**
 * Tests each setting against the leader on the round's items: a one-sided paired bootstrap of
 * the objective (`pWorse`: small when the setting is worse on nearly every resample), as
 * `rtbench compare` tests a candidate against its baseline.
 */
export function testAgainstLeader(leader: SettingResults, others: readonly SettingResults[], items: readonly string[], rules: RoundRules): LeaderTest[] {
  const baseline = clustersOf(leader.results, items);
  const statistic = objectiveOfItems(rules.objective);
  return others.map((other, i) => ({
    ...pairedTest({ baseline, candidate: clustersOf(other.results, items) }, statistic, { seed: rules.seed + i, resamples: rules.resamples }),
    configId: other.config.config_id,
  }));
}

/**
 * Decides one round: ranks its settings on its items, keeps the best ceil(n/eta) for the next
 * round, and ends the search on the last round or when it is sure: the leader meets every
 * condition and each setting that would go on is significantly worse than it (p below alpha
 * divided by their number, a Bonferroni correction), so more items would not change the answer.
 */
export function decideRound(index: number, last: boolean, settings: readonly SettingResults[], items: readonly string[], rules: RoundRules): RoundOutcome {
  const byId = new Map(settings.map((s) => [s.config.config_id, s]));
  const ranking = rankScores(settings.map((s) => scoreSetting(rules.objective, s.config, s.gridIndex, s.results)), rules.objective.direction);
  const base = { index, items, ranking };
  if (last) return { ...base, kept: [], stop: 'last-round', leaderTests: [] };
  const kept = ranking.slice(0, Math.ceil(ranking.length / rules.eta)).map((s) => s.configId);
  const [leader, ...rivals] = kept.map((id) => byId.get(id) as SettingResults);
  if (leader === undefined || ranking[0]?.feasible !== true || rivals.length === 0) return { ...base, kept, stop: null, leaderTests: [] };
  const leaderTests = testAgainstLeader(leader, rivals, items, rules);
  const sure = leaderTests.every((t) => t.pWorse !== null && t.pWorse < rules.alpha / leaderTests.length);
  return { ...base, kept: sure ? [] : kept, stop: sure ? 'sure' : null, leaderTests };
}
