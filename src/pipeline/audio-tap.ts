import { appendBytes } from './protocol/append.js';
import { canonicalEventType } from './protocol/events.js';
import type { Transport } from './transport/transport.js';

/**
 * Keeps the audio of a session as it crosses the transport (`--save-audio`): each response's
 * audio deltas by response id and, when asked, the audio sent. It reads the live events, never
 * the cassette, so it keeps what the server sent whatever form the cassette stores audio in.
 */
export interface AudioTap {
  /** Response audio, by response id, in order of arrival. */
  readonly responses: ReadonlyMap<string, readonly Buffer[]>;
  /** The appends' audio, in order (empty unless the sent audio is kept). */
  readonly sent: readonly Buffer[];
  /** The same transport, its audio kept; wrap each socket of a session (a rollover opens another). */
  wrap(transport: Transport): Transport;
}

/** A tap that keeps response audio, and the audio sent when `keepSent`. */
export function createAudioTap(keepSent: boolean): AudioTap {
  const responses = new Map<string, Buffer[]>();
  const sent: Buffer[] = [];
  return {
    responses,
    sent,
    wrap(transport) {
      transport.subscribe({
        onEvent: (event) => {
          if (typeof event.type !== 'string' || canonicalEventType(event.type) !== 'response.output_audio.delta' || typeof event.delta !== 'string') return;
          const id = typeof event.response_id === 'string' ? event.response_id : '';
          const list = responses.get(id) ?? [];
          list.push(Buffer.from(event.delta, 'base64'));
          responses.set(id, list);
        },
        onClose: () => undefined,
      });
      return {
        connect: (signal) => transport.connect(signal),
        subscribe: (handlers) => transport.subscribe(handlers),
        close: (code, reason) => {
          transport.close(code, reason);
        },
        send(event) {
          const audio = keepSent && event.type === 'input_audio_buffer.append' ? appendBytes(event) : null;
          transport.send(event);
          if (audio !== null) sent.push(Buffer.from(audio));
        },
      };
    },
  };
}
