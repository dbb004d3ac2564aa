/**
 * One measured figure of `rtbench bench`: rtbench's value next to the alternative measured in
 * the same run, their ratio, and the target it is held to.
 */
export interface BenchFigure {
  /** Stable snake_case name with its unit, e.g. `pacing_p99_ms_1_stream`. */
  readonly metric: string;
  /** What was measured, in words. */
  readonly label: string;
  readonly unit: string;
  /** rtbench's value; null when it could not be measured (see `detail`). */
  readonly value: number | null;
  /** What it is compared with; null when there is nothing to compare with. */
  readonly alternative: string | null;
  readonly alternativeValue: number | null;
  /** The target as written in the issue, e.g. `<= 2` or `>= 0.9x`. */
  readonly target: string;
  /** Whether the target is met; null when it could not be judged. */
  readonly met: boolean | null;
  /** How it was measured, or why a value is missing. */
  readonly detail: string;
}

/** How a target reads a figure. */
export type TargetRule =
  | { readonly kind: 'value-max'; readonly max: number }
  | { readonly kind: 'value-min'; readonly min: number }
  | { readonly kind: 'ratio-max'; readonly max: number }
  | { readonly kind: 'ratio-min'; readonly min: number }
  | { readonly kind: 'none' };

/** rtbench's value over the alternative's; null when either is missing or the alternative is 0. */
export function ratioOf(figure: Pick<BenchFigure, 'value' | 'alternativeValue'>): number | null {
  const { value, alternativeValue } = figure;
  if (value === null || alternativeValue === null || !Number.isFinite(value) || !Number.isFinite(alternativeValue) || alternativeValue === 0) return null;
  return value / alternativeValue;
}

/** The target as text. */
export function targetText(rule: TargetRule, unit: string): string {
  switch (rule.kind) {
    case 'value-max':
      return `<= ${rule.max} ${unit}`;
    case 'value-min':
      return `>= ${rule.min} ${unit}`;
    case 'ratio-max':
      return `<= ${rule.max}x the alternative`;
    case 'ratio-min':
      return `>= ${rule.min}x the alternative`;
    case 'none':
      return '';
  }
}

/** Whether a figure meets its target; null when the numbers it needs are missing. */
export function meets(rule: TargetRule, figure: Pick<BenchFigure, 'value' | 'alternativeValue'>): boolean | null {
  const { value } = figure;
  const ratio = ratioOf(figure);
  switch (rule.kind) {
    case 'value-max':
      return value === null || !Number.isFinite(value) ? null : value <= rule.max;
    case 'value-min':
      return value === null || !Number.isFinite(value) ? null : value >= rule.min;
    case 'ratio-max':
      return ratio === null ? null : ratio <= rule.max;
    case 'ratio-min':
      return ratio === null ? null : ratio >= rule.min;
    case 'none':
      return null;
  }
}

/** What a measurement reports before the target is applied. */
export interface FigureInput {
  readonly metric: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number | null;
  readonly alternative?: string | null;
  readonly alternativeValue?: number | null;
  readonly rule?: TargetRule;
  readonly detail?: string;
}

/** Makes a figure, judging it against its rule. */
export function figure(input: FigureInput): BenchFigure {
  const rule = input.rule ?? { kind: 'none' };
  const base = { value: finiteOrNull(input.value), alternativeValue: finiteOrNull(input.alternativeValue ?? null) };
  return {
    metric: input.metric,
    label: input.label,
    unit: input.unit,
    ...base,
    alternative: input.alternative ?? null,
    target: targetText(rule, input.unit),
    met: meets(rule, base),
    detail: input.detail ?? '',
  };
}

function finiteOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}
