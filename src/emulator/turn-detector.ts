import type { VadFrame } from './vad/vad.js';

/** Settings of server_vad as the session configured them. */
export interface TurnDetectorSettings {
  readonly threshold: number;
  readonly prefixPaddingMs: number;
  readonly silenceDurationMs: number;
  /** Speech must last this long before a turn starts (suppresses clicks). @default 60 */
  readonly minSpeechMs?: number;
  /**
   * The silence that ends the turn whose speech (so far) ended at `speechEndMs`; semantic_vad
   * makes it depend on the words. @default always `silenceDurationMs`
   */
  readonly silenceAfter?: (speechEndMs: number) => number;
}

/** A turn boundary decided by the detector, on the session's audio clock. */
export type TurnBoundary =
  | { readonly type: 'started'; readonly audioStartMs: number; readonly onsetMs: number }
  | { readonly type: 'stopped'; readonly audioEndMs: number; readonly speechEndMs: number };

/** Feeds VAD frames in order; returns the boundaries they complete. */
export interface TurnDetector {
  onFrame(frame: VadFrame): TurnBoundary[];
  /** True between a start and its stop. */
  inSpeech(): boolean;
}

/**
 * server_vad as the protocol documents it: a turn starts where speech probability reaches
 * `threshold` (reported as onset − prefix_padding_ms, floored at 0) and stops once
 * `silence_duration_ms` of non-speech has followed; `audio_end_ms` is the end of the last
 * speech frame + silence_duration_ms, i.e. the audio position at which the stop is decided.
 */
export function createTurnDetector(settings: TurnDetectorSettings): TurnDetector {
  const minSpeechMs = settings.minSpeechMs ?? 60;
  let speaking = false;
  let candidateStartMs: number | null = null;
  let lastSpeechEndMs = 0;
  // The silence that ends the turn, worked out once per end of speech (not on every silent frame).
  let silenceFor: { speechEndMs: number; silenceMs: number } | null = null;
  const silenceAfter = (speechEndMs: number): number => {
    if (silenceFor?.speechEndMs !== speechEndMs) silenceFor = { speechEndMs, silenceMs: settings.silenceAfter?.(speechEndMs) ?? settings.silenceDurationMs };
    return silenceFor.silenceMs;
  };
  return {
    inSpeech: () => speaking,
    onFrame(frame) {
      const speech = frame.probability >= settings.threshold;
      if (!speaking) {
        if (!speech) {
          candidateStartMs = null;
          return [];
        }
        candidateStartMs ??= frame.startMs;
        if (frame.endMs - candidateStartMs < minSpeechMs) return [];
        speaking = true;
        lastSpeechEndMs = frame.endMs;
        const onsetMs = candidateStartMs;
        candidateStartMs = null;
        return [{ type: 'started', onsetMs, audioStartMs: Math.max(0, onsetMs - settings.prefixPaddingMs) }];
      }
      if (speech) {
        lastSpeechEndMs = frame.endMs;
        return [];
      }
      const silenceMs = silenceAfter(lastSpeechEndMs);
      if (frame.endMs - lastSpeechEndMs < silenceMs) return [];
      speaking = false;
      return [{ type: 'stopped', speechEndMs: lastSpeechEndMs, audioEndMs: lastSpeechEndMs + silenceMs }];
    },
  };
}
