import type { Clock } from '../../clock.js';
import type { ClientEvent } from '../protocol/session-config.js';
import { createHandlerSet, type ConnectInfo, type Transport } from './transport.js';

/** What a script can do in answer to a client event. */
export interface ScriptControls {
  /** Delivers a server event after `delayMs` on the transport's clock (0 = at once, asynchronously). */
  emit(event: Record<string, unknown>, delayMs?: number): void;
  /** Closes the socket from the server side. */
  close(code: number, reason: string, delayMs?: number): void;
}

/** Reacts to the session's traffic; called on connect (event null) and for every client event. */
export type Script = (event: ClientEvent | null, controls: ScriptControls) => void;

/** A scripted transport and what the session sent through it. */
export interface ScriptedTransport extends Transport {
  readonly sent: ClientEvent[];
}

/**
 * A Transport driven by a script on a given clock: no network, no sleeping with a virtual
 * clock. For testing session logic and clients against exact event sequences.
 */
export function createScriptedTransport(script: Script, clock: Clock, info: ConnectInfo = { url: 'scripted://', emulated: false }): ScriptedTransport {
  const { handlers, subscribe } = createHandlerSet();
  const sent: ClientEvent[] = [];
  let open = false;
  const later = (delayMs: number, fn: () => void): void => {
    void clock.sleep(delayMs).then(() => {
      if (open) fn();
    });
  };
  const controls: ScriptControls = {
    emit: (event, delayMs = 0) => {
      later(delayMs, () => {
        handlers.onEvent(event);
      });
    },
    close: (code, reason, delayMs = 0) => {
      later(delayMs, () => {
        open = false;
        handlers.onClose(code, reason);
      });
    },
  };
  return {
    sent,
    subscribe,
    connect() {
      open = true;
      handlers.onOpen?.(info);
      script(null, controls);
      return Promise.resolve(info);
    },
    send(event) {
      sent.push(event);
      script(event, controls);
    },
    close(code = 1000, reason = '') {
      if (!open) return;
      open = false;
      queueMicrotask(() => {
        handlers.onClose(code, reason);
      });
    },
  };
}
