import type { ConfigRecord, SessionStage, SessionState } from '../pipeline/record.js';
import type { AlignOp } from './wer.js';

/** Scores of one detected turn (one row of turns.csv). */
export interface TurnResult {
  /** 0-based, in order of speech_started. */
  readonly turnIndex: number;
  /** The server's id of the user item. */
  readonly serverItemId: string;
  readonly speechStartedMs: number | null;
  readonly speechStoppedMs: number | null;
  readonly audioStartMs: number | null;
  readonly audioEndMs: number | null;
  /** Index of the expected turn it matched; null when none or unknown. */
  readonly expectedTurn: number | null;
  readonly falseStart: boolean;
  readonly onsetErrorMs: number | null;
  readonly offsetErrorMs: number | null;
  /** The prefix padding may have been cut at the buffer start: onset unknown, no onset error. */
  readonly onsetClamped: boolean;
  readonly transcript: string | null;
  readonly responseId: string | null;
  readonly responseStatus: string | null;
  readonly speechEndToStoppedMs: number | null;
  readonly stoppedToFirstDeltaMs: number | null;
  readonly stoppedToTranscriptMs: number | null;
  readonly stoppedToFirstAudioMs: number | null;
  readonly speechEndToFirstAudioMs: number | null;
  /** speech_stopped (or the commit) → response.done of the turn's response (of the one after its tool output, when it called a tool). */
  readonly stoppedToResponseDoneMs: number | null;
  /** Send time of the true end of speech → that response.done: the whole answer, as the user waits for it. */
  readonly speechEndToResponseDoneMs: number | null;
  /** speech_stopped (or the commit) → the first response.output_text.delta (a text reply). */
  readonly firstTextMs: number | null;
  /** speech_stopped (or the commit) → response.function_call_arguments.done of the turn's first tool call. */
  readonly stoppedToToolCallMs: number | null;
  /** The turn's first tool call (arguments as JSON text); null when it made none. */
  readonly toolCall: { readonly name: string; readonly arguments: string } | null;
  /**
   * The call against the item's expected_tool_call: name and arguments equal after JSON
   * normalisation. False for a call the item does not expect and, on the item's last turn, for a
   * call it expects and never got; null for a turn that neither made nor owed a call.
   */
  readonly toolCallCorrect: boolean | null;
  /** What the turn's response(s) said: the transcript of the audio, or the text. */
  readonly replyText: string | null;
  /** The turn's response and the responses to its tool outputs, in order. */
  readonly responseIds: readonly string[];
  /** The WAV of the responses' audio (`--save-audio`), relative to the run folder; null when none was written. */
  readonly audioFile?: string | null;
}

/** Names of the per-turn latencies, as in the CSV columns. */
export const TURN_LATENCIES = [
  'speech_end_to_stopped_ms',
  'stopped_to_first_delta_ms',
  'stopped_to_transcript_ms',
  'stopped_to_first_audio_ms',
  'speech_end_to_first_audio_ms',
] as const;

/**
 * Per-turn latencies added with whole responses, text replies and tool calls. NOTE: their columns
 * come after the older ones in every CSV (columns are appended, never moved).
 */
export const RESPONSE_LATENCIES = ['stopped_to_response_done_ms', 'speech_end_to_response_done_ms', 'first_text_ms', 'stopped_to_tool_call_ms'] as const;

/** Every per-turn latency. */
export const ALL_TURN_LATENCIES = [...TURN_LATENCIES, ...RESPONSE_LATENCIES] as const;

/** Names of the per-session latencies. */
export const SESSION_LATENCIES = ['connect_ms', 'session_ready_ms'] as const;

/** Names of the latencies of authentication: `mint_ms`, the client secret's mint (`--auth ephemeral`). */
export const AUTH_LATENCIES = ['mint_ms'] as const;

/**
 * Names of the latencies of connecting, beyond `connect_ms`: `session_created_ms`, from the
 * start of connecting to session.created (a WebSocket's open, or a WebRTC call's offer to its
 * open data channel, then the server's first event).
 */
export const CONNECT_LATENCIES = ['session_created_ms'] as const;

/** One of the latency metric names. */
export type LatencyName = (typeof ALL_TURN_LATENCIES)[number] | (typeof SESSION_LATENCIES)[number] | (typeof AUTH_LATENCIES)[number] | (typeof CONNECT_LATENCIES)[number];

/** Scores of one config × item × repeat (one row of items.csv). */
export interface ItemResult {
  readonly runId: string;
  readonly config: ConfigRecord;
  readonly itemId: string;
  readonly repeat: number;
  readonly status: 'ok' | 'error';
  readonly state: SessionState;
  readonly error: string | null;
  /** Where the session failed (decode, connect, …); null when it did not. */
  readonly stage: SessionStage | null;
  /** What happened besides the result: failed attempts, rollovers, server errors, frames that were not JSON (warnings.ts). */
  readonly warnings: readonly string[];
  /** The server sent no VAD event, or no transcript, for speech it was sent (warnings.ts `serverSilence`). */
  readonly silentServer: boolean;
  readonly attempts: number;
  readonly emulated: boolean;
  /** Audio sent, tail silence included. */
  readonly audioMs: number;
  readonly reference: string | null;
  readonly hypothesis: string;
  readonly normalizer: string;
  readonly wer: number | null;
  readonly cer: number | null;
  readonly refWords: number | null;
  readonly substitutions: number | null;
  readonly deletions: number | null;
  readonly insertions: number | null;
  readonly refChars: number | null;
  readonly charErrors: number | null;
  readonly alignment: readonly AlignOp[] | null;
  readonly turnsExpected: number | null;
  /** Null when the target exposes no VAD events (a relay through an adapter): not measured, not zero. */
  readonly turnsDetected: number | null;
  readonly turnsSplit: number | null;
  readonly turnsMerged: number | null;
  readonly turnsMissed: number | null;
  readonly falseStarts: number | null;
  /** Audio sent that holds no true speech; null when the truth is unknown. */
  readonly nonSpeechMs: number | null;
  readonly onsetErrorMs: number | null;
  readonly offsetErrorMs: number | null;
  /**
   * Speech detection error rate (pyannote.metrics' DetectionErrorRate): (false alarm + miss) /
   * reference speech over the audio sent; heard spans against the expected turns (true segments
   * merged across gaps shorter than silence_duration_ms); null without truth.
   */
  readonly detectionErrorRate: number | null;
  readonly falseAlarmMs: number | null;
  readonly missMs: number | null;
  /** Reference speech (expected turns) scored by the detection error rate, outside the collars. */
  readonly speechMs: number | null;
  /** Collar (total width around each true boundary) left out of the detection error rate. */
  readonly collarMs: number;
  readonly latencies: Readonly<Record<LatencyName, number | null>>;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  readonly turns: readonly TurnResult[];
  /** Audio sent (appends, rollovers' again included), in bytes of the session's encoding. */
  readonly audioBytesSent?: number;
  /** Response audio received, in bytes of its encoding. */
  readonly audioBytesReceived?: number;
  /** Every scored turn's call right (true), one wrong or missing (false); null when the item neither expected nor made a call. */
  readonly toolCallCorrect?: boolean | null;
  /** The relay's adapter (`--adapter`), when the target was one; null otherwise. */
  readonly adapter?: string | null;
  /** The WAV of the audio sent (`--save-audio sent`), relative to the run folder. */
  readonly sentAudioFile?: string | null;
}
