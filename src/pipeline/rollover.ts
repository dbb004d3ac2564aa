import { describeError } from '../errors.js';
import { appendEvent } from './protocol/append.js';
import { SESSION_EXPIRED_CODE } from './protocol/errors.js';
import type { SessionDeps, SessionPlan } from './session.js';
import { connectWithin, endedMessage, SessionFailure, sendOrExplain, setUp, closeLink, type Link } from './session-link.js';
import type { SentAudio } from './sent-audio.js';
import { watchSession } from './session-watch.js';

/**
 * Rolling a session over when the server ends it at its maximum length (`session_expired`)
 * while audio or results are still to come: the session goes on in a new one, on a new
 * socket. Audio the old session had not finished with is sent again, so that no turn is cut:
 * from the start of the earliest turn that has no transcript yet (less its prefix padding,
 * where the silence before it allows), or, with every turn done, from the end of the last
 * finished turn: the server may have heard speech after it that it had not reported yet (a
 * server behind the client, at `--speed max` say). The new socket's audio positions count
 * from that point of the item's audio.
 */

/** Longest audio sent again: a turn longer than this cannot be rolled over whole. */
export const MAX_RESEND_MS = 5 * 60_000;

/** What the runner learns when a session rolls over, to record it and open the next socket. */
export interface RolloverInfo {
  /** Where the new socket's audio starts on the item's audio clock. */
  readonly audioOffsetMs: number;
  /** Audio sent (item clock) when the old session ended. */
  readonly sentMs: number;
  /** The server's error code that ended the old session. */
  readonly reason: string;
}

/** Turns of the link that have no transcript yet. */
function unresolved(link: Link): Set<string> {
  const s = link.watch.state;
  return new Set([...s.started, ...s.committed].filter((id) => !s.transcribed.has(id)));
}

/** Turns of the link that have no transcript yet, with their start on the item's audio clock. */
function unresolvedStarts(link: Link): number[] {
  return [...unresolved(link)].map((id) => link.offsetMs + (link.watch.state.audioStarts.get(id) ?? 0));
}

/** End of the last finished turn of the link (item clock); the link's start when none. */
function finishedEndMs(link: Link, open: ReadonlySet<string>): number {
  // Ends as reported: the end of speech plus the silence that closed the turn.
  return Math.max(link.offsetMs, ...[...link.watch.state.audioEnds].filter(([id]) => !open.has(id)).map(([, ms]) => link.offsetMs + ms));
}

/** How much audio before an unfinished turn's reported start is sent again: the config's prefix padding, else 300 ms. */
export function resendMarginMs(plan: SessionPlan): number {
  return plan.config.vad === 'server_vad' ? (plan.config.prefixPaddingMs ?? 300) : 300;
}

/**
 * Where the next socket's audio starts (item clock), or null when rolling over cannot get
 * further than this socket did. An unfinished turn is sent again from `marginMs` before its
 * reported start (its prefix padding then fits in the new buffer), when that is after the
 * previous finished turn; the next socket must start later than this one did, or the same turn
 * would expire again.
 */
export function resendFromMs(link: Link, sentMs: number, marginMs: number): number | null {
  const open = unresolved(link);
  const finished = finishedEndMs(link, open);
  if (open.size > 0) {
    const start = Math.min(...unresolvedStarts(link));
    if (start <= link.offsetMs) return null;
    return Math.max(sentMs - MAX_RESEND_MS, start - marginMs >= finished ? start - marginMs : start);
  }
  return Math.min(sentMs, Math.max(finished, sentMs - MAX_RESEND_MS));
}

/**
 * Moves an expired session to a new socket: closes the old one, opens the next through
 * `deps.rollover.reconnect`, sets it up, and sends the audio again from the resend point (read
 * again through `deps.rollover.audioAgain`). Throws a SessionFailure with the reason when the
 * session cannot go on.
 */
export async function rollOver(plan: SessionPlan, deps: SessionDeps, link: Link, sent: SentAudio, during: string): Promise<void> {
  const stage = during === 'streaming' ? 'stream' : 'wait';
  const ended = endedMessage(link.watch, during);
  if (link.watch.state.expired === null || !deps.rollover || plan.config.vad === 'none') throw new SessionFailure(stage, ended);
  const target = resendFromMs(link, sent.endMs, resendMarginMs(plan));
  if (target === null) throw new SessionFailure(stage, `${ended}; rolling over cannot help: a turn that began at the start of the session had not finished when it expired`);
  const resend = sent.from(target);
  await closeLink(link, 'rollover');
  link.watch.stop();
  let next: Link;
  try {
    const transport = await deps.rollover.reconnect({ audioOffsetMs: resend.startMs, sentMs: sent.endMs, reason: SESSION_EXPIRED_CODE });
    next = { transport, watch: watchSession(transport, deps.clock), offsetMs: resend.startMs };
    Object.assign(link, next);
    await connectWithin(transport, plan.connectTimeoutMs, deps);
  } catch (error) {
    if (deps.signal.aborted) throw error;
    throw new SessionFailure(stage, `${ended}; the next session could not be opened: ${describeError(error)}`);
  }
  await setUp(plan, deps, link);
  try {
    for await (const audio of resend.chunks) await sendOrExplain(deps, link, appendEvent(audio));
  } catch (error) {
    if (deps.signal.aborted || error instanceof SessionFailure) throw error;
    throw new SessionFailure(stage, `${ended}; its audio could not be sent again: ${describeError(error)}`);
  }
}
