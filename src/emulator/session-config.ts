import type { AudioFormat } from '../config/types.js';

/** Turn detection as the emulated session holds it. */
export interface TurnDetectionState {
  readonly type: 'server_vad' | 'semantic_vad';
  readonly threshold: number;
  readonly prefixPaddingMs: number;
  readonly silenceDurationMs: number;
  readonly createResponse: boolean;
  readonly interruptResponse: boolean;
  readonly eagerness: 'low' | 'medium' | 'high' | 'auto';
  readonly idleTimeoutMs: number | null;
}

/** Everything a session.update can change. */
export interface EmulatedConfig {
  readonly kind: 'realtime' | 'transcription';
  readonly protocol: 'ga' | 'beta';
  readonly model: string;
  readonly format: AudioFormat;
  readonly rateHz: number;
  readonly transcriptionModel: string | null;
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
const asObj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);

/**
 * silence_duration_ms that stands in for semantic_vad's end-of-turn judgement, by eagerness
 * (an approximation: the service's semantic model is not available offline).
 */
export const SEMANTIC_SILENCE_MS = { low: 1200, medium: 700, auto: 700, high: 350 } as const;

/** server_vad defaults as live sessions report them (silence 200 ms in every session.created seen). */
const DEFAULT_TURN_DETECTION: TurnDetectionState = {
  type: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200, createResponse: true, interruptResponse: true, eagerness: 'auto', idleTimeoutMs: null,
};

/** The configuration a new session starts with. */
export function initialConfig(kind: EmulatedConfig['kind'], protocol: EmulatedConfig['protocol'], model: string): EmulatedConfig {
  return { kind, protocol, model, format: 'pcm16', rateHz: 24000, transcriptionModel: null, turnDetection: DEFAULT_TURN_DETECTION, voice: 'alloy', instructions: '' };
}

function readTurnDetection(value: unknown, kind: EmulatedConfig['kind']): TurnDetectionState | null | ConfigProblem {
  if (value === null) return null;
  const td = asObj(value);
  if (td === null) return { code: 'invalid_type', message: 'turn_detection must be an object or null', param: 'session.turn_detection' };
  const type = td.type === 'semantic_vad' ? 'semantic_vad' : td.type === 'server_vad' || td.type === undefined ? 'server_vad' : null;
  if (type === null) return { code: 'invalid_value', message: `Invalid turn_detection.type ${JSON.stringify(td.type)}`, param: 'session.turn_detection.type' };
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
  const threshold = num(td.threshold, DEFAULT_TURN_DETECTION.threshold);
  if (threshold < 0 || threshold > 1) return { code: 'decimal_above_max_value', message: 'threshold must be between 0 and 1', param: 'session.turn_detection.threshold' };
  const eagerness = (['low', 'medium', 'high', 'auto'] as const).find((e) => e === td.eagerness) ?? 'auto';
  const responses = kind === 'realtime';
  return {
    type,
    threshold: type === 'semantic_vad' ? 0.5 : threshold,
    prefixPaddingMs: type === 'semantic_vad' ? 300 : num(td.prefix_padding_ms, DEFAULT_TURN_DETECTION.prefixPaddingMs),
    silenceDurationMs: type === 'semantic_vad' ? SEMANTIC_SILENCE_MS[eagerness] : num(td.silence_duration_ms, DEFAULT_TURN_DETECTION.silenceDurationMs),
    createResponse: responses && td.create_response !== false,
    interruptResponse: responses && td.interrupt_response !== false,
    eagerness,
    idleTimeoutMs: typeof td.idle_timeout_ms === 'number' ? td.idle_timeout_ms : null,
  };
}

function readFormat(format: unknown, protocol: EmulatedConfig['protocol']): { format: AudioFormat; rateHz: number } | ConfigProblem | null {
  if (format === undefined) return null;
  if (protocol === 'beta') {
    if (format === 'pcm16') return { format: 'pcm16', rateHz: 24000 };
    if (format === 'g711_ulaw' || format === 'g711_alaw') return { format, rateHz: 8000 };
    return { code: 'invalid_value', message: `Invalid input_audio_format ${JSON.stringify(format)}`, param: 'session.input_audio_format' };
  }
  const f = asObj(format);
  if (f?.type === 'audio/pcmu') return { format: 'g711_ulaw', rateHz: 8000 };
  if (f?.type === 'audio/pcma') return { format: 'g711_alaw', rateHz: 8000 };
  if (f?.type === 'audio/pcm') {
    const rate = f.rate ?? 24000;
    // Unlike the live service (24 kHz only), the emulator also takes 16 kHz PCM.
    if (rate === 24000 || rate === 16000) return { format: 'pcm16', rateHz: rate };
    return { code: 'integer_below_min_value', message: `Invalid rate ${JSON.stringify(rate)}: the emulator takes 24000 or 16000`, param: 'session.audio.input.format.rate' };
  }
  return { code: 'invalid_value', message: 'Invalid audio.input.format', param: 'session.audio.input.format' };
}

function isProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'code' in value && 'param' in value;
}

/** Applies the `session` of a session.update (GA nesting or beta flat); a problem leaves the config as it was. */
export function applySessionUpdate(config: EmulatedConfig, session: unknown): EmulatedConfig | ConfigProblem {
  const s = asObj(session);
  if (s === null) return { code: 'missing_required_parameter', message: 'Missing required parameter: session', param: 'session' };
  const input = config.protocol === 'ga' ? (asObj(asObj(s.audio)?.input) ?? {}) : s;
  const formatValue = config.protocol === 'ga' ? input.format : s.input_audio_format;
  const transcriptionValue = config.protocol === 'ga' ? input.transcription : s.input_audio_transcription;
  const format = readFormat(formatValue, config.protocol);
  if (isProblem(format)) return format;
  let turnDetection = config.turnDetection;
  if ('turn_detection' in input) {
    const td = readTurnDetection(input.turn_detection, config.kind);
    if (isProblem(td)) return td;
    turnDetection = td;
  }
  const transcription = transcriptionValue === undefined ? undefined : asObj(transcriptionValue);
  const output = config.protocol === 'ga' ? asObj(asObj(s.audio)?.output) : s;
  return {
    ...config,
    ...(format ?? {}),
    turnDetection,
    transcriptionModel: transcription === undefined ? config.transcriptionModel : typeof transcription?.model === 'string' ? transcription.model : null,
    voice: typeof output?.voice === 'string' ? output.voice : config.voice,
    instructions: typeof s.instructions === 'string' ? s.instructions : config.instructions,
  };
}
