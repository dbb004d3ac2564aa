import { describe, expect, it } from 'vitest';
import { pacingStats, sendErrors, streamDrift } from './pacing-stats.js';

const every40 = (n: number): number[] => Array.from({ length: n }, (_, k) => k * 40);

describe('pacing statistics', () => {
  it('measures each send against the schedule set by the first one', () => {
    expect(sendErrors({ sentMs: [1000, 1041, 1079.5], dueOffsetMs: [0, 40, 80] })).toEqual([0, 1, -0.5]);
    expect(sendErrors({ sentMs: [], dueOffsetMs: [] })).toEqual([]);
  });

  it('sees no drift in an absolute schedule with jitter, and the accumulated lateness of sleeping after each send', () => {
    const jittered = every40(100).map((t, k) => t + (k % 3) * 0.5);
    expect(streamDrift(sendErrors({ sentMs: jittered, dueOffsetMs: every40(100) }))).toBe(0);
    const sleepAfterSend = every40(100).map((t, k) => t + k * 1.2);
    expect(streamDrift(sendErrors({ sentMs: sleepAfterSend, dueOffsetMs: every40(100) }))).toBeCloseTo(1.2 * 90, 6);
  });

  it('pools |error| over streams, and reports the worst drift and the longest span', () => {
    const stats = pacingStats([
      { sentMs: [0, 41, 80, 119], dueOffsetMs: every40(4) },
      { sentMs: [5, 45, 85, 125, 170], dueOffsetMs: every40(5) },
    ]);
    expect(stats.streams).toBe(2);
    expect(stats.chunks).toBe(9);
    expect(stats.maxMs).toBe(5);
    expect(stats.p50Ms).toBe(0);
    expect(stats.driftMs).toBe(5);
    expect(stats.spanMs).toBe(160);
  });
});
