import type { TuneAnswer } from './answer.js';
import type { RoundOutcome } from './round.js';
import type { SettingScore } from './score.js';

/** Where a setting ended up. */
export type Verdict = 'recommended' | 'runner-up' | 'worse' | 'dropped' | 'unmet';

/** One setting of the grid: how far it got and why it stopped there. */
export interface SettingEvidence {
  readonly configId: string;
  readonly gridIndex: number;
  /** The last round it ran in (0-based). */
  readonly round: number;
  /** Its rank in that round (1 = best) of how many. */
  readonly rank: number;
  readonly of: number;
  /** Its score in that round, on that round's items. */
  readonly score: SettingScore;
  /** Its score in round 0, on the items every setting ran: the common ground of the trade-off curves. */
  readonly first: SettingScore;
  readonly verdict: Verdict;
  /** The verdict in a few words. */
  readonly why: string;
}

function verdictOf(id: string, score: SettingScore, round: number, rounds: readonly RoundOutcome[], answer: TuneAnswer): { verdict: Verdict; why: string } {
  const last = rounds.length - 1;
  if (answer.recommended?.configId === id) return { verdict: 'recommended', why: 'best setting that meets every condition' };
  const runnerUp = answer.runnersUp.find((c) => c.configId === id);
  if (runnerUp) return { verdict: 'runner-up', why: runnerUp.pWorse === null ? 'not tested (fewer than 2 items)' : `not significantly worse (p = ${runnerUp.pWorse.toFixed(3)})` };
  const worse = answer.worse.find((c) => c.configId === id);
  if (worse) return { verdict: 'worse', why: `significantly worse (p = ${(worse.pWorse ?? 0).toFixed(3)})` };
  if (!score.feasible) return { verdict: 'unmet', why: score.unmet.join('; ') };
  if (round < last) return { verdict: 'dropped', why: `not among the best ${rounds[round]?.kept.length ?? 0} after round ${round + 1}` };
  return { verdict: 'dropped', why: 'ranked below the recommended setting' };
}

/** The evidence of every setting of the grid, in grid order. Pure. */
export function settingEvidence(rounds: readonly RoundOutcome[], answer: TuneAnswer): SettingEvidence[] {
  const [first] = rounds;
  if (first === undefined) return [];
  const lastSeen = new Map<string, { round: number; rank: number; of: number; score: SettingScore }>();
  rounds.forEach((round, r) => {
    round.ranking.forEach((score, i) => {
      lastSeen.set(score.configId, { round: r, rank: i + 1, of: round.ranking.length, score });
    });
  });
  const firstScores = new Map(first.ranking.map((s) => [s.configId, s]));
  return [...lastSeen.entries()]
    .map(([configId, seen]) => ({ configId, gridIndex: seen.score.gridIndex, ...seen, first: firstScores.get(configId) ?? seen.score, ...verdictOf(configId, seen.score, seen.round, rounds, answer) }))
    .sort((a, b) => a.gridIndex - b.gridIndex);
}
