import type { Clock } from '../clock.js';
import type { ToolSet } from '../config/tools-file.js';
import type { RunConfig } from '../config/types.js';
import { describeError, TransportError } from '../errors.js';
import { bytesPerMs, msToBytes, silenceByte, type AudioSpec } from './audio-format.js';
import { chunkAudio, repeatChunks } from './chunk.js';
import { paceChunks } from './pace.js';
import { appendEvent } from './protocol/append.js';
import { fatalCloseError } from './protocol/errors.js';
import { buildBarrier, type SessionSettings } from './protocol/session-config.js';
import type { SessionStage, SessionState } from './record.js';
import { rollOver, type RolloverInfo } from './rollover.js';
import { SentAudio } from './sent-audio.js';
import { CLIENT_EVENT_IDS, closeLink, connectWithin, endedMessage, errorFor, SessionFailure, sendOrExplain, setUp, type Link } from './session-link.js';
import { hasEnded, watchSession, type SessionState as WatchState } from './session-watch.js';
import type { Transport } from './transport/transport.js';

export { CLIENT_EVENT_IDS } from './session-link.js';

/** What one session does, decided before it starts. */
export interface SessionPlan {
  readonly config: RunConfig;
  readonly settings: SessionSettings;
  readonly chunkMs: number;
  readonly speed: number | 'max';
  /** Silence appended after the audio so that server VAD can close the last turn. */
  readonly tailSilenceMs: number;
  /** How long to wait for outstanding transcripts and responses after the audio. */
  readonly turnTimeoutMs: number;
  /** How long to wait for the socket and for session.created / session.updated. */
  readonly connectTimeoutMs: number;
  /** The session's tools and the canned output each call is answered with (`--tools`); null or absent: none. */
  readonly tools?: ToolSet | null;
}

/** What the session needs from outside: the (recording) transport, a clock, the audio. */
export interface SessionDeps {
  readonly transport: Transport;
  readonly clock: Clock;
  /** The item's audio, decoded to the session's encoding, in buffers of any size. */
  readonly audio: AsyncIterable<Buffer>;
  readonly signal: AbortSignal;
  /**
   * What a rollover needs (rollover.ts): when the server ends the session at its maximum
   * length (`session_expired`) while audio or results are still to come, the session goes on
   * on a new socket. Without it, such a session ends with an error.
   */
  readonly rollover?: RolloverDeps;
}

/** How a session goes on after the server ended it at its maximum length. */
export interface RolloverDeps {
  /** Opens the next socket. */
  readonly reconnect: (next: RolloverInfo) => Promise<Transport>;
  /** The item's audio from its start once more, decoded as `audio` was: part of it is sent again. */
  readonly audioAgain: () => AsyncIterable<Buffer> | Iterable<Buffer>;
}

/** The session's verdict, before the runner adds attempts. */
export interface SessionResult {
  readonly state: SessionState;
  readonly error: string | null;
  readonly stage: SessionStage | null;
  /** True when trying again may succeed (connection failures). */
  readonly retryable: boolean;
  /**
   * Set when no further session of the run can succeed (close 3000/4000, HTTP 401/403 on the
   * upgrade, a refused mint): the runner stops starting sessions and exits with code 4.
   */
  readonly fatal?: TransportError | null;
}

/** The server refuses to commit less audio than this (`input_audio_buffer_commit_empty`). */
export const MIN_COMMIT_MS = 100;

async function* withTail(audio: AsyncIterable<Buffer> | Iterable<Buffer>, tail: Buffer[]): AsyncGenerator<Buffer> {
  yield* audio;
  yield* tail;
}

/** Sends one chunk of audio, on a new session if the server has just ended this one at its maximum length. */
async function sendAudio(plan: SessionPlan, deps: SessionDeps, link: Link, sent: SentAudio, audio: Buffer): Promise<void> {
  for (let rolled = false; ; rolled = true) {
    if (hasEnded(link.watch.state)) await rollOver(plan, deps, link, sent, 'streaming');
    try {
      await sendOrExplain(deps, link, appendEvent(audio));
      return;
    } catch (error) {
      // The socket closed between the check and the send: roll over once if it expired.
      if (rolled || !(error instanceof SessionFailure) || link.watch.state.expired === null) throw error;
    }
  }
}

/** The stream a session sends: the item's audio, then its tail silence, in chunks of `plan.chunkMs`. */
function sessionChunks(plan: SessionPlan, spec: AudioSpec, audio: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncIterable<Buffer> {
  const chunkBytes = msToBytes(spec, plan.chunkMs);
  const tailBytes = plan.config.vad === 'none' ? 0 : msToBytes(spec, plan.tailSilenceMs);
  return chunkAudio(withTail(audio, [...repeatChunks(tailBytes, chunkBytes, silenceByte(spec.format))]), chunkBytes);
}

async function stream(plan: SessionPlan, deps: SessionDeps, link: Link, sent: SentAudio, spec: AudioSpec): Promise<void> {
  for await (const chunk of paceChunks(sessionChunks(plan, spec, deps.audio), { clock: deps.clock, bytesPerMs: bytesPerMs(spec), speed: plan.speed, signal: deps.signal })) {
    await sendAudio(plan, deps, link, sent, chunk.audio);
    sent.push(chunk.audio);
  }
}

/** What is still owed by the server; empty when the session can end. */
function outstanding(s: WatchState, config: RunConfig, manualCommits: number): string[] {
  const missing: string[] = [];
  const open = [...s.started].filter((id) => !s.stopped.has(id) && !s.committed.has(id));
  if (open.length > 0) missing.push(`speech_stopped for ${open.map((id) => id || '(a turn without item_id)').join(', ')}`);
  const untranscribed = [...s.committed].filter((id) => !s.transcribed.has(id));
  if (untranscribed.length > 0) missing.push(`the transcript of ${untranscribed.join(', ')}`);
  // A commit without an item_id owes a transcript too: one for an item never committed by id answers it.
  const anonymous = s.commits - s.committed.size - [...s.transcribed].filter((id) => !s.committed.has(id)).length;
  if (anonymous > 0) missing.push(`the transcript of ${anonymous} turn(s) committed without an item_id`);
  if (s.commits < manualCommits) missing.push('input_audio_buffer.committed');
  if (config.session === 'realtime') {
    const openResponses = [...s.responsesCreated].filter((id) => !s.responsesDone.has(id));
    if (openResponses.length > 0) missing.push(`response.done for ${openResponses.join(', ')}`);
    if (s.responsesCreated.size < s.commits) missing.push(`a response to ${s.commits - s.responsesCreated.size} committed turn(s)`);
    // A reply playing on a WebRTC track ends with output_audio_buffer.stopped (or .cleared), recorded with the rest.
    const playing = [...s.playing].filter((id) => !s.played.has(id));
    if (playing.length > 0) missing.push(`output_audio_buffer.stopped for ${playing.join(', ')}`);
  }
  return missing;
}

/** With turn detection off the client commits; never less than {@link MIN_COMMIT_MS}, which the server refuses. */
function sendManualCommit(plan: SessionPlan, link: Link, sentMs: number): number {
  if (plan.config.vad !== 'none') return 0;
  if (sentMs < MIN_COMMIT_MS) {
    throw new SessionFailure('wait', `only ${Math.round(sentMs)} ms of audio to commit: the server refuses commits under ${MIN_COMMIT_MS} ms (input_audio_buffer_commit_empty), so nothing was committed`);
  }
  link.transport.send({ type: 'input_audio_buffer.commit', event_id: CLIENT_EVENT_IDS.commit });
  if (plan.config.session === 'realtime') link.transport.send({ type: 'response.create', event_id: CLIENT_EVENT_IDS.response });
  return 1;
}

/** The server's error about the harness's own commit or response.create: nothing more will come for it. */
function refusedOwnEvent(s: WatchState, manualCommits: number): WatchState['errors'][number] | undefined {
  return manualCommits === 0 ? undefined : (errorFor(s, CLIENT_EVENT_IDS.commit) ?? errorFor(s, CLIENT_EVENT_IDS.response));
}

function waitResult(state: SessionState, error: string | null): SessionResult {
  return { state, error, stage: state === 'completed' ? null : 'wait', retryable: false };
}

/** Where the barrier of a link was sent: its answer is the first session.updated after it, or an error naming it. */
interface Barrier {
  readonly updatesBefore: number;
  readonly errorsBefore: number;
}

/**
 * Sends the end-of-audio barrier on the link: a session.update that changes nothing, after the
 * last append. The server answers client events in order, so its answer proves that every byte
 * sent before it has been taken in. A socket already closing gets none; the wait sees the close.
 */
function sendBarrier(plan: SessionPlan, link: Link): Barrier {
  const barrier = { updatesBefore: link.watch.state.updates, errorsBefore: link.watch.state.errors.length };
  try {
    if (!hasEnded(link.watch.state)) link.transport.send({ ...buildBarrier(plan.config), event_id: CLIENT_EVENT_IDS.barrier });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
  }
  return barrier;
}

function barrierAnswered(s: WatchState, barrier: Barrier): boolean {
  return s.updates > barrier.updatesBefore || errorFor(s, CLIENT_EVENT_IDS.barrier, barrier.errorsBefore) !== undefined;
}

/**
 * Waits until the server has answered the end-of-audio barrier and nothing is outstanding. No
 * wall-clock rule decides that the server is done: the turn timeout is the last resort, and
 * ends the session as timed out, naming what never came. A session that expires with results
 * still owed, or before it answered the barrier, rolls over (its unfinished audio is sent
 * again) and the wait starts again on the new socket; one that expires owing nothing is complete.
 */
async function finish(plan: SessionPlan, deps: SessionDeps, link: Link, sent: SentAudio): Promise<SessionResult> {
  const manualCommits = sendManualCommit(plan, link, sent.endMs);
  const { clock, signal } = deps;
  let waitStartMs = clock.now();
  let barrier = sendBarrier(plan, link);
  const owed = (): string[] => {
    const missing = outstanding(link.watch.state, plan.config, manualCommits);
    return barrierAnswered(link.watch.state, barrier) ? missing : [...missing, 'the answer to the session.update sent after the last audio (the end-of-audio barrier)'];
  };
  const settled = (s: WatchState): boolean => refusedOwnEvent(s, manualCommits) !== undefined || (barrierAnswered(s, barrier) && outstanding(s, plan.config, manualCommits).length === 0);
  for (;;) {
    const result = await link.watch.until(settled, Math.max(0, waitStartMs + plan.turnTimeoutMs - clock.now()), signal);
    if (result === 'timeout') return waitResult('timed-out', `timed out after ${plan.turnTimeoutMs} ms waiting for ${owed().join('; ')}`);
    if (result === 'ok') {
      const refused = refusedOwnEvent(link.watch.state, manualCommits);
      return refused ? waitResult('errored', `the server refused the commit: ${refused.code ?? 'error'}: ${refused.message}`) : waitResult('completed', null);
    }
    // The session ended: complete if it expired owing nothing, roll over if it expired owing results, else an error.
    if (link.watch.state.expired === null) return waitResult('errored', endedMessage(link.watch, 'the wait for results'));
    if (owed().length === 0) return waitResult('completed', null);
    await rollOver(plan, deps, link, sent, 'the wait for results');
    waitStartMs = clock.now();
    barrier = sendBarrier(plan, link);
  }
}

async function converse(plan: SessionPlan, deps: SessionDeps, link: Link): Promise<SessionResult> {
  const spec: AudioSpec = { format: plan.config.format, rateHz: plan.config.rateHz };
  const audioAgain = deps.rollover?.audioAgain;
  const sent = new SentAudio(msToBytes(spec, plan.chunkMs), bytesPerMs(spec), () => (audioAgain ? sessionChunks(plan, spec, audioAgain()) : []));
  try {
    await setUp(plan, deps, link);
    await stream(plan, deps, link, sent, spec);
    return await finish(plan, deps, link, sent);
  } catch (error) {
    if (deps.signal.aborted) return { state: 'aborted', error: 'interrupted', stage: null, retryable: false };
    if (error instanceof SessionFailure) return { state: 'errored', error: error.message, stage: error.stage, retryable: error.retryable };
    const stage = error instanceof Error && error.name === 'AudioDecodeError' ? 'decode' : 'stream';
    return { state: 'errored', error: describeError(error), stage, retryable: false };
  }
}

/**
 * Runs one session: connect, configure, stream the audio paced with tail silence, wait for
 * every outstanding transcript and response, close. Failures become the result, not throws;
 * `error` events from the server are recorded and matter only when they refer to the
 * harness's own events, expire the session (it then rolls over when `deps.reconnect` is
 * given), or precede a close.
 */
export async function runSession(plan: SessionPlan, deps: SessionDeps): Promise<SessionResult> {
  const link: Link = { transport: deps.transport, watch: watchSession(deps.transport, deps.clock), offsetMs: 0 };
  try {
    await connectWithin(deps.transport, plan.connectTimeoutMs, deps);
  } catch (error) {
    link.watch.stop();
    const retryable = typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
    const fatal = error instanceof TransportError && error.fatal ? error : null;
    return { state: deps.signal.aborted ? 'aborted' : 'errored', error: describeError(error), stage: 'connect', retryable, fatal };
  }
  let result: SessionResult;
  try {
    result = await converse(plan, deps, link);
  } finally {
    await closeLink(link, 'done').catch(() => undefined);
    link.watch.stop();
  }
  const { closed } = link.watch.state;
  const fatal = closed ? fatalCloseError(closed, link.watch.state.errors.at(-1)) : null;
  return fatal ? { ...result, state: 'errored', error: result.error ?? fatal.message, fatal } : result;
}
