/**
 * One vocabulary for server events of both protocol generations. Beta names are first mapped
 * to their GA equivalents ({@link canonicalEventType}); facts are then read from the GA shape.
 * The guards here never throw: a field of the wrong type reads as absent, and an event we do
 * not know becomes `other`. Raw events are always kept by the recorder; facts are derived.
 */

/** Token usage as the server reports it (response.done or transcription completed). */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly inputAudioTokens: number;
  readonly inputTextTokens: number;
  readonly inputCachedTokens: number;
  readonly outputAudioTokens: number;
  readonly outputTextTokens: number;
  /** For duration-billed transcription (whisper-1). */
  readonly seconds: number;
}

/** What a server event means for the harness. */
export type ServerFact =
  | { readonly kind: 'session.created'; readonly sessionType: 'realtime' | 'transcription' | null; readonly expiresAt: number | null }
  /** `hasSession` is false when the event carries no session object (the protocol requires one). */
  | { readonly kind: 'session.updated'; readonly sessionType: 'realtime' | 'transcription' | null; readonly hasSession: boolean }
  | { readonly kind: 'speech_started'; readonly itemId: string; readonly audioStartMs: number }
  | { readonly kind: 'speech_stopped'; readonly itemId: string; readonly audioEndMs: number }
  | { readonly kind: 'timeout_triggered'; readonly itemId: string; readonly audioStartMs: number; readonly audioEndMs: number }
  | { readonly kind: 'committed'; readonly itemId: string; readonly previousItemId: string | null }
  | { readonly kind: 'cleared' }
  /** `itemType` is the item's `type` (message, function_call, function_call_output); `callId` a function item's `call_id`. */
  | { readonly kind: 'item.added'; readonly itemId: string; readonly role: string | null; readonly previousItemId: string | null; readonly itemType: string | null; readonly callId: string | null }
  | { readonly kind: 'transcript.delta'; readonly itemId: string; readonly delta: string }
  | { readonly kind: 'transcript.completed'; readonly itemId: string; readonly transcript: string; readonly usage: Usage | null }
  | { readonly kind: 'transcript.failed'; readonly itemId: string; readonly message: string }
  | { readonly kind: 'response.created'; readonly responseId: string }
  | { readonly kind: 'response.output_item'; readonly responseId: string; readonly itemId: string }
  | { readonly kind: 'response.audio.delta'; readonly responseId: string; readonly bytes: number }
  | { readonly kind: 'response.transcript.delta'; readonly responseId: string; readonly delta: string }
  | { readonly kind: 'response.text.delta'; readonly responseId: string; readonly delta: string }
  | { readonly kind: 'response.done'; readonly responseId: string; readonly status: string; readonly usage: Usage | null }
  /** `response.function_call_arguments.done`: the model called `name` with `arguments` (JSON text). */
  | { readonly kind: 'response.function_call'; readonly responseId: string; readonly callId: string; readonly name: string; readonly arguments: string }
  /** WebRTC/SIP: the server began playing a response's audio on the call's track, or stopped (drained or cleared). */
  | { readonly kind: 'output_audio.started'; readonly responseId: string }
  | { readonly kind: 'output_audio.ended'; readonly responseId: string }
  | { readonly kind: 'rate_limits'; readonly limits: readonly { name: string; remaining: number; resetSeconds: number }[] }
  | {
      readonly kind: 'error';
      readonly errorType: string;
      readonly code: string | null;
      readonly message: string;
      readonly param: string | null;
      /** The client event the error refers to (`error.event_id`), when the server named one. */
      readonly eventId: string | null;
    }
  | { readonly kind: 'other'; readonly type: string };

/**
 * Beta event names and the GA names that replaced them (REALTIME.md §6 and §12). Events whose
 * name did not change (VAD, committed, transcription, response.created/done, error, …) are
 * not listed. `conversation.item.created` is still in the GA union; GA servers send
 * `conversation.item.added` (then `.done`) instead.
 */
export const BETA_TO_GA_EVENT: Readonly<Record<string, string>> = {
  'transcription_session.created': 'session.created',
  'transcription_session.updated': 'session.updated',
  'conversation.item.created': 'conversation.item.added',
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio.done': 'response.output_audio.done',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.audio_transcript.done': 'response.output_audio_transcript.done',
  'response.text.delta': 'response.output_text.delta',
  'response.text.done': 'response.output_text.done',
};

/** The GA name of a server event type of either generation. */
export function canonicalEventType(type: string): string {
  return BETA_TO_GA_EVENT[type] ?? type;
}

type Raw = Record<string, unknown>;

function obj(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}
function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
function numOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads a usage object of either shape (tokens or duration); null when absent. */
export function parseUsage(value: unknown): Usage | null {
  if (typeof value !== 'object' || value === null) return null;
  const usage = obj(value);
  const inDetails = obj(usage.input_token_details);
  const outDetails = obj(usage.output_token_details);
  return {
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    inputAudioTokens: num(inDetails.audio_tokens),
    inputTextTokens: num(inDetails.text_tokens),
    inputCachedTokens: num(inDetails.cached_tokens),
    outputAudioTokens: num(outDetails.audio_tokens),
    outputTextTokens: num(outDetails.text_tokens),
    seconds: num(usage.seconds),
  };
}

/** Size in bytes of an audio payload: a base64 string, or the recorder's `{bytes, sha256}`. */
export function audioPayloadBytes(value: unknown): number {
  if (typeof value === 'string') {
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((value.length * 3) / 4) - padding);
  }
  return num(obj(value).bytes);
}

function itemFacts(type: string, e: Raw): ServerFact | null {
  const itemId = str(e.item_id) ?? '';
  switch (type) {
    case 'input_audio_buffer.speech_started':
      return { kind: 'speech_started', itemId, audioStartMs: num(e.audio_start_ms) };
    case 'input_audio_buffer.speech_stopped':
      return { kind: 'speech_stopped', itemId, audioEndMs: num(e.audio_end_ms) };
    case 'input_audio_buffer.timeout_triggered':
      return { kind: 'timeout_triggered', itemId, audioStartMs: num(e.audio_start_ms), audioEndMs: num(e.audio_end_ms) };
    case 'input_audio_buffer.committed':
      return { kind: 'committed', itemId, previousItemId: str(e.previous_item_id) };
    case 'input_audio_buffer.cleared':
      return { kind: 'cleared' };
    case 'conversation.item.added': {
      const item = obj(e.item);
      return { kind: 'item.added', itemId: str(item.id) ?? '', role: str(item.role), previousItemId: str(e.previous_item_id), itemType: str(item.type), callId: str(item.call_id) };
    }
    case 'conversation.item.input_audio_transcription.delta':
      return { kind: 'transcript.delta', itemId, delta: str(e.delta) ?? '' };
    case 'conversation.item.input_audio_transcription.completed':
      return { kind: 'transcript.completed', itemId, transcript: str(e.transcript) ?? '', usage: parseUsage(e.usage) };
    case 'conversation.item.input_audio_transcription.failed':
      return { kind: 'transcript.failed', itemId, message: str(obj(e.error).message) ?? 'transcription failed' };
    default:
      return null;
  }
}

function responseFacts(type: string, e: Raw): ServerFact | null {
  const responseId = str(e.response_id) ?? '';
  const response = obj(e.response);
  switch (type) {
    case 'response.output_audio.delta':
      return { kind: 'response.audio.delta', responseId, bytes: audioPayloadBytes(e.delta) };
    case 'response.output_audio_transcript.delta':
      return { kind: 'response.transcript.delta', responseId, delta: str(e.delta) ?? '' };
    case 'response.output_text.delta':
      return { kind: 'response.text.delta', responseId, delta: str(e.delta) ?? '' };
    case 'response.created':
      return { kind: 'response.created', responseId: str(response.id) ?? '' };
    case 'response.done':
      return { kind: 'response.done', responseId: str(response.id) ?? '', status: str(response.status) ?? 'unknown', usage: parseUsage(response.usage) };
    case 'response.output_item.added':
      return { kind: 'response.output_item', responseId, itemId: str(obj(e.item).id) ?? '' };
    case 'response.function_call_arguments.done':
      return { kind: 'response.function_call', responseId, callId: str(e.call_id) ?? '', name: str(e.name) ?? '', arguments: str(e.arguments) ?? '' };
    case 'output_audio_buffer.started':
      return { kind: 'output_audio.started', responseId };
    case 'output_audio_buffer.stopped':
    case 'output_audio_buffer.cleared':
      return { kind: 'output_audio.ended', responseId };
    default:
      return null;
  }
}

/** `realtime` or `transcription`: GA says so in `session.type`; beta in the event name or `session.object`. */
function sessionTypeOf(rawType: string, session: Raw): 'realtime' | 'transcription' | null {
  const declared = str(session.type);
  if (declared === 'realtime' || declared === 'transcription') return declared;
  if (rawType.startsWith('transcription_session.') || session.object === 'realtime.transcription_session') return 'transcription';
  if (rawType.startsWith('session.') && session.object === 'realtime.session') return 'realtime';
  return null;
}

function sessionFacts(type: string, rawType: string, e: Raw): ServerFact | null {
  switch (type) {
    case 'session.created': {
      const session = obj(e.session);
      return { kind: 'session.created', sessionType: sessionTypeOf(rawType, session), expiresAt: numOrNull(session.expires_at) };
    }
    case 'session.updated': {
      const hasSession = typeof e.session === 'object' && e.session !== null && !Array.isArray(e.session);
      return { kind: 'session.updated', sessionType: sessionTypeOf(rawType, obj(e.session)), hasSession };
    }
    case 'error': {
      const error = obj(e.error);
      return { kind: 'error', errorType: str(error.type) ?? 'error', code: str(error.code), message: str(error.message) ?? '', param: str(error.param), eventId: str(error.event_id) };
    }
    case 'rate_limits.updated': {
      const limits = Array.isArray(e.rate_limits) ? e.rate_limits.map(obj) : [];
      return { kind: 'rate_limits', limits: limits.map((l) => ({ name: str(l.name) ?? '', remaining: num(l.remaining), resetSeconds: num(l.reset_seconds) })) };
    }
    default:
      return null;
  }
}

/** Maps a server event of either generation to its fact; never throws. */
export function parseServerEvent(event: unknown): ServerFact {
  const e = obj(event);
  const rawType = str(e.type) ?? '';
  const type = canonicalEventType(rawType);
  return itemFacts(type, e) ?? responseFacts(type, e) ?? sessionFacts(type, rawType, e) ?? { kind: 'other', type };
}
