import type { Clock } from '../clock.js';
import type { RunConfig } from '../config/types.js';
import { describeError, TransportError } from '../errors.js';
import { bytesPerMs, msToBytes, silenceByte, type AudioSpec } from './audio-format.js';
import { chunkAudio, repeatChunks } from './chunk.js';
import { paceChunks } from './pace.js';
import { fatalCloseError, SESSION_EXPIRED_CODE } from './protocol/errors.js';
import { buildSessionUpdate, type ClientEvent, type SessionSettings } from './protocol/session-config.js';
import type { SessionStage, SessionState } from './record.js';
import { hasEnded, watchSession, type SessionWatch, type SessionState as WatchState } from './session-watch.js';
import type { Transport } from './transport/transport.js';

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
}

/** What the session needs from outside: the (recording) transport, a clock, the audio. */
export interface SessionDeps {
  readonly transport: Transport;
  readonly clock: Clock;
  /** The item's audio, decoded to the session's encoding, in buffers of any size. */
  readonly audio: AsyncIterable<Buffer>;
  readonly signal: AbortSignal;
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

/** `event_id` of the harness's own client events, so that errors can be matched to them. */
export const CLIENT_EVENT_IDS = { sessionUpdate: 'evt_rtbench_session_update', commit: 'evt_rtbench_commit', response: 'evt_rtbench_response' } as const;

/**
 * The session ends only after the server has been quiet this long with nothing outstanding:
 * appends are not acknowledged, so this is how a client knows the server has caught up with
 * audio sent faster than real time.
 */
export const QUIET_MS = 750;

class SessionFailure extends Error {
  constructor(
    readonly stage: SessionStage,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Why the session ended early: the server's session_expired error, or the close with its code and the last error. */
function endedMessage(watch: SessionWatch, during: string): string {
  const { closed, expired } = watch.state;
  const socket = closed ? ` (socket closed: ${closed.code}${closed.reason ? ` ${closed.reason}` : ''})` : '';
  if (expired) return `${SESSION_EXPIRED_CODE} during ${during}: ${expired.message}${socket}`;
  const lastError = watch.state.errors.at(-1);
  const server = lastError ? ` after error ${lastError.code ?? ''}: ${lastError.message}` : '';
  return `the server closed the socket during ${during} (code ${closed?.code ?? '?'}${closed?.reason ? `, ${closed.reason}` : ''})${server}`;
}

function errorFor(state: WatchState, eventId: string, from = 0): WatchState['errors'][number] | undefined {
  return state.errors.slice(from).find((e) => e.eventId === eventId);
}

/**
 * Sends an event; when the socket is already closing (the server's close frame arrived, its
 * close event not yet), waits for the close so that the failure names the server's code.
 */
async function sendOrExplain(deps: SessionDeps, watch: SessionWatch, event: ClientEvent, stage: 'setup' | 'stream' = 'stream'): Promise<void> {
  try {
    deps.transport.send(event);
  } catch (error) {
    await watch.until((s) => s.closed !== null, 1000, deps.signal, { untilSocketCloses: true });
    if (watch.state.closed) throw new SessionFailure(stage, endedMessage(watch, stage === 'setup' ? 'setup' : 'streaming'));
    throw error;
  }
}

async function setUp(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch): Promise<void> {
  const created = await watch.until((s) => s.created, plan.connectTimeoutMs, deps.signal);
  // A close says by its code whether trying again may help; silence (a stalled server) may pass.
  if (created === 'closed') throw new SessionFailure('setup', endedMessage(watch, 'setup'));
  if (created === 'timeout') throw new SessionFailure('setup', `no session.created within ${plan.connectTimeoutMs} ms${lastErrorText(watch)}`, true);
  const errorsBefore = watch.state.errors.length;
  const id = CLIENT_EVENT_IDS.sessionUpdate;
  await sendOrExplain(deps, watch, { ...buildSessionUpdate(plan.config, plan.settings), event_id: id }, 'setup');
  const updated = await watch.until((s) => s.updated || errorFor(s, id, errorsBefore) !== undefined, plan.connectTimeoutMs, deps.signal);
  if (updated === 'closed') throw new SessionFailure('setup', endedMessage(watch, 'setup'));
  if (updated === 'timeout') throw new SessionFailure('setup', `no session.updated within ${plan.connectTimeoutMs} ms after session.update${lastErrorText(watch)}`, true);
  const error = errorFor(watch.state, id, errorsBefore);
  // A refused session.update leaves the server's defaults in place: measuring them would measure the wrong config.
  if (!watch.state.updated && error) throw new SessionFailure('setup', `the server rejected session.update: ${error.code ?? 'error'}: ${error.message}`);
}

function lastErrorText(watch: SessionWatch): string {
  const error = watch.state.errors.at(-1);
  return error ? ` (last server error ${error.code ?? ''}: ${error.message})` : '';
}

async function* withTail(audio: AsyncIterable<Buffer>, tail: Buffer[]): AsyncGenerator<Buffer> {
  yield* audio;
  yield* tail;
}

async function stream(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch, spec: AudioSpec): Promise<number> {
  const chunkBytes = msToBytes(spec, plan.chunkMs);
  const tailBytes = plan.config.vad === 'none' ? 0 : msToBytes(spec, plan.tailSilenceMs);
  const chunks = chunkAudio(withTail(deps.audio, [...repeatChunks(tailBytes, chunkBytes, silenceByte(spec.format))]), chunkBytes);
  let sentMs = 0;
  for await (const chunk of paceChunks(chunks, { clock: deps.clock, bytesPerMs: bytesPerMs(spec), speed: plan.speed, signal: deps.signal })) {
    if (hasEnded(watch.state)) throw new SessionFailure('stream', endedMessage(watch, 'streaming'));
    await sendOrExplain(deps, watch, { type: 'input_audio_buffer.append', audio: chunk.audio.toString('base64') });
    sentMs = chunk.audioStartMs + chunk.audio.length / bytesPerMs(spec);
  }
  return sentMs;
}

/** What is still owed by the server; empty when the session can end. */
function outstanding(s: WatchState, config: RunConfig, manualCommits: number): string[] {
  const missing: string[] = [];
  const open = [...s.started].filter((id) => !s.stopped.has(id) && !s.committed.has(id));
  if (open.length > 0) missing.push(`speech_stopped for ${open.join(', ')}`);
  const untranscribed = [...s.committed].filter((id) => !s.transcribed.has(id));
  if (untranscribed.length > 0) missing.push(`the transcript of ${untranscribed.join(', ')}`);
  if (s.committed.size < manualCommits) missing.push('input_audio_buffer.committed');
  if (config.session === 'realtime') {
    const openResponses = [...s.responsesCreated].filter((id) => !s.responsesDone.has(id));
    if (openResponses.length > 0) missing.push(`response.done for ${openResponses.join(', ')}`);
    if (s.responsesCreated.size < s.committed.size) missing.push(`a response to ${s.committed.size - s.responsesCreated.size} committed turn(s)`);
  }
  return missing;
}

/** With turn detection off the client commits; never less than {@link MIN_COMMIT_MS}, which the server refuses. */
function sendManualCommit(plan: SessionPlan, deps: SessionDeps, sentMs: number): number {
  if (plan.config.vad !== 'none') return 0;
  if (sentMs < MIN_COMMIT_MS) {
    throw new SessionFailure('wait', `only ${Math.round(sentMs)} ms of audio to commit: the server refuses commits under ${MIN_COMMIT_MS} ms (input_audio_buffer_commit_empty), so nothing was committed`);
  }
  deps.transport.send({ type: 'input_audio_buffer.commit', event_id: CLIENT_EVENT_IDS.commit });
  if (plan.config.session === 'realtime') deps.transport.send({ type: 'response.create', event_id: CLIENT_EVENT_IDS.response });
  return 1;
}

/** The server's error about the harness's own commit or response.create: nothing more will come for it. */
function refusedOwnEvent(s: WatchState, manualCommits: number): WatchState['errors'][number] | undefined {
  return manualCommits === 0 ? undefined : (errorFor(s, CLIENT_EVENT_IDS.commit) ?? errorFor(s, CLIENT_EVENT_IDS.response));
}

function waitResult(state: SessionState, error: string | null): SessionResult {
  return { state, error, stage: state === 'completed' ? null : 'wait', retryable: false };
}

async function finish(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch, sentMs: number): Promise<SessionResult> {
  const manualCommits = sendManualCommit(plan, deps, sentMs);
  const { clock, signal } = deps;
  const audioEndMs = clock.now();
  const deadline = audioEndMs + plan.turnTimeoutMs;
  const settled = (s: WatchState): boolean => outstanding(s, plan.config, manualCommits).length === 0 || refusedOwnEvent(s, manualCommits) !== undefined;
  const quietLeftMs = (): number => QUIET_MS - (clock.now() - Math.max(watch.state.lastEventMs, audioEndMs));
  for (;;) {
    const result = await watch.until(settled, Math.max(0, deadline - clock.now()), signal);
    if (result === 'closed') return waitResult('errored', endedMessage(watch, 'the wait for results'));
    if (result === 'timeout') return waitResult('timed-out', `timed out after ${plan.turnTimeoutMs} ms waiting for ${outstanding(watch.state, plan.config, manualCommits).join('; ')}`);
    const refused = refusedOwnEvent(watch.state, manualCommits);
    if (refused) return waitResult('errored', `the server refused the commit: ${refused.code ?? 'error'}: ${refused.message}`);
    // Half a millisecond of slack: differences of fractional clock readings are not exact, and
    // a virtual clock cannot move by less than their rounding.
    if (quietLeftMs() <= 0.5) return waitResult('completed', null);
    const seen = watch.state.eventCount;
    const next = await watch.until((s) => s.eventCount > seen, quietLeftMs(), signal);
    if (next === 'closed') return waitResult('errored', endedMessage(watch, 'the wait for results'));
  }
}

async function closeAndWait(deps: SessionDeps, watch: SessionWatch): Promise<void> {
  deps.transport.close(1000, 'done');
  if (!watch.state.closed) await watch.until((s) => s.closed !== null, 1000, new AbortController().signal, { untilSocketCloses: true });
}

async function converse(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch): Promise<SessionResult> {
  const spec: AudioSpec = { format: plan.config.format, rateHz: plan.config.rateHz };
  try {
    await setUp(plan, deps, watch);
    const sentMs = await stream(plan, deps, watch, spec);
    return await finish(plan, deps, watch, sentMs);
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
 * harness's own events, expire the session, or precede a close.
 */
export async function runSession(plan: SessionPlan, deps: SessionDeps): Promise<SessionResult> {
  const watch = watchSession(deps.transport, deps.clock);
  try {
    await deps.transport.connect(deps.signal);
  } catch (error) {
    watch.stop();
    const retryable = typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
    const fatal = error instanceof TransportError && error.fatal ? error : null;
    return { state: deps.signal.aborted ? 'aborted' : 'errored', error: describeError(error), stage: 'connect', retryable, fatal };
  }
  let result: SessionResult;
  try {
    result = await converse(plan, deps, watch);
  } finally {
    await closeAndWait(deps, watch).catch(() => undefined);
    watch.stop();
  }
  const { closed } = watch.state;
  const fatal = closed ? fatalCloseError(closed, watch.state.errors.at(-1)) : null;
  return fatal ? { ...result, state: 'errored', error: result.error ?? fatal.message, fatal } : result;
}
