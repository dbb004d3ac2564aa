import { ConfigError } from '../errors.js';
import { evaluateExpression, expressionNames, formatExpression, parseMetricExpression, type MetricExpression } from './metric-expression.js';
import { compares, parseComparison, SETTING_NAMES, splitExpressions, THRESHOLD_METRICS, type Threshold } from './thresholds.js';

/**
 * What `rtbench tune` optimises: `min EXPR` or `max EXPR`, optionally followed by
 * `subject to C1, C2 …`, where EXPR is an expression over metrics and settings (the language
 * of `--fail-on`) and each constraint is a comparison a setting must make hold, e.g.
 * `min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200`.
 */
export interface Objective {
  /** As given. */
  readonly text: string;
  readonly direction: 'min' | 'max';
  readonly expr: MetricExpression;
  /** The expression written out (formatExpression). */
  readonly expression: string;
  /** Comparisons that must hold. */
  readonly constraints: readonly Threshold[];
  /** Every metric the objective and its constraints use (settings left out). */
  readonly metrics: readonly string[];
}

/** A value that looks a name up: a metric or a setting of one config. */
export type NameLookup = (name: string) => number | null;

const HEAD = /^\s*(min|max|minimi[sz]e|maximi[sz]e)\b\s*([\s\S]*)$/i;
const SUBJECT_TO = /\bsubject\s+to\b/i;
const FLAG = '--objective';

/** Parses the conditions of `subject to` (or of `toMeet`): comma-separated comparisons; throws one ConfigError naming each bad one. */
export function parseConditions(expressions: readonly string[], flag: string): Threshold[] {
  const problems: string[] = [];
  const parsed = splitExpressions(expressions).map((raw) => {
    if (!/[<>]/.test(raw)) {
      problems.push(`${flag} ${raw}: a condition compares a metric with a number, e.g. wer<0.1 or stopped_to_transcript_ms.p95<1200`);
      return null;
    }
    return parseComparison(raw, flag, problems);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.filter((t): t is Threshold => t !== null);
}

/** Parses `--objective`; throws one ConfigError that says what is wrong and how to write it. */
export function parseObjective(text: string): Objective {
  const head = HEAD.exec(text);
  if (head === null) {
    throw new ConfigError([`${FLAG} ${JSON.stringify(text)}: start with min or max, e.g. "min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200"`]);
  }
  const direction = (head[1] ?? '').toLowerCase().startsWith('min') ? 'min' : 'max';
  const [body = '', ...rest] = (head[2] ?? '').split(SUBJECT_TO);
  const parsed = parseMetricExpression(body);
  const problems: string[] = [];
  if ('error' in parsed) problems.push(`${FLAG}: "${body.trim()}" is not an expression (${parsed.error})`);
  const names = 'error' in parsed ? [] : expressionNames(parsed.expr);
  const unknown = names.filter((n) => !THRESHOLD_METRICS.includes(n) && !(SETTING_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) problems.push(`${FLAG}: unknown metric ${unknown.map((n) => `"${n}"`).join(', ')}; use the metrics of --fail-on or a setting (${SETTING_NAMES.join(', ')})`);
  if (rest.length > 1) problems.push(`${FLAG}: write "subject to" once, then the constraints separated by commas`);
  if (rest.length === 1 && (rest[0] ?? '').trim() === '') problems.push(`${FLAG}: "subject to" needs at least one constraint, e.g. stopped_to_transcript_ms.p95<1200`);
  let constraints: Threshold[] = [];
  try {
    constraints = parseConditions(rest.slice(0, 1), `${FLAG} constraint`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || 'error' in parsed) throw new ConfigError(problems, { hint: 'The objective language is described under "rtbench tune" in the README.' });
  const metrics = [...new Set([...names, ...constraints.flatMap((c) => c.metrics)])].filter((n) => THRESHOLD_METRICS.includes(n));
  return { text: text.trim(), direction, expr: parsed.expr, expression: formatExpression(parsed.expr), constraints, metrics };
}

/** The objective's value for one config; null when a metric it uses has none. */
export function objectiveValue(objective: Objective, lookup: NameLookup): number | null {
  return evaluateExpression(objective.expr, lookup);
}

/** Whether a condition holds; a left side without a value does not hold (nothing shows that it does). */
export function conditionHolds(condition: Threshold, lookup: NameLookup): boolean {
  const actual = evaluateExpression(condition.expr, lookup);
  return actual !== null && compares(actual, condition.op, condition.value);
}

/** The objective written out canonically: `min EXPR subject to C1, C2`. */
export function describeObjective(objective: Objective): string {
  const constraints = objective.constraints.length === 0 ? '' : ` subject to ${objective.constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ')}`;
  return `${objective.direction} ${objective.expression}${constraints}`;
}
