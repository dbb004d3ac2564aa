import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { ResolvedOptions } from '../config/options.js';
import type { RunConfig } from '../config/types.js';
import { fileSafeId, type CorpusItem, type ManifestProblem } from '../corpus/manifest.js';
import { encodeHint, MAX_HINT_BYTES, REFERENCE_HEADER } from '../emulator/transcriber.js';
import { SEMANTIC_MAX_WAIT_MS } from '../config/defaults.js';
import type { ItemResult } from '../metrics/item-result.js';
import { scoreSession } from '../metrics/score-session.js';
import type { AudioSpec } from '../pipeline/audio-format.js';
import { createCassetteWriter } from '../pipeline/cassette.js';
import { decodeAudio } from '../pipeline/decode.js';
import { CASSETTE_SCHEMA_VERSION, END_EVENT_TYPE, MINT_EVENT_TYPE, outcomeOf, RETRY_EVENT_TYPE, ROLLOVER_EVENT_TYPE, roundMs, type CassetteHeader, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import type { RolloverInfo } from '../pipeline/rollover.js';
import { createRecorder } from '../pipeline/recorder.js';
import { createAudioTap, type AudioTap } from '../pipeline/audio-tap.js';
import { outputSpecOf } from '../pipeline/protocol/session-config.js';
import { saveSessionAudio } from './saved-audio.js';
import { stackTransports } from './session-transports.js';
import { adapterRecord } from '../pipeline/transport/adapter.js';
import { runSession, type SessionPlan, type SessionResult } from '../pipeline/session.js';
import { configRecord, planRecord } from '../pipeline/session-plan.js';
import type { Transport } from '../pipeline/transport/transport.js';
import { createWsTransport } from '../pipeline/transport/ws.js';
import { callsUrl, createWebRtcTransport } from '../pipeline/transport/webrtc.js';
import { OPUS_FRAME_MS } from '../pipeline/opus.js';
import { isLoopbackTarget } from '../config/target.js';
import { TransportError } from '../errors.js';
import { mintBaseUrl, mintClientSecret, type MintedSecret } from '../pipeline/auth/client-secret.js';
import { buildClientSecretRequest, type SessionSettings } from '../pipeline/protocol/session-config.js';
import type { Endpoint } from './endpoint.js';
import { retryDelayMs } from '../pipeline/auth/retry.js';
import type { SessionLimiter } from './rate-limiter.js';
import { isHttp429, retryReasonOf, SESSION_RETRY_POLICY, type RetryReason } from './retry-policy.js';

/** One config × item × repeat. */
export interface WorkUnit {
  readonly config: RunConfig;
  /** A runnable item, or a manifest line that becomes an error row. */
  readonly item: CorpusItem | ManifestProblem;
  readonly repeat: number;
}

/** What every unit of a run shares. */
export interface UnitContext {
  readonly runId: string;
  readonly runDir: string;
  readonly options: ResolvedOptions;
  readonly endpoint: Endpoint;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly harnessVersion: string;
  readonly createTransport?: (url: string, headers: Record<string, string>) => Transport;
  /** Told when a session shows that no further session can succeed (close 3000/4000, refused mint). */
  readonly onFatal?: (error: TransportError) => void;
  /** Spaces session starts and backs off when the target rate-limits. */
  readonly limiter?: SessionLimiter;
  /** Told when a cassette cannot be written further (a full disk): the run stops. */
  readonly onWriteError?: (error: unknown) => void;
}

/** The file of a unit's cassette inside a run folder. */
export function cassettePath(runDir: string, unit: { config: { configId: string }; itemId: string; repeat: number }): string {
  return join(runDir, 'sessions', unit.config.configId, `${fileSafeId(unit.itemId)}.${unit.repeat}.jsonl`);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const part of createReadStream(path)) hash.update(part as Buffer);
  return hash.digest('hex');
}

function isProblem(item: CorpusItem | ManifestProblem): item is ManifestProblem {
  return 'message' in item;
}

/** Tail silence: the configured value, or what lets the server's VAD close the last turn, plus one second. */
export function tailSilenceMs(options: ResolvedOptions, config: RunConfig): number {
  if (options.tailSilenceMs !== null) return options.tailSilenceMs;
  if (config.vad === 'server_vad') return (config.silenceDurationMs ?? 0) + 1000;
  if (config.vad === 'semantic_vad') return SEMANTIC_MAX_WAIT_MS[config.eagerness ?? 'auto'] + 1000;
  return 0;
}

/** The session plan of a unit: its config, the run's settings with the item's language, the run's timing. */
export function planOf(ctx: UnitContext, unit: WorkUnit): SessionPlan {
  const o = ctx.options;
  const settings = sessionSettings(o, isProblem(unit.item) ? null : unit.item.language, unit.config);
  const tools = unit.config.session === 'realtime' ? o.toolSet : null;
  // A WebRTC track carries one 20 ms Opus frame per packet, as a browser sends it: one append per frame.
  const chunkMs = unit.config.transport === 'webrtc' ? OPUS_FRAME_MS : o.chunkMs;
  return { config: unit.config, settings, chunkMs, speed: o.speed, tailSilenceMs: tailSilenceMs(o, unit.config), turnTimeoutMs: o.turnTimeoutMs, connectTimeoutMs: o.connectTimeoutMs, tools };
}

async function header(ctx: UnitContext, unit: WorkUnit, plan: SessionPlan): Promise<CassetteHeader> {
  const item = unit.item;
  const problem = isProblem(item);
  return {
    kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: ctx.runId, harness_version: ctx.harnessVersion,
    protocol: unit.config.protocol, target: ctx.endpoint.label, model: unit.config.session === 'transcription' ? unit.config.transcribeModel : unit.config.model,
    config: configRecord(unit.config),
    item: {
      // A file that cannot be read (removed since the manifest was checked, say) has no digest; decoding it then says why.
      id: item.id, audio: problem ? '' : item.audio, audio_sha256: problem ? '' : await sha256File(item.audioPath).catch(() => ''), rate_hz: unit.config.rateHz,
      text: problem ? null : item.text, language: problem ? null : item.language, speech_segments: problem ? null : item.speechSegments, segments_text: problem ? null : item.segmentsText,
      ...(problem || item.expectedToolCall === null ? {} : { expected_tool_call: item.expectedToolCall }),
    },
    repeat: unit.repeat, chunk_ms: plan.chunkMs, speed: ctx.options.speed, started_at: ctx.clock.wallIso(), api_key_provided: ctx.options.apiKey !== null,
    session_plan: planRecord(plan, ctx.options.keepAudio),
    ...(ctx.options.relayAdapter ? { adapter: adapterRecord(ctx.options.relayAdapter) } : {}),
  };
}

/** `first`, then the rest. The first buffer is let go of once taken: a session holds only the audio it is sending. */
async function* prepend(first: { buffer: Buffer | null }, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  let head = first.buffer;
  first.buffer = null;
  if (head !== null) yield head;
  head = null;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/** Starts decoding and reads the first buffer, so that a file that cannot be decoded fails before any connection. */
async function startDecoding(item: CorpusItem, spec: AudioSpec, signal: AbortSignal): Promise<{ audio: AsyncGenerator<Buffer>; stop: () => Promise<unknown> } | SessionResult> {
  const decoded = decodeAudio(item.audioPath, spec, signal);
  const first = await decoded.next().catch((error: unknown) => error as Error);
  // An interrupt kills ffmpeg: that is no fault of the file.
  if (signal.aborted) return { state: 'aborted', error: 'interrupted', stage: null, retryable: false };
  if (first instanceof Error || first.done === true) {
    return { state: 'errored', error: first instanceof Error ? first.message : `cannot decode ${item.audio}: it holds no audio samples`, stage: 'decode', retryable: false };
  }
  return { audio: prepend({ buffer: first.value }, decoded), stop: () => decoded.return(undefined) };
}

/** The settings of a run's sessions that are not part of the matrix; the language defaults to the item's. */
export function sessionSettings(o: ResolvedOptions, itemLanguage: string | null, config?: RunConfig): SessionSettings {
  const tools = o.toolSet && config?.session !== 'transcription' ? { tools: o.toolSet.tools, toolChoice: o.toolSet.toolChoice } : {};
  return { instructions: o.instructions, voice: o.voice, language: o.language ?? itemLanguage, prompt: o.prompt, includeLogprobs: o.includeLogprobs, ...tools };
}

/** The recording transport of a session, and how to note frames about the session itself. */
interface Recording {
  readonly transport: Transport;
  readonly note: (event: Record<string, unknown>) => void;
  /** t = 0 of the recording, shared by the sockets of a rolled-over session. */
  readonly startMs: number;
}

/** Makes the recording transport of one socket; a rolled-over session's next socket keeps the first one's t = 0. */
type MakeRecording = (headers: Record<string, string>, from?: { startMs: number; audioOffsetMs: number }) => Recording;

/** A placeholder key for minting at the in-process emulator, which needs no real one. */
const LOCAL_MINT_KEY = 'sk-rtbench-local';

/** With `--auth ephemeral`, and for every WebRTC call (as browser clients do), mints the session's client secret; the error becomes the result. */
async function mintFor(ctx: UnitContext, config: RunConfig, settings: SessionSettings): Promise<MintedSecret | SessionResult | null> {
  if (ctx.options.auth !== 'ephemeral' && config.transport !== 'webrtc') return null;
  try {
    return await mintClientSecret(buildClientSecretRequest(config, settings).session, {
      baseUrl: mintBaseUrl(ctx.endpoint.urlFor(config)), apiKey: ctx.options.apiKey ?? LOCAL_MINT_KEY, clock: ctx.clock, signal: ctx.signal, timeoutMs: ctx.options.connectTimeoutMs,
    });
  } catch (error) {
    if (ctx.signal.aborted) return { state: 'aborted', error: 'interrupted', stage: 'auth', retryable: false };
    const fatal = error instanceof TransportError && error.fatal ? error : null;
    return { state: 'errored', error: error instanceof Error ? error.message : String(error), stage: 'auth', retryable: error instanceof TransportError && error.retryable, fatal };
  }
}

async function runItem(ctx: UnitContext, unit: WorkUnit, item: CorpusItem, plan: SessionPlan, record: MakeRecording): Promise<SessionResult> {
  const spec: AudioSpec = { format: unit.config.format, rateHz: unit.config.rateHz };
  const decoding = await startDecoding(item, spec, ctx.signal);
  if ('state' in decoding) return decoding;
  try {
    return await connectAndRun(ctx, plan, item, record, decoding.audio);
  } finally {
    // Ends ffmpeg when the session stopped before reading all of it (a refused mint or connection, a server close).
    await decoding.stop();
  }
}

/** The handshake headers of one socket (a minted secret, the endpoint's, the emulator's hint), or why there are none. */
async function socketHeaders(ctx: UnitContext, plan: SessionPlan, item: CorpusItem, audioOffsetMs: number): Promise<{ headers: Record<string, string>; minted: MintedSecret | null } | SessionResult> {
  const hint = ctx.endpoint.sendsHint && item.text !== null ? encodeHint({ text: item.text, segments: item.speechSegments, segmentsText: item.segmentsText, offsetMs: audioOffsetMs, toolCall: item.expectedToolCall }) : null;
  if (hint !== null && hint.length > MAX_HINT_BYTES) return hintTooLong(hint.length);
  const minted = await mintFor(ctx, plan.config, plan.settings);
  if (minted !== null && 'state' in minted) return minted;
  // The minted secret authorises the session (a WebRTC call always has one), whatever else the endpoint sends.
  const headers: Record<string, string> = { ...ctx.endpoint.headersFor(plan.config), ...(minted ? { Authorization: `Bearer ${minted.value}` } : {}) };
  if (hint !== null) headers[REFERENCE_HEADER] = hint;
  return { headers, minted };
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The error of an item whose reference is too long to travel as the emulator's hint (in a handshake header, whose size the emulator limits). */
function hintTooLong(bytes: number): SessionResult {
  const error = `the reference is too long for the emulator: its hint (text, segments and segments_text, base64 in the ${REFERENCE_HEADER} upgrade header) is ${megabytes(bytes)}, over the limit of ${megabytes(MAX_HINT_BYTES)} (about 700,000 characters of text); split the item into shorter ones`;
  return { state: 'errored', error, stage: 'connect', retryable: false };
}

function noteMint(recording: Recording, minted: MintedSecret | null): void {
  if (minted) recording.note({ type: MINT_EVENT_TYPE, mint_ms: roundMs(minted.mintMs), attempts: minted.attempts, expires_at: minted.expiresAt, requests: minted.exchanges });
}

async function connectAndRun(ctx: UnitContext, plan: SessionPlan, item: CorpusItem, record: MakeRecording, audio: AsyncIterable<Buffer>): Promise<SessionResult> {
  const first = await socketHeaders(ctx, plan, item, 0);
  if ('state' in first) return first;
  let current = record(first.headers);
  noteMint(current, first.minted);
  // A session the server ends at its maximum length goes on on a new socket (rollover.ts).
  const reconnect = async (next: RolloverInfo): Promise<Transport> => {
    current.note({ type: ROLLOVER_EVENT_TYPE, reason: next.reason, sent_ms: roundMs(next.sentMs), audio_offset_ms: roundMs(next.audioOffsetMs) });
    const opened = await socketHeaders(ctx, plan, item, next.audioOffsetMs);
    if ('state' in opened) throw new Error(opened.error ?? 'no client secret');
    current = record(opened.headers, { startMs: current.startMs, audioOffsetMs: next.audioOffsetMs });
    noteMint(current, opened.minted);
    return current.transport;
  };
  // A rollover sends part of the audio again, decoded again rather than kept (sent-audio.ts).
  const audioAgain = (): AsyncIterable<Buffer> => decodeAudio(item.audioPath, { format: plan.config.format, rateHz: plan.config.rateHz }, ctx.signal);
  return runSession(plan, { transport: current.transport, clock: ctx.clock, audio, signal: ctx.signal, rollover: { reconnect, audioAgain } });
}

/** The socket of a WebSocket session, the call of a WebRTC one (offer to `…/realtime/calls` beside the socket URL). */
function transportFor(ctx: UnitContext, config: RunConfig, headers: Record<string, string>): Transport {
  const url = ctx.endpoint.urlFor(config);
  const { connectTimeoutMs, target } = ctx.options;
  if (config.transport === 'webrtc') {
    return createWebRtcTransport({ callsUrl: callsUrl(url), headers, rateHz: config.rateHz, clock: ctx.clock, connectTimeoutMs, loopbackOnly: isLoopbackTarget(target) });
  }
  return ctx.createTransport?.(url, headers) ?? createWsTransport({ url, headers, connectTimeoutMs, ca: ctx.endpoint.ca });
}

/** One try of a session: its verdict, its frames, how to note a frame on its clock, and the audio it kept. */
interface Attempt {
  readonly result: SessionResult;
  readonly events: TimedEvent[];
  readonly note: ((e: Record<string, unknown>) => void) | null;
  readonly tap: AudioTap | null;
}

async function runAttempt(ctx: UnitContext, unit: WorkUnit, plan: SessionPlan, keep: (frame: TimedEvent) => void): Promise<Attempt> {
  const events: TimedEvent[] = [];
  const sink = (frame: TimedEvent): void => {
    events.push(frame);
    keep(frame);
    if (frame.dir === 'in') ctx.limiter?.observe(frame.event);
  };
  const spec: AudioSpec = { format: unit.config.format, rateHz: unit.config.rateHz };
  const tap = ctx.options.saveAudio.length > 0 ? createAudioTap(ctx.options.saveAudio.includes('sent')) : null;
  const item = unit.item;
  let note: Attempt['note'] = null;
  const record: MakeRecording = (headers, from) => {
    const socket = transportFor(ctx, unit.config, headers);
    const record = (inner: Transport) => createRecorder(inner, { clock: ctx.clock, spec, keepAudio: ctx.options.keepAudio, sink, ...from });
    const { recorder, transport } = stackTransports(ctx.options, plan, isProblem(item) ? null : item, spec, { socket, record, tap });
    note = recorder.note;
    return { transport, note: recorder.note, startMs: recorder.startMs };
  };
  let result: SessionResult;
  try {
    if (isProblem(item)) result = { state: 'errored', error: item.message, stage: 'manifest', retryable: false };
    else {
      await ctx.limiter?.acquire(ctx.signal);
      result = await runItem(ctx, unit, item, plan, record);
    }
  } catch (error) {
    result = ctx.signal.aborted ? { state: 'aborted', error: 'interrupted', stage: null, retryable: false } : { state: 'errored', error: error instanceof Error ? error.message : String(error), stage: null, retryable: false };
  }
  return { result, events, note, tap };
}

/**
 * The wait before the next attempt: the limiter's pause after a rate limit (which holds every
 * new start), else exponential backoff with jitter; false when the run was interrupted meanwhile.
 */
async function backOff(ctx: UnitContext, reason: RetryReason, attempt: number, result: SessionResult): Promise<{ waitMs: number; go: boolean }> {
  if (reason === 'rate_limited' && ctx.limiter) {
    if (isHttp429(result.error)) ctx.limiter.backoff();
    return { waitMs: ctx.limiter.pauseLeftMs(), go: true };
  }
  const waitMs = retryDelayMs(attempt, SESSION_RETRY_POLICY, null, Math.random);
  const go = await ctx.clock.sleep(waitMs, ctx.signal).then(() => true, () => false);
  return { waitMs, go };
}

/** Writes the session's WAV files (`--save-audio`), by the turns of its record so far; returns the frame that lists them. */
function saveAudio(ctx: UnitContext, unit: WorkUnit, record: SessionRecord, tap: AudioTap): Promise<Record<string, unknown>> {
  const { turns } = scoreSession(record, { collarMs: ctx.options.collarMs });
  const relay = ctx.options.relayAdapter;
  return saveSessionAudio({
    runDir: ctx.runDir, configId: unit.config.configId, itemId: unit.item.id, repeat: unit.repeat, parts: ctx.options.saveAudio,
    output: relay ? relay.responseAudio : outputSpecOf(unit.config), input: { format: unit.config.format, rateHz: unit.config.rateHz },
  }, tap, turns);
}

/**
 * Runs one unit end to end: start slot, cassette, decode, session, outcome, score. A session
 * that failed in a way that may pass (see retry-policy.ts) is tried again, up to
 * `--max-attempts`; the cassette keeps every attempt, each closed by a `retry` frame, and is
 * scored on the last. Never throws for bad input.
 */
export async function runUnit(ctx: UnitContext, unit: WorkUnit): Promise<ItemResult> {
  const plan = planOf(ctx, unit);
  const meta = await header(ctx, unit, plan);
  const writer = createCassetteWriter(cassettePath(ctx.runDir, { config: unit.config, itemId: unit.item.id, repeat: unit.repeat }), meta, ctx.onWriteError ?? (() => undefined));
  const all: TimedEvent[] = [];
  const keep = (frame: TimedEvent): void => {
    all.push(frame);
    writer.write(frame);
  };
  const noteOn = (attempt: Attempt, event: Record<string, unknown>): void => {
    if (attempt.note) attempt.note(event);
    else keep({ tMs: 0, audioMs: 0, dir: 'ws', event });
  };
  for (let attempts = 1; ; attempts++) {
    const attempt = await runAttempt(ctx, unit, plan, keep);
    let { result } = attempt;
    const reason = retryReasonOf(result, attempt.events);
    if (reason === null && result.state === 'completed') ctx.limiter?.succeeded();
    if (reason !== null && attempts < ctx.options.maxAttempts && !ctx.signal.aborted) {
      const { waitMs, go } = await backOff(ctx, reason, attempts, result);
      noteOn(attempt, { type: RETRY_EVENT_TYPE, attempt: attempts, state: result.state, error: result.error, stage: result.stage, reason, backoff_ms: Math.round(waitMs) });
      if (go) continue;
      result = { state: 'aborted', error: `interrupted before attempt ${attempts + 1}; attempt ${attempts}: ${result.error ?? ''}`, stage: result.stage, retryable: false };
    }
    // A session that failed as the run was interrupted may have failed because of it: --resume runs it again.
    if (ctx.signal.aborted && result.state === 'errored') result = { ...result, state: 'aborted', error: `interrupted (${result.error ?? 'error'})` };
    if (result.fatal) ctx.onFatal?.(result.fatal);
    if (attempt.tap) noteOn(attempt, await saveAudio(ctx, unit, { schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events: all, outcome: { state: result.state, error: result.error, stage: result.stage, attempts } }, attempt.tap));
    noteOn(attempt, { type: END_EVENT_TYPE, state: result.state, error: result.error, stage: result.stage, attempts });
    writer.close();
    return scoreSession({ schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events: all, outcome: outcomeOf(all) }, { collarMs: ctx.options.collarMs });
  }
}
