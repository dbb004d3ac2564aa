import type { RunConfig } from '../../config/types.js';

/** Settings of a session that are not part of the matrix. */
export interface SessionSettings {
  readonly instructions: string;
  readonly voice: string;
  readonly language: string | null;
  readonly prompt: string | null;
  /** Ask for logprobs on input transcription deltas and completions (`include`). */
  readonly includeLogprobs: boolean;
}

/** The `include` value that adds logprobs to input transcription events. */
export const LOGPROBS_INCLUDE = 'item.input_audio_transcription.logprobs';

/** A client event as sent on the socket. */
export type ClientEvent = { readonly type: string } & Record<string, unknown>;

const BETA_FORMAT = { pcm16: 'pcm16', g711_ulaw: 'g711_ulaw', g711_alaw: 'g711_alaw' } as const;

function gaFormat(config: RunConfig): Record<string, unknown> {
  if (config.format === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (config.format === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: config.rateHz };
}

function transcription(config: RunConfig, settings: SessionSettings): Record<string, unknown> {
  return {
    model: config.transcribeModel,
    ...(settings.language === null ? {} : { language: settings.language }),
    ...(settings.prompt === null ? {} : { prompt: settings.prompt }),
  };
}

/** `turn_detection` for the config, or null for manual commits. */
export function turnDetection(config: RunConfig): Record<string, unknown> | null {
  const responses = config.session === 'realtime' ? { create_response: true, interrupt_response: true } : {};
  if (config.vad === 'server_vad') {
    return {
      type: 'server_vad',
      threshold: config.threshold,
      prefix_padding_ms: config.prefixPaddingMs,
      silence_duration_ms: config.silenceDurationMs,
      ...responses,
    };
  }
  if (config.vad === 'semantic_vad') return { type: 'semantic_vad', eagerness: config.eagerness, ...responses };
  return null;
}

function include(settings: SessionSettings): Record<string, unknown> {
  return settings.includeLogprobs ? { include: [LOGPROBS_INCLUDE] } : {};
}

/** The GA `session` object (nested under `audio.input` / `audio.output`). */
function gaSession(config: RunConfig, settings: SessionSettings): Record<string, unknown> {
  const input = { format: gaFormat(config), transcription: transcription(config, settings), turn_detection: turnDetection(config) };
  if (config.session === 'transcription') return { type: 'transcription', audio: { input }, ...include(settings) };
  return {
    type: 'realtime',
    instructions: settings.instructions,
    output_modalities: ['audio'],
    audio: { input, output: { format: { type: 'audio/pcm', rate: 24000 }, voice: settings.voice } },
    ...include(settings),
  };
}

function betaSessionUpdate(config: RunConfig, settings: SessionSettings): ClientEvent {
  const common = {
    input_audio_format: BETA_FORMAT[config.format],
    input_audio_transcription: transcription(config, settings),
    turn_detection: turnDetection(config),
  };
  if (config.session === 'transcription') return { type: 'transcription_session.update', session: { ...common, ...include(settings) } };
  // NOTE: a beta conversation session has no `include`; resolveOptions refuses the combination.
  if (settings.includeLogprobs) throw new Error('the beta protocol has no `include` in conversation sessions');
  return {
    type: 'session.update',
    session: {
      modalities: ['audio', 'text'],
      instructions: settings.instructions,
      voice: settings.voice,
      output_audio_format: 'pcm16',
      ...common,
    },
  };
}

/** The event that configures the session: GA `session.update`, beta `session.update` or `transcription_session.update`. */
export function buildSessionUpdate(config: RunConfig, settings: SessionSettings): ClientEvent {
  return config.protocol === 'beta' ? betaSessionUpdate(config, settings) : { type: 'session.update', session: gaSession(config, settings) };
}

/**
 * The end-of-audio barrier: a session.update that changes nothing. The server answers every
 * session.update with session.updated (or an error naming its event_id), in the order of the
 * client's events, so its answer comes after the server has taken in every append sent before it.
 */
export function buildBarrier(config: RunConfig): ClientEvent {
  if (config.protocol === 'beta') return { type: config.session === 'transcription' ? 'transcription_session.update' : 'session.update', session: {} };
  return { type: 'session.update', session: { type: config.session } };
}

/**
 * Body of `POST /v1/realtime/client_secrets` (GA only): the same session as the
 * session.update, plus the model of a conversation session (the URL names it when connecting).
 */
export function buildClientSecretRequest(config: RunConfig, settings: SessionSettings): { session: Record<string, unknown> } {
  if (config.protocol !== 'ga') throw new Error('client secrets are minted for GA sessions only');
  const session = gaSession(config, settings);
  return { session: config.session === 'realtime' ? { ...session, model: config.model } : session };
}

/** Query string of the socket URL: `?model=…` for conversations, `?intent=transcription` otherwise. */
export function sessionQuery(config: RunConfig): Record<string, string> {
  return config.session === 'transcription' ? { intent: 'transcription' } : { model: config.model };
}

/** Handshake headers that the protocol generation needs. */
export function protocolHeaders(config: RunConfig): Record<string, string> {
  return config.protocol === 'beta' ? { 'OpenAI-Beta': 'realtime=v1' } : {};
}
