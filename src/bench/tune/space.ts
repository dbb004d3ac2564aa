/**
 * The settings `rtbench tune` searches: each numeric setting as a range `from..to` (with a step)
 * or a comma list, turned into the value lists the matrix (config/matrix.ts) crosses.
 */

/** The numeric settings a tune can range over, by flag. */
export const RANGE_SETTINGS = {
  threshold: { flag: 'threshold', name: 'threshold', defaultStep: 0.1 },
  prefixPaddingMs: { flag: 'prefix-padding-ms', name: 'prefix_padding_ms', defaultStep: 100 },
  silenceDurationMs: { flag: 'silence-duration-ms', name: 'silence_duration_ms', defaultStep: 100 },
} as const;

/** One of the settings a tune ranges over. */
export type RangeSetting = keyof typeof RANGE_SETTINGS;

/** At most this many values per setting: a finer grid is a typo more often than a wish. */
export const MAX_VALUES_PER_SETTING = 1000;

const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const RANGE = new RegExp(`^(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})(?:\\s*:\\s*(${NUMBER}))?$`, 'i');

function decimals(value: number): number {
  const text = String(value);
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1] ?? 0) + (text.split('.')[1]?.split(/e/i)[0]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** `from`, `from + step`, … up to `to` (inclusive, to within rounding), rounded to the precision of the numbers given. */
export function rangeValues(from: number, to: number, step: number): number[] {
  const digits = Math.min(12, Math.max(decimals(from), decimals(step)));
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  return Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(digits)));
}

/**
 * Reads one setting's values: `0.2..0.9` (the setting's step, or `steps`' entry for it),
 * `200..1500:100` (its own step), or a comma list `300,500,700`. Pushes what is wrong to
 * `problems` and returns undefined when nothing was given.
 */
export function parseSettingValues(setting: RangeSetting, raw: unknown, step: number | undefined, problems: string[]): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const { flag, defaultStep } = RANGE_SETTINGS[setting];
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (parts.length === 0) {
    problems.push(`--${flag}: give a range such as 200..1500 or a comma list of values`);
    return undefined;
  }
  const values: number[] = [];
  for (const part of parts) {
    const range = RANGE.exec(part);
    if (range === null) {
      const n = Number(part);
      if (part === '' || !Number.isFinite(n)) problems.push(`--${flag} ${part}: not a number or a range (write from..to, from..to:step or a comma list)`);
      else values.push(n);
      continue;
    }
    const [from, to, own] = [Number(range[1]), Number(range[2]), range[3] === undefined ? undefined : Number(range[3])];
    const by = own ?? step ?? defaultStep;
    if (!(by > 0)) problems.push(`--${flag} ${part}: the step must be above 0`);
    else if (to < from) problems.push(`--${flag} ${part}: the range ends below where it starts`);
    else if ((to - from) / by + 1 > MAX_VALUES_PER_SETTING) problems.push(`--${flag} ${part}: ${Math.floor((to - from) / by) + 1} values at step ${by}; use a larger step (at most ${MAX_VALUES_PER_SETTING} values)`);
    else values.push(...rangeValues(from, to, by));
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Reads `--step`: `threshold=0.05,silence_duration_ms=100` (setting names as in the objective,
 * or the flags' names). A bare number is the step of every range that has none of its own.
 */
export function parseSteps(raw: unknown, problems: string[]): Partial<Record<RangeSetting, number>> {
  const steps: Partial<Record<RangeSetting, number>> = {};
  if (raw === undefined || raw === null) return steps;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  // A bare number first, so that a named step wins wherever it stands.
  const ordered = [...parts.filter((p) => !p.includes('=')), ...parts.filter((p) => p.includes('='))];
  for (const part of ordered) {
    const [name = '', value = part] = part.includes('=') ? part.split('=', 2).map((s) => s.trim()) : [];
    const step = Number(value);
    const keys = (Object.keys(RANGE_SETTINGS) as RangeSetting[]).filter((k) => name === '' || RANGE_SETTINGS[k].name === name || RANGE_SETTINGS[k].flag === name || k === name);
    if (keys.length === 0) problems.push(`--step ${part}: unknown setting "${name}"; use ${Object.values(RANGE_SETTINGS).map((s) => s.name).join(', ')}`);
    else if (!(step > 0) || !Number.isFinite(step)) problems.push(`--step ${part}: the step must be a number above 0`);
    else for (const key of keys) steps[key] = step;
  }
  return steps;
}
