import { describe, expect, it } from 'vitest';
import { realClock } from '../../src/clock.js';
import { paceChunks } from '../../src/pipeline/pace.js';

describe('paceChunks on the real clock', () => {
  it('takes 10 s ± 50 ms for 10 s of audio, with no cumulative drift', async () => {
    const chunks = Array.from({ length: 250 }, () => Buffer.alloc(1920)); // 250 × 40 ms at 24 kHz
    const lateness: number[] = [];
    const start = realClock.now();
    let last = start;
    for await (const c of paceChunks(chunks, { clock: realClock, bytesPerMs: 48, speed: 1, startMs: start })) {
      last = realClock.now();
      lateness.push(last - c.dueMs);
    }
    const elapsed = last - start + 40; // the last chunk is sent at 9.96 s and holds 40 ms
    expect(Math.abs(elapsed - 10_000)).toBeLessThanOrEqual(50);
    // no drift: the last sends are no later than the first ones were
    const firstTenth = lateness.slice(0, 25).reduce((a, b) => a + b, 0) / 25;
    const lastTenth = lateness.slice(-25).reduce((a, b) => a + b, 0) / 25;
    expect(lastTenth - firstTenth).toBeLessThan(10);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-1);
  }, 20_000);
});
