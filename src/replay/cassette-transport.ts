import type { Clock } from '../clock.js';
import { TransportError } from '../errors.js';
import type { ClientEvent } from '../pipeline/protocol/session-config.js';
import { textField, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import { createHandlerSet, type ConnectInfo, type Transport } from '../pipeline/transport/transport.js';

/** A transport that plays a recorded session back, and keeps what the session sent. */
export interface CassetteTransport extends Transport {
  readonly sent: ClientEvent[];
}

function openFrame(record: SessionRecord): TimedEvent | undefined {
  return record.events.find((f) => f.dir === 'ws' && f.event.type === 'open');
}

/**
 * Plays back a session record on `clock`: the socket opens at its recorded time, and every
 * received frame (events, invalid frames, the close) is delivered at its recorded `t_ms`
 * after the transport was created. Nothing touches the network; on a virtual clock nothing
 * sleeps. A recording with no open frame fails to connect with the recorded error.
 */
export function createCassetteTransport(record: SessionRecord, clock: Clock): CassetteTransport {
  const { handlers, subscribe } = createHandlerSet();
  const startMs = clock.now();
  const sent: ClientEvent[] = [];
  let closed = false;
  const at = (frame: TimedEvent): Promise<void> => clock.sleep(Math.max(0, startMs + frame.tMs - clock.now()));
  const deliver = async (frames: readonly TimedEvent[]): Promise<void> => {
    for (const frame of frames) {
      await at(frame);
      if (frame.dir === 'in') handlers.onEvent(frame.event);
      else if (frame.event.type === 'invalid') handlers.onInvalid?.(textField(frame.event, 'text'), textField(frame.event, 'reason'));
      else if (frame.event.type === 'close') {
        closed = true;
        handlers.onClose(Number(frame.event.code ?? 1006), textField(frame.event, 'reason'));
        return;
      }
    }
  };
  return {
    sent,
    subscribe,
    async connect(signal) {
      const open = openFrame(record);
      if (open === undefined) throw new TransportError(record.outcome.error ?? 'the recording holds no connection', { retryable: false });
      await clock.sleep(Math.max(0, startMs + open.tMs - clock.now()), signal);
      const info: ConnectInfo = { url: textField(open.event, 'url'), emulated: open.event.emulated === true };
      handlers.onOpen?.(info);
      const after = record.events.slice(record.events.indexOf(open) + 1).filter((f) => f.dir === 'in' || (f.dir === 'ws' && (f.event.type === 'invalid' || f.event.type === 'close')));
      void deliver(after).then(() => {
        if (!closed) {
          closed = true;
          handlers.onClose(1006, 'the recording ends here');
        }
      });
      return info;
    },
    send(event) {
      sent.push(event);
    },
    close() {
      // The recorded close frame is delivered at its recorded time.
    },
  };
}
