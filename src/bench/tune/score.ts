import { conditionHolds, objectiveValue, type Objective } from '../../config/objective.js';
import { evaluateExpression } from '../../config/metric-expression.js';
import { SETTING_NAMES, settingValue } from '../../config/thresholds.js';
import type { ItemResult } from '../../metrics/item-result.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { metricOfItems } from '../item-metrics.js';

/** How one setting did on a set of items. */
export interface SettingScore {
  readonly configId: string;
  /** Its place in the grid: ties go to the earlier setting. */
  readonly gridIndex: number;
  readonly items: number;
  readonly sessions: number;
  readonly objective: number | null;
  /** Every constraint holds, no session failed, and the objective has a value. */
  readonly feasible: boolean;
  /** Why it is not feasible: constraints that do not hold, failed sessions, no objective value. */
  readonly unmet: readonly string[];
  /** The value of every metric the objective names, and of each constraint's left side. */
  readonly values: Readonly<Record<string, number | null>>;
}

/** Looks metrics up in a set of item results, and settings in their config. */
export function itemsLookup(config: ConfigRecord, items: readonly ItemResult[]): (name: string) => number | null {
  const cache = new Map<string, number | null>();
  return (name) => {
    if ((SETTING_NAMES as readonly string[]).includes(name)) return settingValue(config, name);
    if (!cache.has(name)) cache.set(name, metricOfItems(items, name));
    return cache.get(name) ?? null;
  };
}

/**
 * The objective over item results of one config (settings read from their config), as a
 * statistic for the bootstrap: null when it has no value. A max objective comes negated, so
 * that worse is always larger, as paired tests take it.
 */
export function objectiveOfItems(objective: Objective): (items: readonly ItemResult[]) => number | null {
  const sign = objective.direction === 'min' ? 1 : -1;
  return (items) => {
    const config = items[0]?.config;
    const value = config === undefined ? null : objectiveValue(objective, itemsLookup(config, items));
    return value === null ? null : sign * value;
  };
}

/** Scores one setting on its item results. Pure. */
export function scoreSetting(objective: Objective, config: ConfigRecord, gridIndex: number, results: readonly ItemResult[]): SettingScore {
  const lookup = itemsLookup(config, results);
  const value = objectiveValue(objective, lookup);
  const unmet = objective.constraints.filter((c) => !conditionHolds(c, lookup)).map((c) => c.expression);
  const failed = results.filter((r) => r.status === 'error').length;
  if (failed > 0) unmet.push(`${failed} session(s) failed`);
  if (value === null) unmet.push('no value for the objective');
  const values: Record<string, number | null> = {};
  for (const metric of objective.metrics) values[metric] = lookup(metric);
  for (const c of objective.constraints) values[c.metric] = evaluateExpression(c.expr, lookup);
  return { configId: config.config_id, gridIndex, items: new Set(results.map((r) => r.itemId)).size, sessions: results.length, objective: value, feasible: unmet.length === 0, unmet, values };
}

/**
 * Orders scores best first: feasible settings by objective, then infeasible ones by how many
 * conditions they miss and then by objective; ties go to the earlier setting in the grid.
 */
export function rankScores(scores: readonly SettingScore[], direction: Objective['direction']): SettingScore[] {
  const sign = direction === 'min' ? 1 : -1;
  const objective = (s: SettingScore): number => (s.objective === null ? Infinity : sign * s.objective);
  return [...scores].sort((a, b) => Number(b.feasible) - Number(a.feasible) || (a.feasible ? 0 : a.unmet.length - b.unmet.length) || objective(a) - objective(b) || a.gridIndex - b.gridIndex);
}
