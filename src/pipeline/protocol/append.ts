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

/**
 * The wire form of a client event. An append built by {@link appendEvent} with nothing added
 * is written directly (base64 needs no escaping in JSON); everything else goes through
 * JSON.stringify. Both give the same text.
 */
export function serializeClientEvent(event: ClientEvent): string {
  if (appendBytes(event) !== null && Object.keys(event).length === 2) return `{"type":"input_audio_buffer.append","audio":"${event.audio as string}"}`;
  return JSON.stringify(event);
}
