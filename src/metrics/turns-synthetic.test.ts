/**
 * Turn scoring on the bundled synthetic files, whose speech segments are exact (constructed),
 * for several silence_duration_ms values: scripted servers that detect the expected turns
 * perfectly, late, split or merged, or fire on silence, scored end to end by scoreSession.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecord, vadTurn } from '../../test/helpers/session-record.js';
import { scoreSession } from './score-session.js';

interface ManifestItem {
  id: string;
  speech_segments: [number, number][] | null;
  segments_method?: string;
  duration_s: number;
}

const manifest = readFileSync(join(import.meta.dirname, '../../corpus/manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ManifestItem);
const synthetic = manifest.filter((i) => i.segments_method === 'constructed' && (i.speech_segments?.length ?? 0) > 0);
const SILENCES = [200, 300, 500, 700, 1000, 1500];
const PADDING = 300;

type Span = [number, number];

/** Segments (ms) merged across gaps shorter than the silence: computed here independently. */
function mergeSegments(segmentsMs: readonly Span[], silenceMs: number): Span[] {
  const out: Span[] = [];
  for (const [s, e] of segmentsMs) {
    const last = out.at(-1);
    if (last && s - last[1] < silenceMs - 1e-6) last[1] = e;
    else out.push([s, e]);
  }
  return out;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function score(item: ManifestItem, silenceMs: number, turns: readonly (readonly [number, number | null])[]) {
  const events = turns.flatMap(([onset, end], k) => vadTurn(`item_${k}`, onset - PADDING, end === null ? null : end + silenceMs));
  return scoreSession(buildRecord({
    itemId: item.id, segmentsS: item.speech_segments, audioMs: Math.ceil((item.duration_s * 1000 + silenceMs + 1000) / 40) * 40,
    config: { silence_duration_ms: silenceMs, prefix_padding_ms: PADDING }, events,
  }));
}

describe.each(synthetic.map((i) => [i.id, i] as const))('%s', (_id, item) => {
  const segmentsMs = (item.speech_segments ?? []).map(([s, e]): Span => [s * 1000, e * 1000]);

  it.each(SILENCES)('silence_duration_ms %i: a perfect server scores no error', (silence) => {
    const expected = mergeSegments(segmentsMs, silence);
    const gaps = segmentsMs.slice(1).map(([s], k) => s - (segmentsMs[k]?.[1] ?? 0));
    expect(expected.length).toBe(1 + gaps.filter((g) => g >= silence - 1e-6).length);
    const result = score(item, silence, expected);
    expect(result).toMatchObject({ turnsExpected: expected.length, turnsDetected: expected.length, turnsSplit: 0, turnsMerged: 0, turnsMissed: 0, falseStarts: 0 });
    expect(result.onsetErrorMs).toBeCloseTo(0, 6);
    expect(result.offsetErrorMs).toBeCloseTo(0, 6);
    expect(result.detectionErrorRate).toBeCloseTo(0, 9);
    expect(result.turns.map((t) => t.expectedTurn)).toEqual(expected.map((_, k) => k));
  });

  it.each(SILENCES)('silence_duration_ms %i: a late server has the onset and offset errors it was given', (silence) => {
    const expected = mergeSegments(segmentsMs, silence);
    const result = score(item, silence, expected.map(([s, e]) => [s + 60, e + 90]));
    expect(result.onsetErrorMs).toBeCloseTo(60, 6);
    expect(result.offsetErrorMs).toBeCloseTo(90, 6);
    expect(result.falseAlarmMs).toBeCloseTo(90 * expected.length, 6);
    expect(result.missMs).toBeCloseTo(60 * expected.length, 6);
    expect(result.detectionErrorRate).toBeCloseTo((150 * expected.length) / sum(expected.map(([s, e]) => e - s)), 9);
  });

  it.each(SILENCES)('silence_duration_ms %i: a server that cuts at every pause splits the merged turns', (silence) => {
    const expected = mergeSegments(segmentsMs, silence);
    const result = score(item, silence, segmentsMs);
    const pieces = expected.map(([s, e]) => segmentsMs.filter(([a, b]) => a >= s && b <= e).length);
    expect(result.turnsSplit).toBe(pieces.filter((p) => p >= 2).length);
    expect(result).toMatchObject({ turnsMerged: 0, turnsMissed: 0, falseStarts: 0 });
    expect(result.onsetErrorMs).toBeCloseTo(0, 6);
    expect(result.offsetErrorMs).toBeCloseTo(0, 6);
    expect(result.falseAlarmMs).toBeCloseTo(0, 6);
    const inside = sum(expected.map(([s, e]) => e - s)) - sum(segmentsMs.map(([s, e]) => e - s));
    expect(result.missMs).toBeCloseTo(inside, 6);
  });

  it.each(SILENCES)('silence_duration_ms %i: a server that hears one long turn merges the rest', (silence) => {
    const expected = mergeSegments(segmentsMs, silence);
    const first = segmentsMs[0]?.[0] ?? 0;
    const last = segmentsMs.at(-1)?.[1] ?? 0;
    const result = score(item, silence, [[first, last]]);
    expect(result).toMatchObject({ turnsDetected: 1, turnsMerged: expected.length >= 2 ? 1 : 0, turnsMissed: 0 });
    expect(result.missMs).toBeCloseTo(0, 6);
    expect(result.falseAlarmMs).toBeCloseTo(last - first - sum(expected.map(([s, e]) => e - s)), 6);
  });

  it.each(SILENCES)('silence_duration_ms %i: a turn started over silence is a false start', (silence) => {
    const expected = mergeSegments(segmentsMs, silence);
    const lastEnd = segmentsMs.at(-1)?.[1] ?? 0;
    const result = score(item, silence, [...expected, [lastEnd + silence + 400, lastEnd + silence + 600]]);
    expect(result.falseStarts).toBe(1);
    expect(result.turns.at(-1)).toMatchObject({ falseStart: true, expectedTurn: null });
    expect(result.nonSpeechMs).toBeCloseTo(result.audioMs - sum(segmentsMs.map(([s, e]) => e - s)), 6);
  });
});

describe('the no-speech synthetic file', () => {
  const item = manifest.find((i) => i.id === 'syn_no_speech_silence_then_noise_16k');

  it('expects no turn and counts any detection as a false start with a detection error rate of 1', () => {
    if (!item) throw new Error('no-speech item missing from the corpus');
    expect(score(item, 500, [])).toMatchObject({ turnsExpected: 0, turnsDetected: 0, falseStarts: 0, detectionErrorRate: 0 });
    expect(score(item, 500, [[3000, 3400]])).toMatchObject({ turnsExpected: 0, falseStarts: 1, detectionErrorRate: 1, falseAlarmMs: 400 });
  });
});
