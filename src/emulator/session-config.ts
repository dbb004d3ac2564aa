import { SEMANTIC_MAX_WAIT_MS } from '../config/defaults.js';
import type { AudioFormat } from '../config/types.js';
import { readSessionFields, type SessionFields } from './session-fields.js';

/** Turn detection as the emulated session holds it. */
export interface TurnDetectionState {
  readonly type: 'server_vad' | 'semantic_vad';
  readonly threshold: number;
  readonly prefixPaddingMs: number;
  /** server_vad: the configured silence; semantic_vad: the silence that ends a complete utterance. */
  readonly silenceDurationMs: number;
  /** semantic_vad: the silence that ends an utterance judged incomplete (the documented maximum wait). */
  readonly maxWaitMs: number;
  readonly createResponse: boolean;
  readonly interruptResponse: boolean;
  readonly eagerness: 'low' | 'medium' | 'high' | 'auto';
  /** GA server_vad only. */
  readonly idleTimeoutMs: number | null;
}

/** Input transcription as the session holds it. */
export interface TranscriptionSettings {
  readonly model: string;
  readonly language: string | null;
  readonly prompt: string;
  /** The newer fields (`languages`, `keywords`, `delay`), echoed as given. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Everything a session.update can change. */
export interface EmulatedConfig extends SessionFields {
  readonly kind: 'realtime' | 'transcription';
  readonly protocol: 'ga' | 'beta';
  readonly model: string;
  readonly format: AudioFormat;
  readonly rateHz: number;
  readonly transcription: TranscriptionSettings | null;
  readonly turnDetection: TurnDetectionState | null;
  readonly voice: string;
  readonly instructions: string;
}

/** A session.update the emulator refuses, as the service would report it. */
export interface ConfigProblem {
  readonly code: string;
  readonly message: string;
  readonly param: string;
}

type Raw = Record<string, unknown>;
/** A JSON object, or null for anything else (arrays included). */
export const asObj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);

/**
 * semantic_vad, approximated (the service's semantic model is not available offline): an
 * utterance judged complete (from the reference hint: its last spoken word ends a sentence)
 * ends after this much silence; one judged incomplete waits for the documented maximum
 * (8 s / 4 s / 2 s for low / medium / high). Without a hint every utterance counts as complete.
 */
export const SEMANTIC_SILENCE_MS = { low: 1000, medium: 500, auto: 500, high: 250 } as const;

/** server_vad defaults as live sessions report them (silence 200 ms in every session.created seen). */
const DEFAULT_TURN_DETECTION: TurnDetectionState = {
  type: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200, maxWaitMs: 200, createResponse: true, interruptResponse: true, eagerness: 'auto', idleTimeoutMs: null,
};

/** Session fields the service accepts, by protocol and kind; others get `unknown_parameter`. */
const KNOWN_FIELDS = {
  ga: {
    realtime: ['type', 'model', 'instructions', 'output_modalities', 'audio', 'include', 'tracing', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'max_output_tokens', 'truncation', 'prompt'],
    transcription: ['type', 'audio', 'include'],
  },
  beta: {
    realtime: ['model', 'modalities', 'instructions', 'voice', 'input_audio_format', 'output_audio_format', 'input_audio_transcription', 'turn_detection', 'input_audio_noise_reduction', 'tools', 'tool_choice', 'temperature', 'max_response_output_tokens', 'speed', 'tracing', 'client_secret'],
    transcription: ['input_audio_format', 'input_audio_transcription', 'turn_detection', 'input_audio_noise_reduction', 'include', 'client_secret'],
  },
} as const;

/** The configuration a new session starts with. */
export function initialConfig(kind: EmulatedConfig['kind'], protocol: EmulatedConfig['protocol'], model: string): EmulatedConfig {
  return {
    kind, protocol, model, format: 'pcm16', rateHz: 24000, transcription: null, turnDetection: DEFAULT_TURN_DETECTION, voice: 'alloy', instructions: '',
    outputModality: 'audio', outputFormat: 'pcm16', speed: 1, tools: [], toolChoice: 'auto', maxOutputTokens: 'inf', include: null, noiseReduction: null, echo: {},
  };
}

/** Whether two turn detections are the same (a session.update that repeats it, or leaves it out, keeps the detector). */
export function sameTurnDetection(a: TurnDetectionState | null, b: TurnDetectionState | null): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function problem(code: string, message: string, param: string): ConfigProblem {
  return { code, message, param };
}

function readNumber(td: Raw, key: string, fallback: number, min: number, max: number, param: string): number | ConfigProblem {
  const v = td[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) return problem('invalid_type', `Invalid type for '${param}.${key}': expected a number.`, `${param}.${key}`);
  if (v < min) return problem(Number.isInteger(v) ? 'integer_below_min_value' : 'decimal_below_min_value', `Invalid '${param}.${key}': expected a value >= ${min}, but got ${v} instead.`, `${param}.${key}`);
  if (v > max) return problem(Number.isInteger(v) ? 'integer_above_max_value' : 'decimal_above_max_value', `Invalid '${param}.${key}': expected a value <= ${max}, but got ${v} instead.`, `${param}.${key}`);
  return v;
}

function readTurnDetection(value: unknown, config: EmulatedConfig, param: string): TurnDetectionState | null | ConfigProblem {
  if (value === null) return null;
  const td = asObj(value);
  if (td === null) return problem('invalid_type', `Invalid type for '${param}': expected an object or null.`, param);
  const type = td.type === 'semantic_vad' ? 'semantic_vad' : td.type === 'server_vad' || td.type === undefined ? 'server_vad' : null;
  if (type === null) return problem('invalid_value', `Invalid value: ${JSON.stringify(td.type)}. Supported values are: 'server_vad' and 'semantic_vad'.`, `${param}.type`);
  const threshold = readNumber(td, 'threshold', DEFAULT_TURN_DETECTION.threshold, 0, 1, param);
  const prefix = readNumber(td, 'prefix_padding_ms', DEFAULT_TURN_DETECTION.prefixPaddingMs, 0, 10_000, param);
  const silence = readNumber(td, 'silence_duration_ms', DEFAULT_TURN_DETECTION.silenceDurationMs, 0, 10_000, param);
  const idle = config.protocol === 'ga' && type === 'server_vad' ? readNumber(td, 'idle_timeout_ms', -1, 5000, 30_000, param) : -1;
  for (const v of [threshold, prefix, silence, idle]) if (typeof v !== 'number') return v;
  const eagerness = (['low', 'medium', 'high', 'auto'] as const).find((e) => e === td.eagerness) ?? 'auto';
  const responses = config.kind === 'realtime';
  const semantic = type === 'semantic_vad';
  return {
    type,
    threshold: semantic ? DEFAULT_TURN_DETECTION.threshold : (threshold as number),
    prefixPaddingMs: semantic ? DEFAULT_TURN_DETECTION.prefixPaddingMs : (prefix as number),
    silenceDurationMs: semantic ? SEMANTIC_SILENCE_MS[eagerness] : (silence as number),
    maxWaitMs: semantic ? SEMANTIC_MAX_WAIT_MS[eagerness] : (silence as number),
    createResponse: responses && td.create_response !== false,
    interruptResponse: responses && td.interrupt_response !== false,
    eagerness,
    idleTimeoutMs: (idle as number) < 0 ? null : (idle as number),
  };
}

function readFormat(format: unknown, protocol: EmulatedConfig['protocol']): { format: AudioFormat; rateHz: number } | ConfigProblem | null {
  if (format === undefined) return null;
  if (protocol === 'beta') {
    if (format === 'pcm16') return { format: 'pcm16', rateHz: 24000 };
    if (format === 'g711_ulaw' || format === 'g711_alaw') return { format, rateHz: 8000 };
    return problem('invalid_value', `Invalid value: ${JSON.stringify(format)}. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'.`, 'session.input_audio_format');
  }
  const f = asObj(format);
  if (f?.type === 'audio/pcmu') return { format: 'g711_ulaw', rateHz: 8000 };
  if (f?.type === 'audio/pcma') return { format: 'g711_alaw', rateHz: 8000 };
  if (f?.type === 'audio/pcm') {
    const rate = f.rate ?? 24000;
    // Unlike the live service (24 kHz only), the emulator also takes 16 kHz PCM.
    if (rate === 24000 || rate === 16000) return { format: 'pcm16', rateHz: rate };
    return problem('integer_below_min_value', `Invalid 'session.audio.input.format.rate': the emulator takes 24000 or 16000, not ${JSON.stringify(rate)}.`, 'session.audio.input.format.rate');
  }
  return problem('invalid_value', 'Invalid value for session.audio.input.format.type. Supported values are: audio/pcm, audio/pcmu, audio/pcma.', 'session.audio.input.format.type');
}

function isProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'code' in value && 'param' in value;
}

function checkShape(config: EmulatedConfig, s: Raw): ConfigProblem | null {
  const known: readonly string[] = KNOWN_FIELDS[config.protocol][config.kind];
  const unknown = Object.keys(s).find((k) => !known.includes(k));
  if (unknown !== undefined) return problem('unknown_parameter', `Unknown parameter: 'session.${unknown}'.`, `session.${unknown}`);
  if (config.protocol === 'ga' && s.type !== config.kind) {
    if (s.type === undefined) return problem('missing_required_parameter', "Missing required parameter: 'session.type'.", 'session.type');
    return problem('invalid_value', `Invalid value: ${JSON.stringify(s.type)}. This session's type is '${config.kind}'; it cannot change.`, 'session.type');
  }
  return null;
}

/** Applies the `session` of a session.update (GA nesting or beta flat); a problem leaves the config as it was. */
export function applySessionUpdate(config: EmulatedConfig, session: unknown): EmulatedConfig | ConfigProblem {
  const s = asObj(session);
  if (s === null) return problem('missing_required_parameter', "Missing required parameter: 'session'.", 'session');
  const shape = checkShape(config, s);
  if (shape) return shape;
  const ga = config.protocol === 'ga';
  const input = ga ? (asObj(asObj(s.audio)?.input) ?? {}) : s;
  const format = readFormat(ga ? input.format : s.input_audio_format, config.protocol);
  if (isProblem(format)) return format;
  let turnDetection = config.turnDetection;
  if ('turn_detection' in input) {
    const td = readTurnDetection(input.turn_detection, config, ga ? 'session.audio.input.turn_detection' : 'session.turn_detection');
    if (isProblem(td)) return td;
    turnDetection = td;
  }
  const transcriptionValue = ga ? input.transcription : s.input_audio_transcription;
  const output = ga ? asObj(asObj(s.audio)?.output) : s;
  const fields = readSessionFields(config, s);
  if (isProblem(fields)) return fields;
  return {
    ...config,
    ...fields,
    ...(format ?? {}),
    model: typeof s.model === 'string' ? s.model : config.model,
    turnDetection,
    transcription: transcriptionValue === undefined ? config.transcription : readTranscription(transcriptionValue),
    voice: readVoice(output?.voice) ?? config.voice,
    instructions: typeof s.instructions === 'string' ? s.instructions : config.instructions,
  };
}

const TRANSCRIPTION_EXTRA = ['languages', 'keywords', 'delay'];

function readTranscription(value: unknown): TranscriptionSettings | null {
  const t = asObj(value);
  if (t === null || typeof t.model !== 'string') return null;
  const extra = Object.fromEntries(TRANSCRIPTION_EXTRA.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]));
  return { model: t.model, language: typeof t.language === 'string' ? t.language : null, prompt: typeof t.prompt === 'string' ? t.prompt : '', extra };
}

/** A voice name, or a custom voice's id. */
function readVoice(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const id = asObj(value)?.id;
  return typeof id === 'string' ? id : null;
}
