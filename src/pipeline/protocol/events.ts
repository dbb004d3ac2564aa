/**
 * One vocabulary for server events of both protocol generations. The guards here never throw:
 * a field of the wrong type reads as absent, and an event we do not know becomes `other`.
 * Raw events are always kept by the recorder; these facts are derived from them.
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
  | { readonly kind: 'session.created'; readonly sessionType: string | null; readonly expiresAt: number | null }
  | { readonly kind: 'session.updated' }
  | { readonly kind: 'speech_started'; readonly itemId: string; readonly audioStartMs: number }
  | { readonly kind: 'speech_stopped'; readonly itemId: string; readonly audioEndMs: number }
  | { readonly kind: 'timeout_triggered'; readonly itemId: string; readonly audioStartMs: number; readonly audioEndMs: number }
  | { readonly kind: 'committed'; readonly itemId: string; readonly previousItemId: string | null }
  | { readonly kind: 'cleared' }
  | { readonly kind: 'item.added'; readonly itemId: string; readonly role: string | null; readonly previousItemId: string | null }
  | { readonly kind: 'transcript.delta'; readonly itemId: string; readonly delta: string }
  | { readonly kind: 'transcript.completed'; readonly itemId: string; readonly transcript: string; readonly usage: Usage | null }
  | { readonly kind: 'transcript.failed'; readonly itemId: string; readonly message: string }
  | { readonly kind: 'response.created'; readonly responseId: string }
  | { readonly kind: 'response.output_item'; readonly responseId: string; readonly itemId: string }
  | { readonly kind: 'response.audio.delta'; readonly responseId: string; readonly bytes: number }
  | { readonly kind: 'response.transcript.delta'; readonly responseId: string; readonly delta: string }
  | { readonly kind: 'response.done'; readonly responseId: string; readonly status: string; readonly usage: Usage | null }
  | { readonly kind: 'rate_limits'; readonly limits: readonly { name: string; remaining: number; resetSeconds: number }[] }
  | { readonly kind: 'error'; readonly errorType: string; readonly code: string | null; readonly message: string }
  | { readonly kind: 'other'; readonly type: string };

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

const AUDIO_DELTA = new Set(['response.output_audio.delta', 'response.audio.delta']);
const AUDIO_TRANSCRIPT_DELTA = new Set(['response.output_audio_transcript.delta', 'response.audio_transcript.delta']);
const ITEM_ADDED = new Set(['conversation.item.added', 'conversation.item.created']);

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
  if (AUDIO_DELTA.has(type)) return { kind: 'response.audio.delta', responseId: str(e.response_id) ?? '', bytes: audioPayloadBytes(e.delta) };
  if (AUDIO_TRANSCRIPT_DELTA.has(type)) return { kind: 'response.transcript.delta', responseId: str(e.response_id) ?? '', delta: str(e.delta) ?? '' };
  const response = obj(e.response);
  switch (type) {
    case 'response.created':
      return { kind: 'response.created', responseId: str(response.id) ?? '' };
    case 'response.done':
      return { kind: 'response.done', responseId: str(response.id) ?? '', status: str(response.status) ?? 'unknown', usage: parseUsage(response.usage) };
    case 'response.output_item.added':
      return { kind: 'response.output_item', responseId: str(e.response_id) ?? '', itemId: str(obj(e.item).id) ?? '' };
    default:
      return null;
  }
}

function sessionFacts(type: string, e: Raw): ServerFact | null {
  switch (type) {
    case 'session.created':
    case 'transcription_session.created': {
      const session = obj(e.session);
      return { kind: 'session.created', sessionType: str(session.type), expiresAt: numOrNull(session.expires_at) };
    }
    case 'session.updated':
    case 'transcription_session.updated':
      return { kind: 'session.updated' };
    case 'error': {
      const error = obj(e.error);
      return { kind: 'error', errorType: str(error.type) ?? 'error', code: str(error.code), message: str(error.message) ?? '' };
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
  const type = str(e.type) ?? '';
  if (ITEM_ADDED.has(type)) {
    const item = obj(e.item);
    return { kind: 'item.added', itemId: str(item.id) ?? '', role: str(item.role), previousItemId: str(e.previous_item_id) };
  }
  return itemFacts(type, e) ?? responseFacts(type, e) ?? sessionFacts(type, e) ?? { kind: 'other', type };
}
