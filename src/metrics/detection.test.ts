import { describe, expect, it } from 'vitest';
import { detectionErrorRate, intersect, subtract, unionOf } from './detection.js';

const iv = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('interval arithmetic', () => {
  it('unites overlapping and touching intervals and drops empty ones', () => {
    expect(unionOf([iv(5, 7), iv(0, 2), iv(2, 3), iv(6, 9), iv(4, 4)])).toEqual([iv(0, 3), iv(5, 9)]);
  });
  it('intersects and subtracts unions', () => {
    expect(intersect([iv(0, 10), iv(20, 30)], [iv(5, 25)])).toEqual([iv(5, 10), iv(20, 25)]);
    expect(subtract([iv(0, 10), iv(20, 30)], [iv(5, 25)])).toEqual([iv(0, 5), iv(25, 30)]);
  });
});

describe('detectionErrorRate (pyannote.metrics DetectionErrorRate)', () => {
  const reference = [iv(1000, 3000), iv(5000, 6000)];
  const detected = [iv(1200, 3500), iv(5000, 5500)];

  it('is (false alarm + miss) / reference speech without a collar', () => {
    // FA 3000–3500; miss 1000–1200 and 5500–6000; speech 3000 ms.
    expect(detectionErrorRate(reference, detected, 8000)).toEqual({ falseAlarmMs: 500, missMs: 700, speechMs: 3000, rate: 0.4, collarMs: 0 });
  });

  it('removes a collar centred on every reference boundary from both sides', () => {
    // A 500 ms collar removes ±250 ms around 1000, 3000, 5000 and 6000.
    expect(detectionErrorRate(reference, detected, 8000, 500)).toEqual({ falseAlarmMs: 250, missMs: 250, speechMs: 2000, rate: 0.25, collarMs: 500 });
  });

  it('is 0 for a perfect detection and counts a detection with no reference speech as 1', () => {
    expect(detectionErrorRate(reference, reference, 8000).rate).toBe(0);
    expect(detectionErrorRate([], [], 8000).rate).toBe(0);
    expect(detectionErrorRate([], [iv(100, 200)], 8000)).toMatchObject({ falseAlarmMs: 100, rate: 1 });
  });

  it('counts everything as missed when nothing is detected', () => {
    expect(detectionErrorRate(reference, [], 8000)).toMatchObject({ missMs: 3000, falseAlarmMs: 0, rate: 1 });
  });

  it('scores only the audio sent', () => {
    expect(detectionErrorRate([iv(0, 1000)], [iv(500, 3000)], 2000)).toMatchObject({ falseAlarmMs: 1000, missMs: 500 });
  });
});
