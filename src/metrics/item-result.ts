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
}

/** Names of the per-turn latencies, as in the CSV columns. */
export const TURN_LATENCIES = [
  'speech_end_to_stopped_ms',
  'stopped_to_first_delta_ms',
  'stopped_to_transcript_ms',
  'stopped_to_first_audio_ms',
  'speech_end_to_first_audio_ms',
] as const;

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
export type LatencyName = (typeof TURN_LATENCIES)[number] | (typeof SESSION_LATENCIES)[number] | (typeof AUTH_LATENCIES)[number] | (typeof CONNECT_LATENCIES)[number];

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
  readonly turnsDetected: number;
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
}
