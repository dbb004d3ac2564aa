import type { Objective } from '../../config/objective.js';
import type { Threshold } from '../../config/thresholds.js';
import { bootstrap, deriveSeed } from '../../metrics/stats.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { clustersOf, testAgainstLeader, type LeaderTest, type RoundOutcome, type RoundRules, type SettingResults } from './round.js';
import { objectiveOfItems, type SettingScore } from './score.js';

/** A setting of the last round next to the recommended one. */
export interface Contender {
  readonly configId: string;
  readonly objective: number | null;
  /** Its objective − the recommended one's, with a 95% interval (paired bootstrap over the shared items). */
  readonly delta: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** One-sided p-value that it is worse than the recommended setting; null without a test (fewer than 2 items). */
  readonly pWorse: number | null;
  readonly items: number;
}

/** What a tune recommends, and the evidence. */
export interface TuneAnswer {
  /** The best setting that meets every condition; null when none does. */
  readonly recommended: SettingScore | null;
  /** Settings of the last round that meet every condition and are not significantly worse (p ≥ alpha). */
  readonly runnersUp: readonly Contender[];
  /** Settings of the last round that meet every condition and are significantly worse. */
  readonly worse: readonly Contender[];
  /** Items the last round compared the settings on. */
  readonly items: number;
  /** The recommended setting's objective with a 95% bootstrap interval over those items. */
  readonly objectiveInterval: { readonly value: number; readonly ciLow: number | null; readonly ciHigh: number | null } | null;
  /** `--fail-on` expressions that lock the recommendation in: fail when worse than measured. */
  readonly gate: readonly string[];
}

function inObjectiveUnits(test: LeaderTest, direction: Objective['direction']): Omit<Contender, 'objective' | 'items'> {
  // Paired tests take a max objective negated (worse = larger); report it the right way up.
  if (direction === 'min') return { configId: test.configId, delta: test.delta, ciLow: test.ciLow, ciHigh: test.ciHigh, pWorse: test.pWorse };
  const neg = (v: number | null): number | null => (v === null ? null : -v);
  return { configId: test.configId, delta: neg(test.delta), ciLow: neg(test.ciHigh), ciHigh: neg(test.ciLow), pWorse: test.pWorse };
}

/** A number rounded away from the recommended value's side, to 4 significant digits, so that the measured value passes its own gate. */
export function roundOutward(value: number, up: boolean): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 3);
  const scaled = value / step;
  // Floating-point dust (0.06 arriving as 0.060000000000000005) must not move the bound a step.
  const rounded = up ? Math.ceil(scaled - 1e-6) : Math.floor(scaled + 1e-6);
  return Number((rounded * step).toPrecision(12));
}

const NEGATED: Readonly<Record<Threshold['op'], Threshold['op']>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** The gate of a recommendation: the objective no worse than the upper end of its interval (or its value), and every constraint. */
export function gateOf(objective: Objective, limit: number): string[] {
  const op = objective.direction === 'min' ? '>' : '<';
  const bound = roundOutward(limit, objective.direction === 'min');
  return [`${objective.expression} ${op} ${bound}`, ...objective.constraints.map((c) => `${c.metric} ${NEGATED[c.op]} ${c.value}`)];
}

function objectiveInterval(rules: RoundRules, best: SettingResults, items: readonly string[]): TuneAnswer['objectiveInterval'] {
  const clusters = clustersOf(best.results, items).filter((c) => c.length > 0);
  const statistic = objectiveOfItems(rules.objective);
  const sign = rules.objective.direction === 'min' ? 1 : -1;
  const estimate = bootstrap(clusters.map((_, i) => i), (picked) => statistic(picked.flatMap((i) => clusters[i] ?? [])) ?? Number.NaN, deriveSeed(rules.seed, 'tune-gate'), rules.resamples);
  if (!Number.isFinite(estimate.value)) return null;
  const [low, high] = sign === 1 ? [estimate.ciLow, estimate.ciHigh] : [-estimate.ciHigh, -estimate.ciLow];
  return { value: sign * estimate.value, ciLow: Number.isFinite(low) ? low : null, ciHigh: Number.isFinite(high) ? high : null };
}

/**
 * The answer of a search from its last round: the leader when it meets every condition, each
 * other feasible setting of that round tested against it on the same items, and the gate.
 */
export function answerOf(last: RoundOutcome, settings: readonly SettingResults[], rules: RoundRules): TuneAnswer {
  const leader = last.ranking[0];
  const empty = { runnersUp: [], worse: [], items: last.items.length, objectiveInterval: null, gate: [] };
  if (leader?.feasible !== true) return { recommended: null, ...empty };
  const byId = new Map(settings.map((s) => [s.config.config_id, s]));
  const best = byId.get(leader.configId) as SettingResults;
  const rivals = last.ranking.slice(1).filter((s) => s.feasible);
  const tests = testAgainstLeader(best, rivals.map((s) => byId.get(s.configId) as SettingResults), last.items, rules);
  const contenders = tests.map((t, i): Contender => ({ ...inObjectiveUnits(t, rules.objective.direction), objective: rivals[i]?.objective ?? null, items: t.pairs }));
  const interval = objectiveInterval(rules, best, last.items);
  const limit = rules.objective.direction === 'min' ? (interval?.ciHigh ?? interval?.value) : (interval?.ciLow ?? interval?.value);
  return {
    recommended: leader,
    runnersUp: contenders.filter((c) => c.pWorse === null || c.pWorse >= rules.alpha),
    worse: contenders.filter((c) => c.pWorse !== null && c.pWorse < rules.alpha),
    items: last.items.length,
    objectiveInterval: interval,
    gate: limit === undefined ? [] : gateOf(rules.objective, limit),
  };
}

/** The settings of a config as `rtbench run` options (the matrix lists with one value each). */
export function settingOptions(config: ConfigRecord): Record<string, unknown> {
  const vad: Record<string, unknown> =
    config.vad === 'server_vad'
      ? { threshold: [config.threshold], prefixPaddingMs: [config.prefix_padding_ms], silenceDurationMs: [config.silence_duration_ms] }
      : config.vad === 'semantic_vad'
        ? { eagerness: [config.eagerness] }
        : {};
  return {
    ...(config.session === 'realtime' ? { model: [config.model] } : {}),
    transcribeModel: [config.transcribe_model],
    protocol: [config.protocol],
    session: [config.session],
    vad: [config.vad],
    ...vad,
    ...(config.format === 'pcm16' ? { rate: [config.rate_hz] } : {}),
    format: config.format,
  };
}
