/**
 * Spelled-out English numbers → digits, with the behaviour of Whisper's English number
 * normaliser (openai/whisper `whisper/normalizers/english.py`, `EnglishNumberNormalizer`):
 * "nineteen ninety nine" → "1999", "thirty first" → "31st", "two point five million" → "2500000",
 * "$20 million" → "$20000000", "seventy six per cent" → "76%", "one oh one" → "101",
 * "two dollars and seventy cents" → "$2.70". Integers are BigInt so that "decillion" stays exact.
 */

const ONES_NAMES = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS_NAMES = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const MULTIPLIER_NAMES = ['hundred', 'thousand', 'million', 'billion', 'trillion', 'quadrillion', 'quintillion', 'sextillion', 'septillion', 'octillion', 'nonillion', 'decillion'];

const ZEROS = new Set(['o', 'oh', 'zero']);
const ONES = new Map(ONES_NAMES.map((name, i) => [name, i + 1]));
const ONES_SUFFIXED = new Map<string, [number, string]>([
  ...ONES_NAMES.map((name, i): [string, [number, string]] => [name === 'six' ? 'sixes' : `${name}s`, [i + 1, 's']]),
  ['zeroth', [0, 'th']], ['first', [1, 'st']], ['second', [2, 'nd']], ['third', [3, 'rd']], ['fifth', [5, 'th']], ['twelfth', [12, 'th']],
  ...ONES_NAMES.flatMap((name, i): [string, [number, string]][] =>
    i + 1 > 3 && i + 1 !== 5 && i + 1 !== 12 ? [[name + (name.endsWith('t') ? 'h' : 'th'), [i + 1, 'th']]] : []),
]);
const TENS = new Map(TENS_NAMES.map((name, i) => [name, (i + 2) * 10]));
const TENS_SUFFIXED = new Map<string, [number, string]>([
  ...TENS_NAMES.map((name, i): [string, [number, string]] => [name.replace('y', 'ies'), [(i + 2) * 10, 's']]),
  ...TENS_NAMES.map((name, i): [string, [number, string]] => [name.replace('y', 'ieth'), [(i + 2) * 10, 'th']]),
]);
const MULTIPLIERS = new Map(MULTIPLIER_NAMES.map((name, i) => [name, i === 0 ? 100n : 1000n ** BigInt(i)]));
const MULTIPLIERS_SUFFIXED = new Map<string, [bigint, string]>([
  ...[...MULTIPLIERS].map(([name, value]): [string, [bigint, string]] => [`${name}s`, [value, 's']]),
  ...[...MULTIPLIERS].map(([name, value]): [string, [bigint, string]] => [`${name}th`, [value, 'th']]),
]);
const DECIMALS = new Set([...ONES.keys(), ...TENS.keys(), ...ZEROS]);
const PRECEDING_PREFIXERS = new Map([['minus', '-'], ['negative', '-'], ['plus', '+'], ['positive', '+']]);
const FOLLOWING_PREFIXERS = new Map([['pound', '£'], ['pounds', '£'], ['euro', '€'], ['euros', '€'], ['dollar', '$'], ['dollars', '$'], ['cent', '¢'], ['cents', '¢']]);
const PREFIXES = new Set([...PRECEDING_PREFIXERS.values(), ...FOLLOWING_PREFIXERS.values()]);
const SPECIALS = new Set(['and', 'double', 'triple', 'point']);
const NUMBER_WORDS = new Set<string>([
  ...ZEROS, ...ONES.keys(), ...ONES_SUFFIXED.keys(), ...TENS.keys(), ...TENS_SUFFIXED.keys(), ...MULTIPLIERS.keys(),
  ...MULTIPLIERS_SUFFIXED.keys(), ...PRECEDING_PREFIXERS.keys(), ...FOLLOWING_PREFIXERS.keys(), 'per', 'percent', ...SPECIALS,
]);
const ARABIC = /^\d+(\.\d+)?$/;

/** An integer being built, or digits kept as text ("007", "3.", "2.25"). */
type Value = bigint | string;

/** A decimal string as numerator / 10^k; null when it is not one. */
function toFraction(text: string): { num: bigint; den: bigint } | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || text === '' || text === '.') return null;
  const decimals = m[2] ?? '';
  return { num: BigInt(`${m[1] ?? ''}${decimals}` || '0'), den: 10n ** BigInt(decimals.length) };
}

/** Python's `str(value or "")`: zero and nothing both become the empty string. */
function textOf(value: Value | null): string {
  return value === null || value === 0n || value === '' ? '' : String(value);
}

interface State {
  prefix: string | null;
  value: Value | null;
  skip: boolean;
  readonly out: string[];
}

function emit(s: State, result: Value): void {
  s.out.push(s.prefix === null ? String(result) : s.prefix + String(result));
  s.value = null;
  s.prefix = null;
}

function flush(s: State): void {
  if (s.value !== null) emit(s, s.value);
}

/** Appends a digit group (1–19 or a tens value) to the value, as a sum or as more digits. */
function appendNumber(value: Value, n: number, prev: string | undefined, modulo: bigint): Value {
  if (typeof value === 'string' || (prev !== undefined && ONES.has(prev))) {
    if (prev !== undefined && TENS.has(prev) && n < 10) return String(value).slice(0, -1) + String(n);
    return String(value) + String(n);
  }
  return value % modulo === 0n ? value + BigInt(n) : String(value) + String(n);
}

function onArabic(s: State, current: string): boolean {
  const hasPrefix = PREFIXES.has(current.charAt(0));
  const digits = hasPrefix ? current.slice(1) : current;
  if (s.value !== null) {
    if (typeof s.value === 'string' && s.value.endsWith('.')) {
      s.value += current;
      return true;
    }
    emit(s, s.value);
  }
  if (hasPrefix) s.prefix = current.charAt(0);
  const f = toFraction(digits);
  s.value = f !== null && f.den === 1n ? f.num : digits;
  return true;
}

function onOnes(s: State, current: string, prev: string | undefined): void {
  const n = ONES.get(current) ?? 0;
  s.value = s.value === null ? BigInt(n) : appendNumber(s.value, n, prev, n < 10 ? 10n : 100n);
}

function onOnesSuffixed(s: State, current: string, prev: string | undefined): void {
  const [n, suffix] = ONES_SUFFIXED.get(current) ?? [0, ''];
  const built = s.value === null ? BigInt(n) : appendNumber(s.value, n, prev, n < 10 ? 10n : 100n);
  emit(s, String(built) + suffix);
}

function onTens(s: State, current: string): void {
  const n = TENS.get(current) ?? 0;
  if (s.value === null) s.value = BigInt(n);
  else if (typeof s.value === 'string') s.value += String(n);
  else s.value = s.value % 100n === 0n ? s.value + BigInt(n) : String(s.value) + String(n);
}

function onTensSuffixed(s: State, current: string): void {
  const [n, suffix] = TENS_SUFFIXED.get(current) ?? [0, ''];
  let built: Value;
  if (s.value === null) built = BigInt(n);
  else if (typeof s.value === 'string') built = s.value + String(n);
  else built = s.value % 100n === 0n ? s.value + BigInt(n) : String(s.value) + String(n);
  emit(s, String(built) + suffix);
}

/** value × multiplier when it stays an integer; null otherwise. */
function scaled(value: Value, multiplier: bigint): bigint | null {
  if (typeof value === 'bigint' && value !== 0n) return (value / 1000n) * 1000n + (value % 1000n) * multiplier;
  const f = toFraction(String(value));
  if (f === null) return null;
  const product = f.num * multiplier;
  return product % f.den === 0n ? product / f.den : null;
}

function onMultiplier(s: State, current: string): void {
  const multiplier = MULTIPLIERS.get(current) ?? 1n;
  if (s.value === null) {
    s.value = multiplier;
    return;
  }
  const product = scaled(s.value, multiplier);
  if (product !== null) s.value = product;
  else {
    emit(s, s.value);
    s.value = multiplier;
  }
}

function onMultiplierSuffixed(s: State, current: string): void {
  const [multiplier, suffix] = MULTIPLIERS_SUFFIXED.get(current) ?? [1n, ''];
  if (s.value === null) {
    emit(s, String(multiplier) + suffix);
    return;
  }
  const product = scaled(s.value, multiplier);
  if (product !== null) emit(s, String(product) + suffix);
  else {
    emit(s, s.value);
    emit(s, String(multiplier) + suffix);
  }
}

function onSpecial(s: State, current: string, prev: string | undefined, next: string | undefined, nextIsNumeric: boolean): void {
  if (!(next !== undefined && NUMBER_WORDS.has(next)) && !nextIsNumeric) {
    flush(s);
    emit(s, current);
  } else if (current === 'and') {
    // "and" inside a number ("two hundred and six") is dropped.
    if (prev === undefined || !MULTIPLIERS.has(prev)) {
      flush(s);
      emit(s, current);
    }
  } else if (current === 'double' || current === 'triple') {
    if (next !== undefined && (ONES.has(next) || ZEROS.has(next))) {
      s.value = textOf(s.value) + String(ONES.get(next) ?? 0).repeat(current === 'double' ? 2 : 3);
      s.skip = true;
    } else {
      flush(s);
      emit(s, current);
    }
  } else if (next !== undefined && (DECIMALS.has(next) || nextIsNumeric)) {
    s.value = `${textOf(s.value)}.`;
  }
}

function onPrefixOrSuffix(s: State, current: string, next: string | undefined, nextIsNumeric: boolean): void {
  const preceding = PRECEDING_PREFIXERS.get(current);
  const following = FOLLOWING_PREFIXERS.get(current);
  if (preceding !== undefined) {
    flush(s);
    if ((next !== undefined && NUMBER_WORDS.has(next)) || nextIsNumeric) s.prefix = preceding;
    else emit(s, current);
  } else if (following !== undefined) {
    if (s.value === null) emit(s, current);
    else {
      s.prefix = following;
      emit(s, s.value);
    }
  } else if (s.value === null) {
    emit(s, current);
  } else if (current === 'percent') {
    emit(s, `${String(s.value)}%`);
  } else if (next === 'cent') {
    emit(s, `${String(s.value)}%`);
    s.skip = true;
  } else {
    emit(s, s.value);
    emit(s, current);
  }
}

function step(s: State, words: readonly string[], i: number): void {
  const current = words[i] ?? '';
  const prev = words[i - 1];
  const next = words[i + 1];
  const nextIsNumeric = next !== undefined && ARABIC.test(next);
  const digits = PREFIXES.has(current.charAt(0)) ? current.slice(1) : current;
  if (ARABIC.test(digits)) onArabic(s, current);
  else if (!NUMBER_WORDS.has(current)) {
    flush(s);
    emit(s, current);
  } else if (ZEROS.has(current)) s.value = `${textOf(s.value)}0`;
  else if (ONES.has(current)) onOnes(s, current, prev);
  else if (ONES_SUFFIXED.has(current)) onOnesSuffixed(s, current, prev);
  else if (TENS.has(current)) onTens(s, current);
  else if (TENS_SUFFIXED.has(current)) onTensSuffixed(s, current);
  else if (MULTIPLIERS.has(current)) onMultiplier(s, current);
  else if (MULTIPLIERS_SUFFIXED.has(current)) onMultiplierSuffixed(s, current);
  else if (SPECIALS.has(current)) onSpecial(s, current, prev, next, nextIsNumeric);
  else onPrefixOrSuffix(s, current, next, nextIsNumeric);
}

function convertWords(words: readonly string[]): string[] {
  const s: State = { prefix: null, value: null, skip: false, out: [] };
  for (let i = 0; i < words.length; i++) {
    if (s.skip) {
      s.skip = false;
      continue;
    }
    step(s, words, i);
  }
  flush(s);
  return s.out;
}

const MULTIPLIER_ALTERNATION = [...MULTIPLIERS.keys()].sort((a, b) => b.length - a.length).join('|');
const HALF_OF_MULTIPLIER = new RegExp(`\\b(?:a\\s+half\\s+|half\\s+(?:a\\s+)?)(${MULTIPLIER_ALTERNATION})\\b`, 'g');

/** "<number> and a half" → "<number> point five"; "half a million" → "0.5 million"; digits split from letters. */
function preprocess(text: string): string {
  const segments = text.split(/\band\s+a\s+half\b/);
  const parts: string[] = [];
  segments.forEach((segment, i) => {
    if (segment.trim() === '') return;
    parts.push(segment);
    if (i === segments.length - 1) return;
    const last = segment.trim().split(/\s+/).at(-1) ?? '';
    parts.push(DECIMALS.has(last) || MULTIPLIERS.has(last) ? 'point five' : 'and a half');
  });
  return parts
    .join(' ')
    .replace(HALF_OF_MULTIPLIER, '0.5 $1')
    .replace(/([a-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([a-z])/g, '$1 $2')
    .replace(/([0-9])\s+(st|nd|rd|th|s)\b/g, '$1$2');
}

/** "$2 and ¢7" → "$2.07"; "$0.36" → "¢36"; a lone "1" or "1s" is written "one(s)". */
function postprocess(text: string): string {
  return text
    .replace(/([€£$])([0-9]+) (?:and )?¢([0-9]{1,2})\b/g, (_m, currency: string, integer: string, cents: string) => `${currency}${integer}.${cents.padStart(2, '0')}`)
    .replace(/[€£$]0.([0-9]{1,2})\b/g, (_m, cents: string) => `¢${String(Number(cents))}`)
    .replace(/\b1(s?)\b/g, 'one$1');
}

/** Rewrites spelled-out numbers, ordinals, currencies and percentages in lower-case text as digits. */
export function normalizeEnglishNumbers(text: string): string {
  return postprocess(convertWords(preprocess(text).split(/\s+/).filter((w) => w !== '')).join(' '));
}
