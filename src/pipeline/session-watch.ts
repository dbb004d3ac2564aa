import { abortReason, type Clock } from '../clock.js';
import { SESSION_EXPIRED_CODE } from './protocol/errors.js';
import { parseServerEvent, type ServerFact } from './protocol/events.js';
import { brokenRules } from './protocol/rules.js';
import type { Transport, TransportHandlers } from './transport/transport.js';

/** The session's view of the conversation so far, kept up to date from the server's events. */
export interface SessionState {
  created: boolean;
  /** A session.updated with its session object has arrived. */
  updated: boolean;
  /** session.updated events (with a session object) so far: the end-of-audio barrier waits for one more. */
  updates: number;
  readonly started: Set<string>;
  readonly stopped: Set<string>;
  /** Committed items, by id. */
  readonly committed: Set<string>;
  /** input_audio_buffer.committed events, those without an item_id included. */
  commits: number;
  readonly transcribed: Set<string>;
  readonly responsesCreated: Set<string>;
  readonly responsesDone: Set<string>;
  /** Responses whose audio a WebRTC server began playing on the call's track, and those whose playing ended. */
  readonly playing: Set<string>;
  readonly played: Set<string>;
  /** `audio_start_ms` / `audio_end_ms` of each turn, as the server reported them (this socket's audio). */
  readonly audioStarts: Map<string, number>;
  readonly audioEnds: Map<string, number>;
  /** Every `error` event, in order; `eventId` names the client event it refers to. */
  readonly errors: { code: string | null; message: string; eventId: string | null }[];
  /** Set once the socket has closed. */
  closed: { code: number; reason: string } | null;
  /** What the socket's own failure said (an invalid frame from the server, say), before it closed. */
  socketError: string | null;
  /** Set by a `session_expired` error: the session is over even if the socket stays open. */
  expired: { code: string | null; message: string } | null;
  /** The protocol rules the server's events broke (protocol/rules.ts), each once. */
  readonly broken: Set<string>;
  /** Server events received so far. */
  eventCount: number;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/** Watches a transport and lets the session wait for conditions on its state. */
export interface SessionWatch {
  readonly state: SessionState;
  /**
   * Resolves once `condition` holds. Resolves to 'closed' if the session ends first (the socket
   * closed, or the session expired; with `untilSocketCloses`, only the close counts) and 'timeout'
   * after `timeoutMs`; rejects when the signal aborts.
   */
  until(condition: (state: SessionState) => boolean, timeoutMs: number, signal: AbortSignal, options?: { untilSocketCloses?: boolean }): Promise<'ok' | 'closed' | 'timeout'>;
  /** Stops watching. */
  stop(): void;
}

function apply(state: SessionState, fact: ServerFact): void {
  switch (fact.kind) {
    case 'session.created':
      state.created = true;
      break;
    case 'session.updated':
      // Without its session object it confirms nothing (the protocol requires one).
      if (fact.hasSession) {
        state.updated = true;
        state.updates++;
      }
      break;
    case 'speech_started':
      state.started.add(fact.itemId);
      state.audioStarts.set(fact.itemId, fact.audioStartMs);
      break;
    case 'speech_stopped':
      state.stopped.add(fact.itemId);
      state.audioEnds.set(fact.itemId, fact.audioEndMs);
      break;
    case 'committed':
      state.commits++;
      if (fact.itemId !== '') state.committed.add(fact.itemId);
      break;
    case 'transcript.completed':
    case 'transcript.failed':
      if (fact.itemId !== '') state.transcribed.add(fact.itemId);
      break;
    case 'response.created':
      state.responsesCreated.add(fact.responseId);
      break;
    case 'response.done':
      state.responsesDone.add(fact.responseId);
      break;
    case 'output_audio.started':
      state.playing.add(fact.responseId);
      break;
    case 'output_audio.ended':
      state.played.add(fact.responseId);
      break;
    case 'error':
      state.errors.push({ code: fact.code, message: fact.message, eventId: fact.eventId });
      if (fact.code === SESSION_EXPIRED_CODE) state.expired = { code: fact.code, message: fact.message };
      break;
    default:
      break;
  }
}

/** The transport handlers that keep `state` up to date, calling `wake` when it changed. */
function handlersFor(state: SessionState, wake: () => void): TransportHandlers {
  return {
    onEvent: (event) => {
      state.eventCount++;
      for (const rule of brokenRules(event)) state.broken.add(rule);
      apply(state, parseServerEvent(event));
      wake();
    },
    onError: (message) => {
      state.socketError ??= message;
    },
    onClose: (code, reason) => {
      state.closed = { code, reason };
      wake();
    },
  };
}

/** The session is over: the socket closed, or the server said the session expired. */
export function hasEnded(state: SessionState): boolean {
  return state.closed !== null || state.expired !== null;
}

function newState(): SessionState {
  return {
    created: false,
    updated: false,
    updates: 0,
    started: new Set(),
    stopped: new Set(),
    committed: new Set(),
    commits: 0,
    transcribed: new Set(),
    responsesCreated: new Set(),
    responsesDone: new Set(),
    playing: new Set(),
    played: new Set(),
    audioStarts: new Map(),
    audioEnds: new Map(),
    errors: [],
    closed: null,
    socketError: null,
    expired: null,
    broken: new Set(),
    eventCount: 0,
  };
}

/** Starts watching `transport`. */
export function watchSession(transport: Transport, clock: Clock): SessionWatch {
  const state = newState();
  const waiters = new Set<Waiter>();
  const wake = (): void => {
    for (const waiter of waiters) if (waiter.check()) waiter.resolve();
  };
  const unsubscribe = transport.subscribe(handlersFor(state, wake));
  const wait = (condition: (s: SessionState) => boolean, ended: (s: SessionState) => boolean, timeoutMs: number, timeout: AbortController, signal: AbortSignal) =>
    new Promise<'ok' | 'closed' | 'timeout'>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => condition(state) || ended(state),
        resolve: () => {
          waiters.delete(waiter);
          timeout.abort();
          resolve(condition(state) ? 'ok' : 'closed');
        },
      };
      waiters.add(waiter);
      clock.sleep(timeoutMs, timeout.signal).then(
        () => {
          waiters.delete(waiter);
          resolve('timeout');
        },
        () => {
          waiters.delete(waiter);
          if (signal.aborted) reject(abortReason(signal));
        },
      );
    });
  return {
    state,
    stop: unsubscribe,
    async until(condition, timeoutMs, signal, options = {}) {
      const ended = options.untilSocketCloses === true ? (s: SessionState) => s.closed !== null : hasEnded;
      if (condition(state)) return 'ok';
      if (ended(state)) return 'closed';
      // An abort that came before the wait began ends it too.
      if (signal.aborted) throw abortReason(signal);
      const timeout = new AbortController();
      const onAbort = (): void => {
        timeout.abort(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        return await wait(condition, ended, timeoutMs, timeout, signal);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
