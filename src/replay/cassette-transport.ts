import type { Clock } from '../clock.js';
import { TransportError } from '../errors.js';
import type { ClientEvent } from '../pipeline/protocol/session-config.js';
import { isTransportNote, ROLLOVER_EVENT_TYPE, textField, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import { createHandlerSet, type ConnectInfo, type Transport, type TransportHandlers } from '../pipeline/transport/transport.js';
import { SESSION_EXPIRED_CODE } from '../pipeline/protocol/errors.js';
import { isEventId } from '../pipeline/protocol/event-ids.js';
import { CLIENT_EVENT_IDS } from '../pipeline/session-link.js';

/** A transport that plays a recorded session back, and keeps what the session sent. */
export interface CassetteTransport extends Transport {
  readonly sent: ClientEvent[];
}

/** The frames of the `socket`th socket of a record (from 0): a rolled-over session has one more per rollover frame. */
export function socketFrames(events: readonly TimedEvent[], socket: number): TimedEvent[] {
  const frames: TimedEvent[] = [];
  let current = 0;
  for (const frame of events) {
    if (frame.dir === 'ws' && frame.event.type === ROLLOVER_EVENT_TYPE) current++;
    else if (current === socket) frames.push(frame);
  }
  return frames;
}

function isExpiry(frame: TimedEvent): boolean {
  const error = frame.event.error;
  return frame.event.type === 'error' && typeof error === 'object' && error !== null && (error as { code?: unknown }).code === SESSION_EXPIRED_CODE;
}

/** What the transport noted while connecting (a WebRTC call's offer and answer): played before the open. */
function connectingNotes(frames: readonly TimedEvent[], open: TimedEvent): TimedEvent[] {
  return frames.slice(0, frames.indexOf(open)).filter((f) => f.dir === 'ws' && isTransportNote(f.event));
}

/** Whether a frame after the open is played back: server events, invalid frames, socket errors, the close, the transport's notes. */
function isPlayedBack(f: TimedEvent): boolean {
  if (f.dir === 'in') return true;
  return f.dir === 'ws' && (f.event.type === 'invalid' || f.event.type === 'error' || f.event.type === 'close' || isTransportNote(f.event));
}

/** Hands one played-back frame to the handlers (an owed barrier answer before an expiry or the close); true for the close. */
function playFrame(frame: TimedEvent, handlers: TransportHandlers, answerBarrier: () => void): boolean {
  if (frame.dir === 'in') {
    if (isExpiry(frame)) answerBarrier();
    handlers.onEvent(frame.event);
  } else if (isTransportNote(frame.event)) handlers.onNote?.(frame.event);
  else if (frame.event.type === 'invalid') handlers.onInvalid?.(textField(frame.event, 'text'), textField(frame.event, 'reason'));
  else if (frame.event.type === 'error') handlers.onError?.(textField(frame.event, 'message'));
  else if (frame.event.type === 'close') {
    answerBarrier();
    handlers.onClose(Number(frame.event.code ?? 1006), textField(frame.event, 'reason'));
    return true;
  }
  return false;
}

/** Options of {@link createCassetteTransport}. */
export interface CassetteTransportOptions {
  /** Which socket of a rolled-over session to play (from 0). @default 0 */
  readonly socket?: number;
  /** Clock reading that is the recording's t = 0 (every socket of a session shares it). @default clock.now() */
  readonly startMs?: number;
}

/**
 * Plays back a session record on `clock`: the socket opens at its recorded time, and every
 * received frame (events, invalid frames, the close) is delivered at its recorded `t_ms`
 * after the transport was created. Nothing touches the network; on a virtual clock nothing
 * sleeps. A recording with no open frame fails to connect with the recorded error.
 */
export function createCassetteTransport(record: SessionRecord, clock: Clock, options: CassetteTransportOptions = {}): CassetteTransport {
  const { handlers, subscribe } = createHandlerSet();
  const startMs = options.startMs ?? clock.now();
  const frames = socketFrames(record.events, options.socket ?? 0);
  const sent: ClientEvent[] = [];
  let closed = false;
  // A recording made before sessions ended on a barrier holds no answer to one: a completed
  // session is answered when the recorded session ended, before the frame that ended it.
  const recordedBarrier = frames.some((f) => f.dir === 'out' && isEventId(f.event.event_id, CLIENT_EVENT_IDS.barrier));
  let owedAnswer = false;
  const answerBarrier = (): void => {
    if (!owedAnswer) return;
    owedAnswer = false;
    handlers.onEvent({ type: 'session.updated', event_id: 'event_replay_barrier', session: {} });
  };
  const at = (frame: TimedEvent): Promise<void> => clock.sleep(Math.max(0, startMs + frame.tMs - clock.now()));
  const deliver = async (frames: readonly TimedEvent[]): Promise<void> => {
    for (const frame of frames) {
      await at(frame);
      if (playFrame(frame, handlers, answerBarrier)) {
        closed = true;
        return;
      }
    }
  };
  return {
    sent,
    subscribe,
    async connect(signal) {
      const open = frames.find((f) => f.dir === 'ws' && f.event.type === 'open');
      if (open === undefined) throw new TransportError(record.outcome.error ?? 'the recording holds no connection', { retryable: false });
      for (const frame of connectingNotes(frames, open)) {
        await clock.sleep(Math.max(0, startMs + frame.tMs - clock.now()), signal);
        handlers.onNote?.(frame.event);
      }
      await clock.sleep(Math.max(0, startMs + open.tMs - clock.now()), signal);
      const info: ConnectInfo = { url: textField(open.event, 'url'), emulated: open.event.emulated === true };
      handlers.onOpen?.(info);
      const after = frames.slice(frames.indexOf(open) + 1).filter(isPlayedBack);
      void deliver(after).then(() => {
        answerBarrier();
        if (!closed) {
          closed = true;
          handlers.onClose(1006, 'the recording ends here');
        }
      });
      return info;
    },
    send(event) {
      sent.push(event);
      if (isEventId(event.event_id, CLIENT_EVENT_IDS.barrier) && !recordedBarrier && record.outcome.state === 'completed') owedAnswer = true;
    },
    close() {
      // The recorded close frame is delivered at its recorded time.
    },
  };
}
