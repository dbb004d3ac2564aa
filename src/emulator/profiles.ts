/**
 * Latency profiles of the emulated models: median and 95th percentile per stage, sampled from a
 * log-normal distribution fitted to those two numbers. A JSON file with the same shape can
 * replace them (`rtbench serve --profile FILE`).
 */

/** One stage's latency distribution. */
export interface StageLatency {
  readonly medianMs: number;
  readonly p95Ms: number;
}

/** How an emulated model behaves in time (all delays from input_audio_buffer.committed). */
export interface ModelProfile {
  /** First input-transcription delta. */
  readonly transcriptFirstDelta: StageLatency;
  /** Gap between transcription deltas. */
  readonly transcriptDeltaGap: StageLatency;
  /** First response audio delta. */
  readonly responseFirstAudio: StageLatency;
}

/** Profiles by model name; `default` serves every model not listed. */
export type LatencyProfiles = Readonly<Record<string, ModelProfile>>;

/**
 * Defaults. Transcription: pipecat's stt-benchmark measured OpenAI gpt-4o-transcribe over the
 * Realtime API at a time-to-final-segment of 637 ms median / 965 ms P95 from the end of
 * speech (ANCHORS.md §2.3); the first delta here comes a little before that. First response
 * audio: 300–800 ms after the end of the turn, the range voice-agent builders report.
 */
export const DEFAULT_PROFILES: LatencyProfiles = {
  default: {
    transcriptFirstDelta: { medianMs: 450, p95Ms: 800 },
    transcriptDeltaGap: { medianMs: 12, p95Ms: 30 },
    responseFirstAudio: { medianMs: 500, p95Ms: 800 },
  },
  'gpt-4o-mini-transcribe': {
    transcriptFirstDelta: { medianMs: 380, p95Ms: 700 },
    transcriptDeltaGap: { medianMs: 10, p95Ms: 25 },
    responseFirstAudio: { medianMs: 500, p95Ms: 800 },
  },
  'gpt-realtime-mini': {
    transcriptFirstDelta: { medianMs: 450, p95Ms: 800 },
    transcriptDeltaGap: { medianMs: 12, p95Ms: 30 },
    responseFirstAudio: { medianMs: 380, p95Ms: 650 },
  },
};

/** The profile for a model (a dated snapshot uses its base name's). */
export function profileFor(profiles: LatencyProfiles, model: string): ModelProfile {
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  const found = profiles[model] ?? profiles[base] ?? profiles.default ?? DEFAULT_PROFILES.default;
  if (!found) throw new Error('no default latency profile');
  return found;
}

/** Draws one latency (ms) from the stage's log-normal distribution. */
export function sampleLatency(stage: StageLatency, rng: () => number): number {
  const sigma = Math.max(0, Math.log(stage.p95Ms / stage.medianMs) / 1.6448536);
  const u1 = Math.max(rng(), 1e-12);
  const u2 = rng();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return stage.medianMs * Math.exp(sigma * z);
}
