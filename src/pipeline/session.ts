import type { Clock } from '../clock.js';
import type { RunConfig } from '../config/types.js';
import { describeError } from '../errors.js';
import { bytesPerMs, msToBytes, silenceByte, type AudioSpec } from './audio-format.js';
import { chunkAudio, repeatChunks } from './chunk.js';
import { paceChunks } from './pace.js';
import { buildSessionUpdate, type SessionSettings } from './protocol/session-config.js';
import type { SessionStage, SessionState } from './record.js';
import { watchSession, type SessionWatch, type SessionState as WatchState } from './session-watch.js';
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
}

const MIN_COMMIT_MS = 100;

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

function closedMessage(watch: SessionWatch, during: string): string {
  const closed = watch.state.closed;
  const lastError = watch.state.errors.at(-1);
  const server = lastError ? ` after error ${lastError.code ?? ''}: ${lastError.message}` : '';
  return `the server closed the socket during ${during} (code ${closed?.code ?? '?'}${closed?.reason ? `, ${closed.reason}` : ''})${server}`;
}

async function setUp(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch): Promise<void> {
  const created = await watch.until((s) => s.created || s.errors.length > 0, plan.connectTimeoutMs, deps.signal);
  if (created === 'closed') throw new SessionFailure('setup', closedMessage(watch, 'setup'), true);
  if (created === 'timeout') throw new SessionFailure('setup', `no session.created within ${plan.connectTimeoutMs} ms`, true);
  if (!watch.state.created) throw new SessionFailure('setup', `the server refused the session: ${watch.state.errors[0]?.message ?? ''}`);
  const errorsBefore = watch.state.errors.length;
  deps.transport.send({ ...buildSessionUpdate(plan.config, plan.settings), event_id: 'evt_rtbench_session_update' });
  const updated = await watch.until((s) => s.updated || s.errors.length > errorsBefore, plan.connectTimeoutMs, deps.signal);
  if (updated === 'closed') throw new SessionFailure('setup', closedMessage(watch, 'setup'));
  if (updated === 'timeout') throw new SessionFailure('setup', `no session.updated within ${plan.connectTimeoutMs} ms after session.update`);
  if (!watch.state.updated) {
    const error = watch.state.errors[errorsBefore];
    throw new SessionFailure('setup', `the server rejected session.update: ${error?.code ?? 'error'}: ${error?.message ?? ''}`);
  }
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
    if (watch.state.closed) throw new SessionFailure('stream', closedMessage(watch, 'streaming'));
    deps.transport.send({ type: 'input_audio_buffer.append', audio: chunk.audio.toString('base64') });
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

function sendManualCommit(plan: SessionPlan, deps: SessionDeps, sentMs: number): number {
  if (plan.config.vad !== 'none' || sentMs < MIN_COMMIT_MS) return 0;
  deps.transport.send({ type: 'input_audio_buffer.commit', event_id: 'evt_rtbench_commit' });
  if (plan.config.session === 'realtime') deps.transport.send({ type: 'response.create', event_id: 'evt_rtbench_response' });
  return 1;
}

async function finish(plan: SessionPlan, deps: SessionDeps, watch: SessionWatch, sentMs: number): Promise<SessionResult> {
  const manualCommits = sendManualCommit(plan, deps, sentMs);
  const { clock, signal } = deps;
  const audioEndMs = clock.now();
  const deadline = audioEndMs + plan.turnTimeoutMs;
  const settled = (s: WatchState): boolean => outstanding(s, plan.config, manualCommits).length === 0;
  const quietLeftMs = (): number => QUIET_MS - (clock.now() - Math.max(watch.state.lastEventMs, audioEndMs));
  for (;;) {
    const result = await watch.until(settled, Math.max(0, deadline - clock.now()), signal);
    if (result === 'closed') return { state: 'errored', error: closedMessage(watch, 'the wait for results'), stage: 'wait', retryable: false };
    if (result === 'timeout') {
      const missing = outstanding(watch.state, plan.config, manualCommits);
      return { state: 'timed-out', error: `timed out after ${plan.turnTimeoutMs} ms waiting for ${missing.join('; ')}`, stage: 'wait', retryable: false };
    }
    // Half a millisecond of slack: differences of fractional clock readings are not exact.
    if (quietLeftMs() <= 0.5) return { state: 'completed', error: null, stage: null, retryable: false };
    const seen = watch.state.eventCount;
    const next = await watch.until((s) => s.eventCount > seen, quietLeftMs(), signal);
    if (next === 'closed') return { state: 'errored', error: closedMessage(watch, 'the wait for results'), stage: 'wait', retryable: false };
  }
}

async function closeAndWait(deps: SessionDeps, watch: SessionWatch): Promise<void> {
  deps.transport.close(1000, 'done');
  if (!watch.state.closed) await watch.until(() => false, 1000, new AbortController().signal);
}

/**
 * Runs one session: connect, configure, stream the audio paced with tail silence, wait for
 * every outstanding transcript and response, close. Failures become the result, not throws.
 */
export async function runSession(plan: SessionPlan, deps: SessionDeps): Promise<SessionResult> {
  const spec: AudioSpec = { format: plan.config.format, rateHz: plan.config.rateHz };
  const watch = watchSession(deps.transport, deps.clock);
  try {
    await deps.transport.connect(deps.signal);
  } catch (error) {
    watch.stop();
    const retryable = typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
    return { state: deps.signal.aborted ? 'aborted' : 'errored', error: describeError(error), stage: 'connect', retryable };
  }
  try {
    await setUp(plan, deps, watch);
    const sentMs = await stream(plan, deps, watch, spec);
    return await finish(plan, deps, watch, sentMs);
  } catch (error) {
    if (deps.signal.aborted) return { state: 'aborted', error: 'interrupted', stage: null, retryable: false };
    if (error instanceof SessionFailure) return { state: 'errored', error: error.message, stage: error.stage, retryable: error.retryable };
    const stage = error instanceof Error && error.name === 'AudioDecodeError' ? 'decode' : 'stream';
    return { state: 'errored', error: describeError(error), stage, retryable: false };
  } finally {
    await closeAndWait(deps, watch).catch(() => undefined);
    watch.stop();
  }
}
