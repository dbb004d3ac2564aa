import type { CassetteHeader } from './record.js';

/**
 * The checks of a cassette's header line (DESIGN.md §7), field by field: what replay, report
 * and resume read from it must have the type they read it as, so that a header edited by hand
 * or written by another tool is refused naming the field, never a crash deep in the scoring.
 * Nullable fields that are absent read as null.
 */

type Json = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.trim() !== '';
const bool: Check = (v) => typeof v === 'boolean';
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const atLeast = (min: number): Check => (v) => finite(v) && (v as number) >= min;
const positive: Check = (v) => finite(v) && (v as number) > 0;
const whole = (min: number): Check => (v) => Number.isInteger(v) && (v as number) >= min;
const oneOf = (...values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const orNull = (check: Check): Check => (v) => v === null || v === undefined || check(v);
const between = (min: number, max: number): Check => (v) => finite(v) && (v as number) >= min && (v as number) <= max;
const speed: Check = (v) => v === 'max' || positive(v);
const sessionRate: Check = (v) => v === 8000 || v === 16000 || v === 24000;
const segments: Check = (v) => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every(finite));
const strings: Check = (v) => Array.isArray(v) && v.every(str);

/** A field's check and how to say what it must be. */
type Spec = Record<string, readonly [Check, string]>;

const TOP: Spec = {
  run_id: [str, 'a string'],
  protocol: [oneOf('ga', 'beta'), '"ga" or "beta"'],
  target: [str, 'a string'],
  model: [str, 'a string'],
  repeat: [whole(1), 'a whole number from 1'],
  chunk_ms: [atLeast(0), 'a number of ms'],
  speed: [speed, 'a positive number or "max"'],
  started_at: [str, 'a string (ISO time)'],
};

const CONFIG: Spec = {
  config_id: [nonEmpty, 'a non-empty string'],
  model: [str, 'a string'],
  transcribe_model: [str, 'a string'],
  protocol: [oneOf('ga', 'beta'), '"ga" or "beta"'],
  session: [oneOf('realtime', 'transcription'), '"realtime" or "transcription"'],
  format: [oneOf('pcm16', 'g711_ulaw', 'g711_alaw'), '"pcm16", "g711_ulaw" or "g711_alaw"'],
  rate_hz: [sessionRate, '8000, 16000 or 24000'],
  vad: [oneOf('server_vad', 'semantic_vad', 'none'), '"server_vad", "semantic_vad" or "none"'],
  threshold: [orNull(finite), 'a number or null'],
  prefix_padding_ms: [orNull(atLeast(0)), 'a number of ms or null'],
  silence_duration_ms: [orNull(atLeast(0)), 'a number of ms or null'],
  eagerness: [orNull(str), 'a string or null'],
};

const ITEM: Spec = {
  id: [nonEmpty, 'a non-empty string'],
  audio: [str, 'a string'],
  audio_sha256: [str, 'a string'],
  rate_hz: [whole(1), 'a whole number of Hz'],
  text: [orNull(str), 'a string or null'],
  language: [orNull(str), 'a string or null'],
  speech_segments: [orNull(segments), 'a list of [start_s, end_s] pairs of numbers, or null'],
  segments_text: [orNull(strings), 'a list of strings, or null'],
};

// NOTE: the ranges of the same options of rtbench run (checkRun in config/options.ts): a plan
// outside them is not one rtbench wrote, and replaying it would only fail deep in the session.
const PLAN: Spec = {
  chunk_ms: [between(10, 1000), 'a number of ms from 10 to 1000'],
  speed: [(v) => v === 'max' || between(0.01, 1000)(v), 'a number from 0.01 to 1000, or "max"'],
  tail_silence_ms: [between(0, 60_000), 'a number of ms from 0 to 60000'],
  turn_timeout_ms: [between(100, 600_000), 'a number of ms from 100 to 600000'],
  connect_timeout_ms: [between(100, 600_000), 'a number of ms from 100 to 600000'],
  instructions: [str, 'a string'],
  voice: [str, 'a string'],
  language: [orNull(str), 'a string or null'],
  prompt: [orNull(str), 'a string or null'],
  include_logprobs: [bool, 'true or false'],
  keep_audio: [bool, 'true or false'],
};

const IMPORTED: Spec = {
  source: [str, 'a string'],
  lost: [strings, 'a list of strings'],
  receipt_times: [bool, 'true or false'],
};

const shown = (value: unknown): string => {
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function fieldProblems(value: unknown, spec: Spec, path: string): string[] {
  if (!isObject(value)) return [`${path} must be an object, not ${shown(value)}`];
  return Object.entries(spec).flatMap(([key, [check, what]]) => (check(value[key]) ? [] : [`${path}.${key} must be ${what}, not ${value[key] === undefined ? 'missing' : shown(value[key])}`]));
}

/** What is wrong with a header (kind and schema_version are checked before): each field named; empty when nothing is. */
export function headerProblems(header: Json): string[] {
  const problems = [...fieldProblems(header, TOP, 'header'), ...fieldProblems(header.config, CONFIG, 'config'), ...fieldProblems(header.item, ITEM, 'item')];
  if (header.api_key_provided !== undefined && !bool(header.api_key_provided)) problems.push(`header.api_key_provided must be true or false, not ${shown(header.api_key_provided)}`);
  if (header.session_plan !== null && header.session_plan !== undefined) problems.push(...fieldProblems(header.session_plan, PLAN, 'session_plan'));
  if (header.imported !== undefined) problems.push(...fieldProblems(header.imported, IMPORTED, 'imported'));
  return problems.map((p) => p.replace(/^header\./, ''));
}

/** A checked header with its absent nullable fields as null. */
export function normalizeHeader(header: Json): CassetteHeader {
  const nulls = (value: unknown, keys: readonly string[]): Json => ({ ...Object.fromEntries(keys.map((k) => [k, null])), ...Object.fromEntries(Object.entries(value as Json).filter(([, v]) => v !== undefined)) });
  return {
    ...header,
    api_key_provided: header.api_key_provided === true,
    session_plan: isObject(header.session_plan) ? nulls(header.session_plan, ['language', 'prompt']) : null,
    config: nulls(header.config, ['threshold', 'prefix_padding_ms', 'silence_duration_ms', 'eagerness']),
    item: nulls(header.item, ['text', 'language', 'speech_segments', 'segments_text']),
  } as unknown as CassetteHeader;
}
