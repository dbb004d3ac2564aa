import { readFileSync } from 'node:fs';
import type { AudioFormat } from './types.js';

/**
 * `--adapter FILE`: how a relay's own messages map to Realtime protocol events and back, so
 * that rtbench runs, records and scores a relay (a FastAPI or Node server between browsers and
 * the Realtime API) as it does the service. A small declarative JSON file:
 *
 *     {"kind": "rtbench.adapter", "name": "fastapi-relay", "type_field": "type",
 *      "send":    {"audio": {"type": "audio", "field": "audio"}, "text": {"type": "text", "field": "text"}},
 *      "receive": {"session_ready": {"type": "session_ready"},
 *                  "audio_delta": {"type": "audio_delta", "field": "audio"},
 *                  "text_delta": {"type": "text_delta", "field": "text"},
 *                  "response_done": {"type": "response_done"},
 *                  "error": {"type": "error", "field": "message", "code_field": "code"}},
 *      "response_audio": {"format": "pcm16", "rate_hz": 24000}}
 *
 * `field` names where the payload is (a dotted path such as `data.audio` reaches inside).
 * Optional: `send.session_update` (a message that carries the session object in `field`, or
 * none) with `receive.session_updated` (the relay's acknowledgement, in order): with both, every
 * session.update the harness sends — the end-of-audio barrier included — is answered by the relay.
 */

/** One message of the relay: its type, and where its payload is. */
export interface RelayMessage {
  readonly type: string;
  /** Dotted path of the payload (base64 audio, text, the error message, the session object); null: none. */
  readonly field: string | null;
}

/** The relay's error message: its text in `field`, its code in `codeField`. */
export interface RelayError extends RelayMessage {
  readonly codeField: string | null;
}

/** A parsed adapter file. */
export interface RelayAdapter {
  readonly name: string;
  /** The field of every message that holds its type. @default 'type' */
  readonly typeField: string;
  readonly send: {
    /** What carries an input_audio_buffer.append's audio (base64). */
    readonly audio: RelayMessage & { readonly field: string };
    /** What carries a user text message (conversation.item.create with input_text); null: the relay takes none. */
    readonly text: (RelayMessage & { readonly field: string }) | null;
    /** What carries a session.update (its session object in `field`, when given); null: the relay takes none. */
    readonly sessionUpdate: RelayMessage | null;
  };
  readonly receive: {
    /** The relay's session is ready (session.created); null: ready once the socket is open. */
    readonly sessionReady: RelayMessage | null;
    readonly audioDelta: (RelayMessage & { readonly field: string }) | null;
    readonly textDelta: (RelayMessage & { readonly field: string }) | null;
    /** A response is complete (response.done). */
    readonly responseDone: RelayMessage;
    readonly error: RelayError | null;
    /** The relay's answer to `send.sessionUpdate`, in order (session.updated); null: it has none. */
    readonly sessionUpdated: RelayMessage | null;
  };
  /** The encoding of the audio in audio deltas (for saved audio). @default pcm16 at 24000 Hz */
  readonly responseAudio: { readonly format: AudioFormat; readonly rateHz: number };
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

const SEND_ROLES = ['audio', 'text', 'session_update'] as const;
const RECEIVE_ROLES = ['session_ready', 'audio_delta', 'text_delta', 'response_done', 'error', 'session_updated'] as const;

function readMessage(value: unknown, where: string, needsField: boolean, problems: string[]): RelayMessage | null {
  if (value === undefined || value === null) return null;
  if (!isObj(value) || typeof value.type !== 'string' || value.type === '') {
    problems.push(`${where} must be {"type": "<the relay's message type>"${needsField ? ', "field": "<where the payload is>"' : ''}}`);
    return null;
  }
  const field = value.field;
  if (field !== undefined && field !== null && (typeof field !== 'string' || !PATH.test(field))) problems.push(`${where}.field must be a field name or a dotted path (data.audio), not ${JSON.stringify(field)}`);
  else if (needsField && (field === undefined || field === null)) problems.push(`${where}.field is missing: name the field that holds the payload`);
  return { type: value.type, field: typeof field === 'string' ? field : null };
}

function withField(message: RelayMessage | null): (RelayMessage & { field: string }) | null {
  return message !== null && message.field !== null ? { type: message.type, field: message.field } : null;
}

function unknownKeys(value: unknown, known: readonly string[], where: string, problems: string[], what = 'role'): void {
  if (!isObj(value)) return;
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0) problems.push(`${where}: unknown ${what}(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
}

function readResponseAudio(value: unknown, problems: string[]): RelayAdapter['responseAudio'] {
  if (value === undefined) return { format: 'pcm16', rateHz: 24000 };
  const raw = isObj(value) ? value : {};
  const format = raw.format ?? 'pcm16';
  if (format !== 'pcm16' && format !== 'g711_ulaw' && format !== 'g711_alaw') problems.push(`response_audio.format must be pcm16, g711_ulaw or g711_alaw, not ${JSON.stringify(format)}`);
  const pcm = format === 'pcm16';
  const rate = raw.rate_hz ?? (pcm ? 24000 : 8000);
  if (pcm ? rate !== 24000 && rate !== 16000 : rate !== 8000) problems.push(`response_audio.rate_hz must be ${pcm ? '24000 or 16000' : '8000'} for ${JSON.stringify(format)}, not ${JSON.stringify(rate)}`);
  return { format: format as AudioFormat, rateHz: typeof rate === 'number' ? rate : 24000 };
}

function readSend(send: Raw, problems: string[]): RelayAdapter['send'] {
  const audio = withField(readMessage(send.audio, 'send.audio', true, problems));
  if (audio === null && send.audio === undefined) problems.push('send.audio is missing: name the message that carries audio, e.g. {"type": "audio", "field": "audio"}');
  return {
    audio: audio ?? { type: '', field: '' },
    text: withField(readMessage(send.text, 'send.text', true, problems)),
    sessionUpdate: readMessage(send.session_update, 'send.session_update', false, problems),
  };
}

function readReceive(receive: Raw, problems: string[]): RelayAdapter['receive'] {
  const error = readMessage(receive.error, 'receive.error', false, problems);
  const codeField = isObj(receive.error) && typeof receive.error.code_field === 'string' ? receive.error.code_field : null;
  const done = readMessage(receive.response_done, 'receive.response_done', false, problems);
  if (receive.response_done === undefined) problems.push('receive.response_done is missing: name the message that ends a response');
  const parsed = {
    sessionReady: readMessage(receive.session_ready, 'receive.session_ready', false, problems),
    audioDelta: withField(readMessage(receive.audio_delta, 'receive.audio_delta', true, problems)),
    textDelta: withField(readMessage(receive.text_delta, 'receive.text_delta', true, problems)),
    responseDone: done ?? { type: '', field: null },
    error: error === null ? null : { ...error, codeField },
    sessionUpdated: readMessage(receive.session_updated, 'receive.session_updated', false, problems),
  };
  if (receive.audio_delta === undefined && receive.text_delta === undefined) problems.push('receive needs audio_delta or text_delta: the message that carries the response');
  return parsed;
}

/** Reads an adapter document (already parsed JSON); every problem is pushed. */
export function parseRelayAdapter(doc: unknown, problems: string[]): RelayAdapter | null {
  if (!isObj(doc)) {
    problems.push('must hold one JSON object {"kind": "rtbench.adapter", "send": {…}, "receive": {…}}');
    return null;
  }
  const before = problems.length;
  if (doc.kind !== undefined && doc.kind !== 'rtbench.adapter') problems.push(`kind must be "rtbench.adapter", not ${JSON.stringify(doc.kind)}`);
  unknownKeys(doc, ['kind', 'name', 'type_field', 'send', 'receive', 'response_audio', 'description'], 'the file', problems, 'field');
  unknownKeys(doc.send, SEND_ROLES, 'send', problems);
  unknownKeys(doc.receive, RECEIVE_ROLES, 'receive', problems);
  const typeField = doc.type_field ?? 'type';
  if (typeof typeField !== 'string' || !PATH.test(typeField)) problems.push(`type_field must be a field name, not ${JSON.stringify(typeField)}`);
  const adapter: RelayAdapter = {
    name: typeof doc.name === 'string' && doc.name.trim() !== '' ? doc.name.trim() : 'relay',
    typeField: typeof typeField === 'string' ? typeField : 'type',
    send: readSend(isObj(doc.send) ? doc.send : {}, problems),
    receive: readReceive(isObj(doc.receive) ? doc.receive : {}, problems),
    responseAudio: readResponseAudio(doc.response_audio, problems),
  };
  if (adapter.receive.sessionUpdated !== null && adapter.send.sessionUpdate === null) problems.push('receive.session_updated needs send.session_update: the message it answers');
  return problems.length === before ? adapter : null;
}

/** Reads `--adapter FILE`; problems name the option and the file. */
export function readAdapterFile(flagValue: string, path: string, problems: string[]): RelayAdapter | null {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const why = error instanceof SyntaxError ? `it is not JSON (${error.message})` : `cannot read it (${error instanceof Error ? error.message : String(error)})`;
    problems.push(`--adapter ${flagValue}: ${why}`);
    return null;
  }
  const found: string[] = [];
  const adapter = parseRelayAdapter(doc, found);
  problems.push(...found.map((p) => `--adapter ${flagValue}: ${p}`));
  return adapter;
}
