import { describe, expect, it } from 'vitest';
import { etaMs, formatDuration, isCiMilestone, renderProgressBar, renderProgressLine } from './progress.js';

describe('progress', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_726_000)).toBe('1:02:06');
  });

  it('estimates the time left from the pace so far', () => {
    expect(etaMs(0, 10, 5000)).toBeNull();
    expect(etaMs(4, 10, 8000)).toBe(12_000);
  });

  it('draws a bar with count, percentage, elapsed time, ETA and errors', () => {
    expect(renderProgressBar({ done: 3, total: 12, elapsedMs: 6000, errors: 1 }, 12)).toBe('[###.........]  3/12  25% · 0:06 elapsed · ETA 0:18 · 1 error');
    expect(renderProgressBar({ done: 0, total: 4, elapsedMs: 0, errors: 0 }, 4)).toBe('[....] 0/4   0% · 0:00 elapsed · ETA ?');
  });

  it('writes a plain line for CI logs at every tenth and at the end', () => {
    expect(renderProgressLine({ done: 9, total: 90, elapsedMs: 4000, errors: 0 })).toBe('progress 9/90 (10%), 0:04 elapsed, ETA 0:36, 0 errors');
    const milestones = Array.from({ length: 90 }, (_, i) => i + 1).filter((d) => isCiMilestone(d, 90));
    expect(milestones).toEqual([9, 18, 27, 36, 45, 54, 63, 72, 81, 90]);
    expect(Array.from({ length: 3 }, (_, i) => i + 1).filter((d) => isCiMilestone(d, 3))).toEqual([1, 2, 3]);
  });
});
