import type { ClientEvent } from './session-config.js';

/**
 * The audio bytes behind an append's base64 `audio`, kept on the event under a symbol (which
 * JSON never sees): the recorder hashes and measures them without decoding the base64 again,
 * and the socket writes the event without JSON.stringify scanning 2.5 kB of base64 for
 * characters to escape. Both run on every chunk of every stream.
 */
export const AUDIO_BYTES: unique symbol = Symbol('rtbench.audioBytes');

/** An `input_audio_buffer.append` event that carries its audio bytes too. */
export type AppendEvent = ClientEvent & { readonly type: 'input_audio_buffer.append'; readonly audio: string; readonly [AUDIO_BYTES]: Buffer };

/**
 * Builds the append of one chunk. The bytes are a non-enumerable property, so that copies of
 * the event (`{...event}`, as the recorder keeps) do not hold on to the audio.
 */
export function appendEvent(audio: Buffer): AppendEvent {
  const event = { type: 'input_audio_buffer.append' as const, audio: audio.toString('base64') };
  return Object.defineProperty(event, AUDIO_BYTES, { value: audio, enumerable: false }) as AppendEvent;
}

/** The bytes behind an append built by {@link appendEvent}; null for any other event. */
export function appendBytes(event: ClientEvent): Buffer | null {
  const bytes = (event as Partial<AppendEvent>)[AUDIO_BYTES];
  return Buffer.isBuffer(bytes) && event.type === 'input_audio_buffer.append' && typeof event.audio === 'string' ? bytes : null;
}

const APPEND_HEAD = '{"type":"input_audio_buffer.append","audio":"';
const APPEND_TAIL = '"}';

/**
 * The wire form of a client event, as UTF-8 bytes. An append built by {@link appendEvent} with
 * nothing added is written straight into one buffer (base64 needs no escaping in JSON, and no
 * intermediate string is made); everything else goes through JSON.stringify. Both give the
 * same text.
 */
export function serializeClientEvent(event: ClientEvent): Buffer {
  if (appendBytes(event) === null || Object.keys(event).length !== 2) return Buffer.from(JSON.stringify(event), 'utf8');
  const audio = event.audio as string;
  const frame = Buffer.allocUnsafe(APPEND_HEAD.length + audio.length + APPEND_TAIL.length);
  let offset = frame.write(APPEND_HEAD, 0, 'latin1');
  offset += frame.write(audio, offset, 'latin1');
  frame.write(APPEND_TAIL, offset, 'latin1');
  return frame;
}
