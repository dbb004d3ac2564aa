import type { EmulatorLogEntry } from './context.js';
import type { FaultSpec } from './fault-spec.js';

/** What a fault can do to the socket of one session. */
export interface FaultSocket {
  sendText(text: string): void;
  close(code: number, reason: string): void;
  /** Destroys the connection without a close frame. */
  terminate(): void;
}

/** The outgoing side of one session with its faults applied. */
export interface FaultedOutput {
  /** Sends one server event (held while stalled); fires `on=` faults that it completes. */
  send(event: Record<string, unknown>): void;
  /** Tells the faults how much input audio the session has received. */
  onAudio(audioMs: number): void;
  /** Arms the `after=` faults; call right after session.created. */
  start(): void;
}

/** What the fault runtime needs from its session. */
export interface FaultDeps {
  readonly socket: FaultSocket;
  readonly later: (delayMs: number, fn: () => void) => void;
  readonly eventId: () => string;
  readonly log: (entry: EmulatorLogEntry) => void;
  /** Minutes named in session_expired messages. */
  readonly maxSessionMinutes: number;
}

/** The error event and close that the service sends when a session reaches its maximum length. */
export function sessionExpired(minutes: number): { error: Record<string, unknown>; reason: string } {
  const message = `Your session hit the maximum duration of ${minutes} minutes.`;
  return { error: { type: 'invalid_request_error', code: 'session_expired', message, param: null, event_id: null }, reason: message };
}

function errorFor(code: string, minutes: number): Record<string, unknown> {
  if (code === 'session_expired') return sessionExpired(minutes).error;
  if (code === 'rate_limit_exceeded') return { type: 'tokens', code, message: 'Rate limit reached for requests. Please try again later.', param: null, event_id: null };
  return { type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!', param: null, event_id: null };
}

interface OutputState {
  held: string[] | null;
  dead: boolean;
}

function writer(state: OutputState, socket: FaultSocket): (text: string) => void {
  return (text) => {
    if (state.dead) return;
    if (state.held) state.held.push(text);
    else socket.sendText(text);
  };
}

/** Does what a fault says to the socket. */
function applyFault(fault: FaultSpec, state: OutputState, deps: FaultDeps): void {
  const write = writer(state, deps.socket);
  switch (fault.kind) {
    case 'drop':
      state.dead = true;
      deps.socket.terminate();
      return;
    case 'close':
      state.dead = true;
      deps.socket.close(Number(fault.code ?? 1011), fault.reason ?? 'server_error');
      return;
    case 'stall':
      state.held ??= [];
      if (fault.forMs !== null) {
        deps.later(fault.forMs, () => {
          const pending = state.held ?? [];
          state.held = null;
          for (const text of pending) write(text);
        });
      }
      return;
    case 'malformed':
      write('{"type":"response.done","event_id":');
      return;
    case 'error': {
      const code = fault.code ?? 'server_error';
      write(JSON.stringify({ type: 'error', event_id: deps.eventId(), error: errorFor(code, deps.maxSessionMinutes) }));
      const closeCode = code === 'session_expired' ? 1001 : fault.closeCode;
      if (closeCode === null) return;
      state.dead = true;
      deps.socket.close(closeCode, code === 'session_expired' ? sessionExpired(deps.maxSessionMinutes).reason : code);
      return;
    }
    case 'auth':
    case 'sdp':
    case 'ice':
      // Applied at the handshake or to the call's offer.
      return;
  }
}

/** Wraps a session's output with its faults (none: a plain pass-through). */
export function createFaultedOutput(faults: readonly FaultSpec[], deps: FaultDeps): FaultedOutput {
  const state: OutputState = { held: null, dead: false };
  const write = writer(state, deps.socket);
  const fired = new Set<FaultSpec>();
  const seen = new Map<string, number>();
  const fire = (fault: FaultSpec): void => {
    if (fired.has(fault) || state.dead) return;
    fired.add(fault);
    deps.log({ event: 'fault', fault: fault.text });
    applyFault(fault, state, deps);
  };
  return {
    send(event) {
      write(JSON.stringify(event));
      const type = typeof event.type === 'string' ? event.type : '';
      const count = (seen.get(type) ?? 0) + 1;
      seen.set(type, count);
      for (const f of faults) if ('onEvent' in f.trigger && f.trigger.onEvent === type && f.trigger.nth === count) fire(f);
    },
    onAudio(audioMs) {
      for (const f of faults) if ('audioMs' in f.trigger && audioMs >= f.trigger.audioMs) fire(f);
    },
    start() {
      for (const f of faults) {
        const trigger = f.trigger;
        if ('afterMs' in trigger) {
          deps.later(trigger.afterMs, () => {
            fire(f);
          });
        }
      }
    },
  };
}
