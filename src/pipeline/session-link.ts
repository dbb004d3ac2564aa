import { TransportError } from '../errors.js';
import { SESSION_EXPIRED_CODE } from './protocol/errors.js';
import { isEventId } from './protocol/event-ids.js';
import { buildSessionUpdate, type ClientEvent } from './protocol/session-config.js';
import type { SessionStage } from './record.js';
import type { SessionDeps, SessionPlan } from './session.js';
import type { SessionState as WatchState, SessionWatch } from './session-watch.js';
import type { Transport } from './transport/transport.js';

/** `event_id` of the harness's own client events, so that errors can be matched to them. */
export const CLIENT_EVENT_IDS = {
  sessionUpdate: 'evt_rtbench_session_update',
  commit: 'evt_rtbench_commit',
  response: 'evt_rtbench_response',
  /** The end-of-audio barrier (session.ts). */
  barrier: 'evt_rtbench_barrier',
} as const;

/** The rule a session.updated without its session object breaks (protocol/rules.ts). */
const UPDATED_WITHOUT_SESSION = 'updated without session';

/**
 * The socket a session is talking on. A session rolled over at the server's maximum length
 * moves to a new link; `offsetMs` is where this socket's input starts on the item's audio clock
 * (the server's audio positions on it count from there).
 */
export interface Link {
  transport: Transport;
  watch: SessionWatch;
  offsetMs: number;
}

/** Why a session failed, and at which stage; `retryable` when trying again may pass (a stalled server). */
export class SessionFailure extends Error {
  constructor(
    readonly stage: SessionStage,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Why the session ended early: the server's session_expired error, or the close with its code and the last error. */
export function endedMessage(watch: SessionWatch, during: string): string {
  const { closed, expired } = watch.state;
  const socket = closed ? ` (socket closed: ${closed.code}${closed.reason ? ` ${closed.reason}` : ''})` : '';
  if (expired) return `${SESSION_EXPIRED_CODE} during ${during}: ${expired.message}${socket}`;
  const lastError = watch.state.errors.at(-1);
  const server = lastError ? ` after error ${lastError.code ?? ''}: ${lastError.message}` : '';
  const failure = watch.state.socketError === null ? '' : `: ${watch.state.socketError}`;
  return `the server closed the socket during ${during} (code ${closed?.code ?? '?'}${closed?.reason ? `, ${closed.reason}` : ''})${failure}${server}`;
}

/** The server's error about the client event `eventId`, among its errors from index `from` on. */
export function errorFor(state: WatchState, eventId: string, from = 0): WatchState['errors'][number] | undefined {
  return state.errors.slice(from).find((e) => isEventId(e.eventId, eventId));
}

function lastErrorText(watch: SessionWatch): string {
  const error = watch.state.errors.at(-1);
  return error ? ` (last server error ${error.code ?? ''}: ${error.message})` : '';
}

/**
 * Sends an event; when the socket is already closing (the server's close frame arrived, its
 * close event not yet), waits for the close so that the failure names the server's code.
 */
export async function sendOrExplain(deps: SessionDeps, link: Link, event: ClientEvent, stage: 'setup' | 'stream' = 'stream'): Promise<void> {
  try {
    link.transport.send(event);
  } catch (error) {
    await link.watch.until((s) => s.closed !== null, 1000, deps.signal, { untilSocketCloses: true });
    if (link.watch.state.closed) throw new SessionFailure(stage, endedMessage(link.watch, stage === 'setup' ? 'setup' : 'streaming'));
    throw error;
  }
}

/** Waits for session.created, sends the config, waits for session.updated; refuses a session that kept the server's defaults. */
export async function setUp(plan: SessionPlan, deps: SessionDeps, link: Link): Promise<void> {
  const { watch } = link;
  const created = await watch.until((s) => s.created, plan.connectTimeoutMs, deps.signal);
  // A close says by its code whether trying again may help; silence (a stalled server) may pass.
  if (created === 'closed') throw new SessionFailure('setup', endedMessage(watch, 'setup'));
  if (created === 'timeout') throw new SessionFailure('setup', `no session.created within ${plan.connectTimeoutMs} ms${lastErrorText(watch)}`, true);
  const errorsBefore = watch.state.errors.length;
  const id = CLIENT_EVENT_IDS.sessionUpdate;
  await sendOrExplain(deps, link, { ...buildSessionUpdate(plan.config, plan.settings), event_id: id }, 'setup');
  const emptyUpdate = (s: WatchState): boolean => [...s.broken].some((rule) => rule.endsWith(UPDATED_WITHOUT_SESSION));
  const updated = await watch.until((s) => s.updated || errorFor(s, id, errorsBefore) !== undefined || emptyUpdate(s), plan.connectTimeoutMs, deps.signal);
  if (updated === 'closed') throw new SessionFailure('setup', endedMessage(watch, 'setup'));
  if (!watch.state.updated && emptyUpdate(watch.state)) {
    throw new SessionFailure('setup', 'the server answered session.update with a session.updated that holds no session object (the protocol requires one): whether it took the config is unknown');
  }
  if (updated === 'timeout') throw new SessionFailure('setup', `no session.updated within ${plan.connectTimeoutMs} ms after session.update${lastErrorText(watch)}`, true);
  const error = errorFor(watch.state, id, errorsBefore);
  // A refused session.update leaves the server's defaults in place: measuring them would measure the wrong config.
  if (!watch.state.updated && error) throw new SessionFailure('setup', `the server rejected session.update: ${error.code ?? 'error'}: ${error.message}`);
}

/**
 * Opens the transport within `timeoutMs`, handshake included: a server that answers a byte at a
 * time still fails to connect when the time is up (a socket's idle timeout would not).
 */
export async function connectWithin(transport: Transport, timeoutMs: number, deps: Pick<SessionDeps, 'clock' | 'signal'>): Promise<void> {
  const deadline = new AbortController();
  const stop = new AbortController();
  void deps.clock.sleep(timeoutMs, stop.signal).then(
    () => {
      deadline.abort(new TransportError(`no connection within ${timeoutMs} ms (--connect-timeout-ms): the server did not complete the WebSocket handshake`, { retryable: true }));
    },
    () => undefined,
  );
  try {
    await transport.connect(AbortSignal.any([deps.signal, deadline.signal]));
  } finally {
    stop.abort();
  }
}

/** Closes the link's socket and waits (up to a second) until it has closed, so none of its frames comes later. */
export async function closeLink(link: Link, reason: string): Promise<void> {
  link.transport.close(1000, reason);
  if (!link.watch.state.closed) await link.watch.until((s) => s.closed !== null, 1000, new AbortController().signal, { untilSocketCloses: true });
}
