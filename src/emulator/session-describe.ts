import type { AudioFormat } from '../config/types.js';
import type { EmulatedConfig, TurnDetectionState } from './session-config.js';

const BETA_FORMAT = { pcm16: 'pcm16', g711_ulaw: 'g711_ulaw', g711_alaw: 'g711_alaw' } as const;

function gaFormat(format: AudioFormat, rateHz: number): Record<string, unknown> {
  if (format === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (format === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: rateHz };
}

/** An output format as the protocol names it (GA object, beta string). */
export function describeFormat(config: EmulatedConfig, format: AudioFormat): unknown {
  return config.protocol === 'ga' ? gaFormat(format, 24000) : BETA_FORMAT[format];
}

function turnDetection(td: TurnDetectionState | null, config: EmulatedConfig): Record<string, unknown> | null {
  if (td === null) return null;
  const responses = config.kind === 'realtime' ? { create_response: td.createResponse, interrupt_response: td.interruptResponse } : {};
  if (td.type === 'semantic_vad') return { type: 'semantic_vad', eagerness: td.eagerness, ...responses };
  return {
    type: 'server_vad',
    threshold: td.threshold,
    prefix_padding_ms: td.prefixPaddingMs,
    silence_duration_ms: td.silenceDurationMs,
    ...(config.protocol === 'ga' ? { idle_timeout_ms: td.idleTimeoutMs } : {}),
    ...responses,
  };
}

function transcription(config: EmulatedConfig): Record<string, unknown> | null {
  const t = config.transcription;
  return t === null ? null : { model: t.model, language: t.language, prompt: t.prompt, ...t.extra };
}

/** output_modalities / modalities as the session or a response reports them. */
export function describeModalities(config: EmulatedConfig, modality: 'audio' | 'text'): string[] {
  if (config.protocol === 'ga') return [modality];
  return modality === 'text' ? ['text'] : ['audio', 'text'];
}

function gaSession(config: EmulatedConfig, id: string, expiresAt: number): Record<string, unknown> {
  const input = { format: gaFormat(config.format, config.rateHz), transcription: transcription(config), noise_reduction: config.noiseReduction, turn_detection: turnDetection(config.turnDetection, config) };
  if (config.kind === 'transcription') {
    return { type: 'transcription', object: 'realtime.transcription_session', id, expires_at: expiresAt, audio: { input }, include: config.include };
  }
  return {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model: config.model,
    output_modalities: describeModalities(config, config.outputModality),
    instructions: config.instructions,
    tools: config.tools,
    tool_choice: config.toolChoice,
    max_output_tokens: config.maxOutputTokens,
    tracing: null,
    truncation: 'auto',
    prompt: null,
    ...config.echo,
    expires_at: expiresAt,
    audio: { input, output: { format: gaFormat(config.outputFormat, 24000), voice: config.voice, speed: config.speed } },
    include: config.include,
  };
}

function betaSession(config: EmulatedConfig, id: string, expiresAt: number): Record<string, unknown> {
  const common = {
    id,
    expires_at: expiresAt,
    input_audio_format: BETA_FORMAT[config.format],
    input_audio_transcription: transcription(config),
    turn_detection: turnDetection(config.turnDetection, config),
    input_audio_noise_reduction: config.noiseReduction,
  };
  // Live beta transcription sessions carry client_secret (null on a socket session); the schema requires it.
  if (config.kind === 'transcription') return { object: 'realtime.transcription_session', ...common, include: config.include, client_secret: null };
  return {
    object: 'realtime.session',
    model: config.model,
    modalities: describeModalities(config, config.outputModality),
    instructions: config.instructions,
    voice: config.voice,
    output_audio_format: BETA_FORMAT[config.outputFormat],
    tools: config.tools,
    tool_choice: config.toolChoice,
    temperature: 0.8,
    max_response_output_tokens: config.maxOutputTokens,
    speed: config.speed,
    tracing: null,
    ...config.echo,
    ...common,
  };
}

/** The `session` object of session.created / session.updated (or transcription_session.*). */
export function describeSession(config: EmulatedConfig, id: string, expiresAt: number): Record<string, unknown> {
  return config.protocol === 'ga' ? gaSession(config, id, expiresAt) : betaSession(config, id, expiresAt);
}

/** Event names that differ between the two generations. */
export function eventNames(config: EmulatedConfig) {
  const beta = config.protocol === 'beta';
  return {
    sessionCreated: beta && config.kind === 'transcription' ? 'transcription_session.created' : 'session.created',
    sessionUpdated: beta && config.kind === 'transcription' ? 'transcription_session.updated' : 'session.updated',
    audioDelta: beta ? 'response.audio.delta' : 'response.output_audio.delta',
    audioDone: beta ? 'response.audio.done' : 'response.output_audio.done',
    transcriptDelta: beta ? 'response.audio_transcript.delta' : 'response.output_audio_transcript.delta',
    transcriptDone: beta ? 'response.audio_transcript.done' : 'response.output_audio_transcript.done',
    textDelta: beta ? 'response.text.delta' : 'response.output_text.delta',
    textDone: beta ? 'response.text.done' : 'response.output_text.done',
    audioPartType: beta ? 'audio' : 'output_audio',
    textPartType: beta ? 'text' : 'output_text',
  } as const;
}
