/** One analysed frame of input audio, on the session's audio clock. */
export interface VadFrame {
  readonly startMs: number;
  readonly endMs: number;
  /** Speech probability 0–1, compared with turn_detection.threshold. */
  readonly probability: number;
}

/** A running VAD over one session's audio. */
export interface VadStream {
  /** Feeds PCM16 samples at the stream's rate; returns the frames completed so far. */
  push(samples: Int16Array): Promise<VadFrame[]>;
  /** Releases resources. */
  close(): Promise<void>;
}

/** A VAD model that can open streams. */
export interface VadEngine {
  readonly name: string;
  /** Sample rates this engine reads directly; others are resampled first. */
  createStream(rateHz: number): Promise<VadStream>;
}
