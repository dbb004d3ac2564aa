import { describe, expect, it } from 'vitest';
import { createRng, percentile } from '../metrics/stats.js';
import { DEFAULT_PROFILES, profileFor, sampleLatency, withUserProfiles } from './profiles.js';

describe('latency and error profiles', () => {
  it('ships defaults derived from published figures', () => {
    const p = profileFor(DEFAULT_PROFILES, 'gpt-4o-transcribe-2025-03-20');
    // pipecat stt-benchmark TTFS 637 / 965 ms minus its 200 ms VAD stop.
    expect(p.transcriptCompleted).toEqual({ medianMs: 437, p95Ms: 765 });
    expect(p.wordErrors.substitution + p.wordErrors.deletion + p.wordErrors.insertion).toBeCloseTo(0.0306, 4);
    expect(profileFor(DEFAULT_PROFILES, 'whisper-1')).toMatchObject({ transcriptDeltas: 'whole', transcriptUsage: 'duration' });
    expect(profileFor(DEFAULT_PROFILES, 'some-future-model')).toBe(DEFAULT_PROFILES.default);
  });

  it('samples a log-normal with the configured median and p95', () => {
    const rng = createRng(5);
    const draws = Array.from({ length: 20_000 }, () => sampleLatency({ medianMs: 437, p95Ms: 765 }, rng));
    expect(percentile(draws, 50)).toBeGreaterThan(437 * 0.97);
    expect(percentile(draws, 50)).toBeLessThan(437 * 1.03);
    expect(percentile(draws, 95)).toBeGreaterThan(765 * 0.96);
    expect(percentile(draws, 95)).toBeLessThan(765 * 1.04);
  });

  it("lays a user's file over the built-in profiles: its default for every model, then its named entries", () => {
    const p = withUserProfiles({
      schema_version: 1,
      models: { default: { response_first_audio_ms: { median: 100, p95: 200 } }, 'gpt-4o-mini-transcribe': { transcript_completed_ms: { median: 50, p95: 90 } }, 'my-model': { word_errors: { substitution: 0.1, deletion: 0, insertion: 0 } } },
    });
    expect(profileFor(p, 'gpt-realtime').responseFirstAudio).toEqual({ medianMs: 100, p95Ms: 200 });
    expect(profileFor(p, 'gpt-4o-mini-transcribe').transcriptCompleted).toEqual({ medianMs: 50, p95Ms: 90 });
    expect(profileFor(p, 'gpt-4o-mini-transcribe').wordErrors).toEqual(profileFor(DEFAULT_PROFILES, 'gpt-4o-mini-transcribe').wordErrors);
    expect(profileFor(p, 'whisper-1').transcriptDeltas).toBe('whole');
    expect(profileFor(p, 'my-model').wordErrors.substitution).toBe(0.1);
  });

  it('names the field that is wrong', () => {
    expect(() => withUserProfiles({ models: {} })).toThrow(/schema_version must be 1/);
    expect(() => withUserProfiles({ schema_version: 1, models: { x: { transcript_completed_ms: { median: 500, p95: 100 } } } })).toThrow(/models.x.transcript_completed_ms: median must be > 0 and p95 >= median/);
    expect(() => withUserProfiles({ schema_version: 1, models: { x: { word_errors: { substitution: 0.7, deletion: 0.5, insertion: 0 } } } })).toThrow(/substitution \+ deletion must stay below 1/);
    expect(() => withUserProfiles({ schema_version: 1, models: { x: { latency: 3 } } })).toThrow(/models.x: unknown field\(s\) latency/);
    expect(() => withUserProfiles({ schema_version: 1, models: { x: { transcript_deltas: 'letters' } } })).toThrow(/one of words, whole/);
  });
});
