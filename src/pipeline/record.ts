import type { ToolDefinition, ToolSet } from '../config/tools-file.js';

/**
 * The session record: what was sent and received, stamped, in memory and in the cassette
 * (DESIGN.md §7). Everything scored is a pure function of a SessionRecord.
 */

/** Version of the cassette format written by this rtbench. */
export const CASSETTE_SCHEMA_VERSION = 1;

/** A time in ms as cassettes keep it: to the microsecond (3 decimals). */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Direction of a frame: sent, received, or about the socket itself. */
export type FrameDir = 'out' | 'in' | 'ws';

/** One stamped frame (one cassette line after the header). */
export interface TimedEvent {
  /** Monotonic ms since the session started (3 decimals). */
  readonly tMs: number;
  /** Audio sent so far, in ms (3 decimals). */
  readonly audioMs: number;
  readonly dir: FrameDir;
  /** The event as sent or received; audio payloads replaced by `{bytes, sha256}` unless kept. */
  readonly event: Record<string, unknown>;
}

/** How a session ended. */
export type SessionState = 'completed' | 'errored' | 'timed-out' | 'aborted';

/** Every {@link SessionState}. */
export const SESSION_STATES: readonly SessionState[] = ['completed', 'errored', 'timed-out', 'aborted'];

/** Where in the session something went wrong. */
export type SessionStage = 'decode' | 'auth' | 'connect' | 'setup' | 'stream' | 'wait' | 'manifest';

/** The harness's verdict on a session, written as the cassette's last line (`dir: ws`, `type: end`). */
export interface SessionOutcome {
  readonly state: SessionState;
  /** What went wrong, for the `error` column; null when nothing did. */
  readonly error: string | null;
  readonly stage: SessionStage | null;
  /** Connection attempts made (retries included). */
  readonly attempts: number;
}

/** The run configuration as stored in the cassette header (snake_case, like every file). */
export interface ConfigRecord {
  readonly config_id: string;
  readonly model: string;
  readonly transcribe_model: string;
  readonly protocol: 'ga' | 'beta';
  readonly session: 'realtime' | 'transcription';
  readonly format: 'pcm16' | 'g711_ulaw' | 'g711_alaw';
  readonly rate_hz: number;
  readonly vad: 'server_vad' | 'semantic_vad' | 'none';
  readonly threshold: number | null;
  readonly prefix_padding_ms: number | null;
  readonly silence_duration_ms: number | null;
  readonly eagerness: string | null;
  /** `audio` or `text`; absent in cassettes written before responses could be text only (audio). */
  readonly output_modalities?: 'audio' | 'text';
  /** How the session reached the server; absent in cassettes made before WebRTC existed (WebSocket). */
  readonly transport?: 'websocket' | 'webrtc';
}

/** The transport of a stored config: `websocket` unless it says otherwise. */
export function transportOf(config: ConfigRecord): 'websocket' | 'webrtc' {
  return config.transport ?? 'websocket';
}

/** The corpus item as stored in the cassette header: enough to score without the corpus. */
export interface ItemRecord {
  readonly id: string;
  readonly audio: string;
  /** sha256 of the source audio file. */
  readonly audio_sha256: string;
  readonly rate_hz: number;
  readonly text: string | null;
  readonly language: string | null;
  readonly speech_segments: readonly (readonly [number, number])[] | null;
  readonly segments_text: readonly string[] | null;
  /** The function call the item expects (manifest `expected_tool_call`); absent or null: none. */
  readonly expected_tool_call?: { readonly name: string; readonly arguments: Readonly<Record<string, unknown>> } | null;
}

/** How the session was run, beyond its config: what replay needs to run it again. */
export interface SessionPlanRecord {
  readonly chunk_ms: number;
  readonly speed: number | 'max';
  readonly tail_silence_ms: number;
  readonly turn_timeout_ms: number;
  readonly connect_timeout_ms: number;
  readonly instructions: string;
  readonly voice: string;
  readonly language: string | null;
  readonly prompt: string | null;
  readonly include_logprobs: boolean;
  readonly keep_audio: boolean;
  /** The session's tools (`--tools`) with the output each call is answered with; absent: none. */
  readonly tools?: { readonly tools: readonly ToolDefinition[]; readonly tool_choice: ToolSet['toolChoice']; readonly outputs: Readonly<Record<string, string>> } | null;
}

/**
 * What a session was told about the relay in front of the service (`--adapter`), so that scoring
 * knows which measures the relay cannot give (blank, not zero).
 */
export interface AdapterRecord {
  readonly name: string;
  /** The protocol events the relay's messages are mapped to (what it exposes). */
  readonly exposes: readonly string[];
  /** The relay takes session.update (send.session_update); without it the relay's own settings apply. */
  readonly takes_session_update: boolean;
  /** How a session.update is answered: by the relay (`relay`), or once its responses are done (`responses`). */
  readonly barrier: 'relay' | 'responses';
  /** Encoding of the relay's audio deltas. */
  readonly response_audio: { readonly format: 'pcm16' | 'g711_ulaw' | 'g711_alaw'; readonly rate_hz: number };
}

/** Line 1 of a cassette. No credential is ever part of it. */
export interface CassetteHeader {
  readonly kind: 'rtbench.cassette';
  readonly schema_version: number;
  readonly run_id: string;
  readonly harness_version: string;
  readonly protocol: 'ga' | 'beta';
  /** `local`, `openai`, or the URL (never with credentials). */
  readonly target: string;
  readonly model: string;
  readonly config: ConfigRecord;
  readonly item: ItemRecord;
  readonly repeat: number;
  readonly chunk_ms: number;
  readonly speed: number | 'max';
  readonly started_at: string;
  readonly api_key_provided: boolean;
  /** How the session was run; null for cassettes imported from other tools' logs. */
  readonly session_plan: SessionPlanRecord | null;
  /** Set when the target was a relay reached through an adapter (`--adapter`). */
  readonly adapter?: AdapterRecord;
  /** Set on cassettes made by `rtbench import`: where from, and what the log could not tell. */
  readonly imported?: { readonly source: string; readonly lost: readonly string[]; readonly receipt_times: boolean };
}

/** Everything known about one session. */
export interface SessionRecord {
  readonly schemaVersion: number;
  readonly meta: CassetteHeader;
  readonly events: readonly TimedEvent[];
  readonly outcome: SessionOutcome;
}

/** A string field of a frame's event, or '' when it is absent or not a string. */
export function textField(event: Record<string, unknown>, key: string): string {
  const value = event[key];
  return typeof value === 'string' ? value : '';
}

/** Frame type (`dir: ws`) of the RTP packets that carried one append's audio. */
export const RTP_OUT_EVENT_TYPE = 'rtp.out';

/**
 * Frame type (`dir: ws`) of an inbound RTP packet that starts audio: the first one of the
 * call, the first after each `response.created`, one with the marker bit (a talkspurt's start)
 * and the first after a pause. The first after a response's `response.created` is that
 * response's first audio.
 */
export const RTP_IN_EVENT_TYPE = 'rtp.in';

/**
 * Whether a `ws` frame is a fact the transport noted about the connection (TransportHandlers
 * `onNote`): over WebRTC `webrtc.offer` / `webrtc.answer`, `rtp.out` (the packets of one
 * append), `rtp.in` (an inbound packet that starts audio) and `rtp.stats`.
 */
export function isTransportNote(event: Record<string, unknown>): boolean {
  const type = event.type;
  return typeof type === 'string' && (type.startsWith('rtp.') || type.startsWith('webrtc.'));
}

/** Frame type of the last line of every complete cassette. */
export const END_EVENT_TYPE = 'end';

/**
 * Frame type (`dir: ws`) that closes an attempt the runner will make again: `attempt`, the
 * attempt's `state`, `error`, `stage`, the retry `reason` and the `backoff_ms` waited. The next
 * attempt's frames follow it, with `t_ms` counted from that attempt's start.
 */
export const RETRY_EVENT_TYPE = 'retry';

/**
 * Frame type (`dir: ws`) where a session that reached the server's maximum length goes on in a
 * new one: `reason` (the server's error code), `sent_ms` (audio sent when it ended) and
 * `audio_offset_ms` (where the new socket's input starts on the item's audio clock: audio the
 * old session had not finished with is sent again from there). The new socket's frames follow,
 * their `audio_ms` on the item's audio clock and their server audio positions relative to
 * `audio_offset_ms`.
 */
export const ROLLOVER_EVENT_TYPE = 'rollover';

/** The frames of a record's last attempt: everything after its last `retry` frame (all of them without one). */
export function lastAttempt(events: readonly TimedEvent[]): readonly TimedEvent[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const frame = events[i];
    if (frame?.dir === 'ws' && frame.event.type === RETRY_EVENT_TYPE) return events.slice(i + 1);
  }
  return events;
}

/** Reads the outcome from a record's last `end` frame; a cassette cut short reads as aborted. */
export function outcomeOf(events: readonly TimedEvent[]): SessionOutcome {
  for (let i = events.length - 1; i >= 0; i--) {
    const frame = events[i];
    if (frame?.dir === 'ws' && frame.event.type === END_EVENT_TYPE) {
      const e = frame.event;
      return {
        state: (e.state as SessionState | undefined) ?? 'aborted',
        error: typeof e.error === 'string' ? e.error : null,
        stage: (e.stage as SessionStage | null | undefined) ?? null,
        attempts: typeof e.attempts === 'number' ? e.attempts : 1,
      };
    }
  }
  return { state: 'aborted', error: 'the session record ends without an outcome (interrupted or crashed)', stage: null, attempts: 1 };
}

/**
 * Frame type (`dir: ws`) that lists the WAV files a session wrote (`--save-audio`), relative to
 * the run folder: `turns` (`[{turn_index, file, response_ids}]`) and `sent` (the audio sent, or
 * null). It comes just before the `end` frame.
 */
export const SAVED_AUDIO_EVENT_TYPE = 'audio_saved';

/**
 * Frame type (`dir: ws`) that records a minted client secret: `mint_ms`, `attempts`,
 * `expires_at`. The secret itself is never recorded.
 */
export const MINT_EVENT_TYPE = 'mint';

/** `mint_ms` of the session (`--auth ephemeral`): from the mint request to the secret in hand; null without a mint. */
export function mintMsOf(events: readonly TimedEvent[]): number | null {
  const frame = events.find((f) => f.dir === 'ws' && f.event.type === MINT_EVENT_TYPE);
  const value = frame?.event.mint_ms;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
