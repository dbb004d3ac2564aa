import builtIn from './default-profiles.json' with { type: 'json' };

/**
 * Per-model behaviour of the emulator: latency of each stage (median and 95th percentile,
 * sampled from a log-normal distribution fitted to the two) and the word error profile of its
 * transcripts. The defaults live in `default-profiles.json`, each model with the source of its
 * numbers; `rtbench serve --profile FILE` reads a file of the same shape over them.
 */

/** One stage's latency distribution. */
export interface StageLatency {
  readonly medianMs: number;
  readonly p95Ms: number;
}

/** Rates per reference word; the expected WER is their sum. */
export interface WordErrorRates {
  readonly substitution: number;
  readonly deletion: number;
  readonly insertion: number;
}

/** How an emulated model behaves (delays count from input_audio_buffer.committed). */
export interface ModelProfile {
  /** Commit → input transcription completed. */
  readonly transcriptCompleted: StageLatency;
  /** Between transcription deltas (the deltas end one gap before completed). */
  readonly transcriptDeltaGap: StageLatency;
  /** Commit → first response audio delta. */
  readonly responseFirstAudio: StageLatency;
  readonly wordErrors: WordErrorRates;
  /** `words`: one delta per word; `whole`: one delta with the whole transcript. */
  readonly transcriptDeltas: 'words' | 'whole';
  /** `tokens` (gpt-4o-*-transcribe) or `duration` (whisper-1) usage on completed. */
  readonly transcriptUsage: 'tokens' | 'duration';
  /** How many times faster than real time the reply audio streams (the service sends it ahead of playback). */
  readonly responseAudioSpeed: number;
}

/** Profiles by model name; `default` serves every model not listed. */
export type LatencyProfiles = Readonly<Record<string, ModelProfile>>;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function readStage(raw: unknown, where: string): StageLatency | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw) || typeof raw.median !== 'number' || typeof raw.p95 !== 'number') throw new Error(`${where}: give {"median": ms, "p95": ms}`);
  if (!(raw.median > 0) || raw.p95 < raw.median) throw new Error(`${where}: median must be > 0 and p95 >= median`);
  return { medianMs: raw.median, p95Ms: raw.p95 };
}

function readErrors(raw: unknown, where: string): WordErrorRates | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) throw new Error(`${where}: give {"substitution": r, "deletion": r, "insertion": r}`);
  const rate = (name: string): number => {
    const v = raw[name];
    if (typeof v !== 'number' || v < 0 || v >= 1) throw new Error(`${where}.${name}: a rate in [0, 1)`);
    return v;
  };
  const rates = { substitution: rate('substitution'), deletion: rate('deletion'), insertion: rate('insertion') };
  if (rates.substitution + rates.deletion >= 1) throw new Error(`${where}: substitution + deletion must stay below 1`);
  return rates;
}

function readChoice<T extends string>(raw: unknown, where: string, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new Error(`${where}: one of ${choices.join(', ')}`);
  return found;
}

const KNOWN_FIELDS = new Set(['source', 'transcript_completed_ms', 'transcript_delta_gap_ms', 'response_first_audio_ms', 'word_errors', 'transcript_deltas', 'transcript_usage', 'response_audio_speed']);

function readSpeed(raw: unknown, where: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !(raw >= 0.1 && raw <= 100)) throw new Error(`${where}: a factor between 0.1 and 100 (1 = real time)`);
  return raw;
}

function readModel(raw: unknown, where: string): Partial<ModelProfile> {
  if (!isObj(raw)) throw new Error(`${where}: must be an object`);
  const unknown = Object.keys(raw).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`${where}: unknown field(s) ${unknown.join(', ')}`);
  const out: { -readonly [K in keyof ModelProfile]?: ModelProfile[K] } = {};
  const put = <K extends keyof ModelProfile>(key: K, value: ModelProfile[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('transcriptCompleted', readStage(raw.transcript_completed_ms, `${where}.transcript_completed_ms`));
  put('transcriptDeltaGap', readStage(raw.transcript_delta_gap_ms, `${where}.transcript_delta_gap_ms`));
  put('responseFirstAudio', readStage(raw.response_first_audio_ms, `${where}.response_first_audio_ms`));
  put('wordErrors', readErrors(raw.word_errors, `${where}.word_errors`));
  put('transcriptDeltas', readChoice(raw.transcript_deltas, `${where}.transcript_deltas`, ['words', 'whole']));
  put('transcriptUsage', readChoice(raw.transcript_usage, `${where}.transcript_usage`, ['tokens', 'duration']));
  put('responseAudioSpeed', readSpeed(raw.response_audio_speed, `${where}.response_audio_speed`));
  return out;
}

function readDocument(doc: unknown): Record<string, Partial<ModelProfile>> {
  if (!isObj(doc) || !(isObj(doc.models) || (doc.models === undefined && doc.tool_calls !== undefined))) throw new Error('a profiles file needs {"schema_version": 1, "models": {...}} (and optionally "tool_calls": [...])');
  if (doc.schema_version !== 1) throw new Error('schema_version must be 1');
  const unknown = Object.keys(doc).filter((k) => !['schema_version', 'models', 'tool_calls', 'source'].includes(k));
  if (unknown.length > 0) throw new Error(`unknown field(s) ${unknown.join(', ')}`);
  return Object.fromEntries(Object.entries(isObj(doc.models) ? doc.models : {}).map(([name, raw]) => [name, readModel(raw, `models.${name}`)]));
}

function complete(layers: Partial<ModelProfile>[], name: string): ModelProfile {
  const merged = Object.assign({}, ...layers) as Partial<ModelProfile>;
  const missing = (['transcriptCompleted', 'transcriptDeltaGap', 'responseFirstAudio', 'wordErrors', 'transcriptDeltas', 'transcriptUsage', 'responseAudioSpeed'] as const).filter((k) => merged[k] === undefined);
  if (missing.length > 0) throw new Error(`models.${name}: missing ${missing.join(', ')} (give them in "default")`);
  return merged as ModelProfile;
}

/**
 * Reads profiles documents (`{"schema_version": 1, "models": {name: {...}}}`), later ones over
 * earlier ones. A model's fields resolve in this order: every document's `default`, then every
 * document's entry for the model; so a file's `default` applies to all models, built-in ones
 * included, and its named entries refine that. Throws naming the bad field.
 */
export function parseProfiles(...docs: unknown[]): LatencyProfiles {
  const read = docs.map(readDocument);
  const names = new Set(read.flatMap((d) => Object.keys(d)));
  names.add('default');
  const defaults = read.map((d) => d.default ?? {});
  const out: Record<string, ModelProfile> = {};
  for (const name of names) out[name] = complete([...defaults, ...read.map((d) => (name === 'default' ? {} : (d[name] ?? {})))], name);
  return out;
}

/** The built-in profiles (`default-profiles.json`). */
export const DEFAULT_PROFILES: LatencyProfiles = parseProfiles(builtIn);

/** The built-in profiles with a user's profiles document over them. */
export function withUserProfiles(doc: unknown): LatencyProfiles {
  return parseProfiles(builtIn, doc);
}

/** The profile for a model (a dated snapshot uses its base name's). */
export function profileFor(profiles: LatencyProfiles, model: string): ModelProfile {
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  const found = profiles[model] ?? profiles[base] ?? profiles.default ?? DEFAULT_PROFILES.default;
  if (!found) throw new Error('no default latency profile');
  return found;
}

/** Draws one latency (ms) from the stage's log-normal distribution. */
export function sampleLatency(stage: StageLatency, rng: () => number): number {
  const sigma = Math.max(0, Math.log(stage.p95Ms / stage.medianMs) / 1.6448536);
  const u1 = Math.max(rng(), 1e-12);
  const u2 = rng();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return stage.medianMs * Math.exp(sigma * z);
}
