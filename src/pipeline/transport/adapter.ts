import type { RelayAdapter, RelayMessage } from '../../config/adapter-file.js';
import { bytesToMs, type AudioSpec } from '../audio-format.js';
import { appendBytes } from '../protocol/append.js';
import type { ClientEvent } from '../protocol/session-config.js';
import type { AdapterRecord } from '../record.js';
import { createHandlerSet, type Transport, type TransportHandlers } from './transport.js';

/**
 * A relay between browsers and the Realtime API speaks its own messages (`{"type": "audio",
 * "audio": …}` in, `audio_delta`, `text_delta`, `response_done` out). This transport wraps the
 * relay's socket and maps both ways by the adapter file (config/adapter-file.ts), so the session
 * talks the protocol and does not know a relay is there. Every mapped event keeps the relay's
 * type under `rtbench_relay`; an event the relay never sent (a response.created at a response's
 * first delta, a session.updated) says so under `rtbench_relay.synthesized`.
 *
 * A relay without an answer to session.update: a session.update is answered once the relay has
 * sent response_done for as many responses as the item's expected turns that end in the audio
 * sent before it, and no response is under way. The end-of-audio barrier therefore waits for a
 * response to every expected turn; no quiet spell decides anything, and a relay that answers
 * fewer turns leaves the session to its turn timeout.
 */

/** Options of {@link createAdapterTransport}. */
export interface AdapterTransportOptions {
  readonly adapter: RelayAdapter;
  /** The input audio's encoding, to know how much audio was sent. */
  readonly spec: AudioSpec;
  /** Where each expected turn of the item ends (ms of audio): the responses a relay owes. */
  readonly expectedTurnEndsMs: readonly number[];
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function getPath(value: Raw, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) current = isObj(current) ? current[key] : undefined;
  return current;
}

function setPath(target: Raw, path: string, value: unknown): Raw {
  const keys = path.split('.');
  let current = target;
  keys.slice(0, -1).forEach((key) => {
    const existing = current[key];
    const next: Raw = isObj(existing) ? existing : {};
    current[key] = next;
    current = next;
  });
  current[keys.at(-1) ?? path] = value;
  return target;
}

/** What the cassette header says about the adapter: what the relay exposes, and how the barrier is answered. */
export function adapterRecord(adapter: RelayAdapter): AdapterRecord {
  const r = adapter.receive;
  const exposes = [
    ...(r.sessionReady ? ['session.created'] : []),
    ...(r.audioDelta ? ['response.output_audio.delta'] : []),
    ...(r.textDelta ? ['response.output_text.delta'] : []),
    'response.done',
    ...(r.error ? ['error'] : []),
    ...(r.sessionUpdated ? ['session.updated'] : []),
  ];
  return {
    name: adapter.name, exposes, takes_session_update: adapter.send.sessionUpdate !== null, barrier: r.sessionUpdated ? 'relay' : 'responses',
    response_audio: { format: adapter.responseAudio.format, rate_hz: adapter.responseAudio.rateHz },
  };
}

/** The relay message for a client event, or why there is none. */
function relayMessage(adapter: RelayAdapter, event: ClientEvent): Raw | string {
  const message = (shape: RelayMessage, payload?: unknown): Raw => {
    const out = setPath({}, adapter.typeField, shape.type);
    return shape.field !== null && payload !== undefined ? setPath(out, shape.field, payload) : out;
  };
  if (event.type === 'input_audio_buffer.append') return message(adapter.send.audio, event.audio);
  if (event.type === 'session.update' || event.type === 'transcription_session.update') {
    return adapter.send.sessionUpdate ? message(adapter.send.sessionUpdate, event.session) : 'no-session-update';
  }
  const item = isObj(event.item) ? event.item : null;
  const content = Array.isArray(item?.content) ? (item.content as unknown[]) : [];
  const text = content.flatMap((c) => (isObj(c) && c.type === 'input_text' && typeof c.text === 'string' ? [c.text] : [])).join('\n');
  if (event.type === 'conversation.item.create' && adapter.send.text && item?.type === 'message' && item.role === 'user' && text !== '') return message(adapter.send.text, text);
  return `the relay (adapter ${adapter.name}) has no message for ${event.type}${event.type === 'conversation.item.create' ? ` (${typeof item?.type === 'string' ? item.type : 'item'})` : ''}`;
}

const SESSION = { object: 'realtime.session', type: 'realtime' };

function synthesized(event: Raw, why: string): Raw {
  return { ...event, rtbench_relay: { synthesized: why } };
}

/** The mapping of one relay socket: which response is under way, what the relay owes. */
class RelayMapping {
  private responses = 0;
  private open: string | null = null;
  private done = 0;
  private sentBytes = 0;
  private readonly owedUpdates: number[] = [];
  private acks = 0;

  constructor(
    private readonly options: AdapterTransportOptions,
    private readonly inner: Transport,
    private readonly emit: (event: Raw) => void,
  ) {}

  private get adapter(): RelayAdapter {
    return this.options.adapter;
  }

  private answerUpdates(): void {
    for (let owed = this.owedUpdates[0]; owed !== undefined && this.open === null && this.done >= owed; owed = this.owedUpdates[0]) {
      this.owedUpdates.shift();
      this.emit(synthesized({ type: 'session.updated', session: SESSION }, `the relay has no answer to session.update: answered once it had sent response_done for ${owed} response(s), one per expected turn ending in the audio sent before it`));
    }
  }

  private startResponse(): string {
    if (this.open !== null) return this.open;
    this.responses++;
    this.open = `resp_relay_${this.responses}`;
    this.emit(synthesized({ type: 'response.created', response: { id: this.open, object: 'realtime.response', status: 'in_progress', output: [] } }, 'the relay does not announce responses: this one began with its first delta'));
    return this.open;
  }

  private delta(type: string, payload: unknown, relayType: string): void {
    const responseId = this.startResponse();
    this.emit({ type, response_id: responseId, item_id: `item_relay_${this.responses}`, output_index: 0, content_index: 0, delta: payload, rtbench_relay: { type: relayType } });
  }

  private responseDone(mark: Raw): void {
    const id = this.startResponse();
    this.open = null;
    this.done++;
    this.emit({ type: 'response.done', response: { id, object: 'realtime.response', output: [] }, ...mark });
    this.answerUpdates();
  }

  /** Maps one message from the relay to the protocol event it stands for. */
  receive(message: Raw): void {
    const type = getPath(message, this.adapter.typeField);
    const r = this.adapter.receive;
    const is = (shape: RelayMessage | null): boolean => shape !== null && shape.type === type;
    const mark = { rtbench_relay: { type } };
    if (is(r.sessionReady)) this.emit({ type: 'session.created', session: SESSION, ...mark });
    else if (r.audioDelta && is(r.audioDelta)) this.delta('response.output_audio.delta', getPath(message, r.audioDelta.field), r.audioDelta.type);
    else if (r.textDelta && is(r.textDelta)) this.delta('response.output_text.delta', getPath(message, r.textDelta.field), r.textDelta.type);
    else if (is(r.responseDone)) this.responseDone(mark);
    else if (r.error && is(r.error)) {
      const text = r.error.field === null ? undefined : getPath(message, r.error.field);
      const code = r.error.codeField === null ? null : getPath(message, r.error.codeField);
      this.emit({ type: 'error', error: { type: 'relay_error', code: typeof code === 'string' ? code : null, message: typeof text === 'string' ? text : JSON.stringify(message), param: null, event_id: null }, ...mark });
    } else if (is(r.sessionUpdated) && this.acks > 0) {
      this.acks--;
      this.emit({ type: 'session.updated', session: SESSION, ...mark });
    } else this.emit({ type: `relay.${String(type)}`, relay_message: message });
  }

  /** Announces the session when the relay never does. */
  opened(): void {
    if (this.adapter.receive.sessionReady !== null) return;
    queueMicrotask(() => {
      this.emit(synthesized({ type: 'session.created', session: SESSION }, 'the relay announces no session: ready once the socket opened'));
    });
  }

  private refuse(event: ClientEvent, why: string): void {
    const error = { type: 'invalid_request_error', code: 'unsupported_by_relay', message: why, param: null, event_id: event.event_id ?? null };
    queueMicrotask(() => {
      this.emit(synthesized({ type: 'error', error }, why));
    });
  }

  private update(message: Raw | null): void {
    if (message !== null) this.inner.send(message as ClientEvent);
    if (this.adapter.receive.sessionUpdated !== null) {
      this.acks++;
      return;
    }
    const sentMs = bytesToMs(this.options.spec, this.sentBytes);
    this.owedUpdates.push(this.options.expectedTurnEndsMs.filter((end) => end < sentMs).length);
    queueMicrotask(() => {
      this.answerUpdates();
    });
  }

  /** Sends the relay's form of a client event, or answers what the relay cannot take. */
  send(event: ClientEvent): void {
    const message = relayMessage(this.adapter, event);
    if (event.type === 'input_audio_buffer.append') this.sentBytes += appendBytes(event)?.length ?? Buffer.from(String(event.audio), 'base64').length;
    if (message === 'no-session-update') this.update(null);
    else if (typeof message === 'string') this.refuse(event, message);
    else if (event.type === 'session.update' || event.type === 'transcription_session.update') this.update(message);
    else this.inner.send(message as ClientEvent);
  }
}

/** Wraps a relay's socket so that the session speaks the Realtime protocol through it. */
export function createAdapterTransport(inner: Transport, options: AdapterTransportOptions): Transport {
  const { handlers, subscribe } = createHandlerSet();
  const mapping = new RelayMapping(options, inner, (event) => {
    handlers.onEvent(event);
  });
  const onOpen: TransportHandlers['onOpen'] = (info) => {
    handlers.onOpen?.(info);
    mapping.opened();
  };
  inner.subscribe({
    onOpen,
    onEvent: (message) => {
      mapping.receive(message);
    },
    onInvalid: (text, why) => {
      handlers.onInvalid?.(text, why);
    },
    onError: (message) => {
      handlers.onError?.(message);
    },
    onClose: (code, why) => {
      handlers.onClose(code, why);
    },
  });
  return {
    connect: (signal) => inner.connect(signal),
    subscribe,
    close: (code, reason) => {
      inner.close(code, reason);
    },
    send: (event) => {
      mapping.send(event);
    },
  };
}
