import { toLinear } from './g711.js';
import type { EmulatedConfig, TurnDetectionState } from './session-config.js';
import { createTurnDetector, type TurnDetector } from './turn-detector.js';
import type { VadEngine, VadStream } from './vad/vad.js';

/** A user turn in the input buffer (between speech_started and its commit). */
export interface OpenTurn {
  readonly id: string;
  readonly audioStartMs: number;
}

/** What the input buffer reports to its session, on the session's audio clock. */
export interface InputBufferEvents {
  speechStarted(turn: OpenTurn): void;
  speechStopped(turn: OpenTurn, audioEndMs: number): void;
  /** idle_timeout_ms passed without speech since `startMs`. */
  idleTimeout(startMs: number, endMs: number): void;
}

/** What the input buffer needs from its session. */
export interface InputBufferDeps {
  readonly vad: VadEngine;
  readonly config: () => EmulatedConfig;
  readonly id: (prefix: string) => string;
  readonly events: InputBufferEvents;
  /** semantic_vad: whether the words heard up to a time end an utterance (null: cannot tell). */
  readonly utteranceComplete: (speechEndMs: number) => boolean | null;
  /** Whether a response is being produced (no idle timeout then). */
  readonly responding: () => boolean;
}

/**
 * The session's input audio buffer: counts the audio received (the audio clock of
 * audio_start_ms / audio_end_ms), runs the VAD on it, turns VAD frames into turns with the
 * configured turn detection, and keeps the uncommitted span for manual commits.
 */
export class InputBuffer {
  /** Audio received since the session began. */
  audioMs = 0;
  /** Start of the uncommitted audio. */
  bufferStartMs = 0;
  turn: OpenTurn | null = null;
  private vad: VadStream | null = null;
  private vadRateHz = 0;
  /** Audio position at which the VAD stream started (its frames count from 0). */
  private vadOffsetMs = 0;
  private detector: TurnDetector | null = null;
  /** Where the idle timeout counts from: the end of the last turn or of the last response's audio. */
  private idleSinceMs = 0;

  constructor(private readonly deps: InputBufferDeps) {}

  /** Decodes and analyses audio in `format` (the session's; PCM16 from a WebRTC track); boundaries go to the session's events. */
  async append(bytes: Buffer, format: EmulatedConfig['format'] = this.deps.config().format): Promise<void> {
    const config = this.deps.config();
    const samples = toLinear(bytes, format);
    const startMs = this.audioMs;
    this.audioMs += (samples.length / config.rateHz) * 1000;
    const td = config.turnDetection;
    if (td === null) return;
    if (this.vad === null || this.vadRateHz !== config.rateHz) {
      await this.vad?.close();
      this.vad = await this.deps.vad.createStream(config.rateHz);
      this.vadRateHz = config.rateHz;
      this.vadOffsetMs = startMs;
    }
    this.detector ??= this.createDetector(td);
    for (const frame of await this.vad.push(samples)) {
      const shifted = { ...frame, startMs: frame.startMs + this.vadOffsetMs, endMs: frame.endMs + this.vadOffsetMs };
      for (const boundary of this.detector.onFrame(shifted)) {
        if (boundary.type === 'started') {
          // audio_start_ms = onset − prefix_padding_ms, floored at 0 only: the padding may reach back
          // into audio already committed with the previous turn.
          this.turn = { id: this.deps.id('item'), audioStartMs: boundary.audioStartMs };
          this.deps.events.speechStarted(this.turn);
        } else if (this.turn) {
          this.idleSinceMs = boundary.audioEndMs;
          this.deps.events.speechStopped(this.turn, boundary.audioEndMs);
        }
      }
    }
    this.checkIdle(td);
  }

  private createDetector(td: TurnDetectionState): TurnDetector {
    if (td.type === 'server_vad') return createTurnDetector(td);
    return createTurnDetector({ ...td, silenceAfter: (speechEndMs) => (this.deps.utteranceComplete(speechEndMs) === false ? td.maxWaitMs : td.silenceDurationMs) });
  }

  private checkIdle(td: TurnDetectionState): void {
    if (td.idleTimeoutMs === null || this.detector?.inSpeech() === true || this.deps.responding()) return;
    const since = Math.max(this.idleSinceMs, this.bufferStartMs);
    if (this.audioMs - since < td.idleTimeoutMs) return;
    this.idleSinceMs = this.audioMs;
    this.deps.events.idleTimeout(since, this.audioMs);
  }

  /** The idle timeout counts again from this audio position (end of a response's playback). */
  restartIdle(fromMs: number): void {
    this.idleSinceMs = Math.max(this.idleSinceMs, fromMs);
  }

  /**
   * Marks the audio up to `endMs` as committed (a VAD turn ends at its audio_end_ms; what came
   * after stays in the buffer). A manual commit (`manual`) also restarts turn detection.
   */
  markCommitted(endMs: number, manual: boolean): void {
    this.turn = null;
    this.bufferStartMs = Math.min(endMs, this.audioMs);
    if (manual) this.detector = null;
  }

  /** input_audio_buffer.clear: drops the uncommitted audio and any open turn. */
  clear(): void {
    this.markCommitted(this.audioMs, true);
  }

  /** The turn detection changed: start detecting afresh. */
  reconfigured(): void {
    this.detector = null;
  }

  async close(): Promise<void> {
    await this.vad?.close();
    this.vad = null;
  }
}
