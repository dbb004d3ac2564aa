import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock.js';
import { createSessionLimiter } from './rate-limiter.js';

const signal = new AbortController().signal;

async function startTimes(limiter: ReturnType<typeof createSessionLimiter>, now: () => number, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      await limiter.acquire(signal);
      times.push(now());
    }),
  );
  return times;
}

describe('createSessionLimiter', () => {
  it('spaces starts by the session rate', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: 4 });
    expect(await startTimes(limiter, () => clock.now(), 5)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('grants at once without a rate', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: null });
    expect(await startTimes(limiter, () => clock.now(), 3)).toEqual([0, 0, 0]);
  });

  it('pauses until the reset when requests remaining run low', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: null, lowRemaining: 2 });
    limiter.observe({ type: 'rate_limits.updated', rate_limits: [{ name: 'requests', limit: 100, remaining: 50, reset_seconds: 9 }] });
    expect(await startTimes(limiter, () => clock.now(), 1)).toEqual([0]);
    limiter.observe({ type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 100, remaining: 0, reset_seconds: 9 }, { name: 'requests', limit: 100, remaining: 2, reset_seconds: 1.5 }] });
    expect(await startTimes(limiter, () => clock.now(), 2)).toEqual([1500, 1500]);
  });

  it('backs off exponentially on rate-limit errors and resets after a clean start', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: null, backoffBaseMs: 100, backoffMaxMs: 350, random: () => 0 });
    expect(limiter.backoff()).toBe(100);
    limiter.observe({ type: 'error', error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'slow down' } });
    await limiter.acquire(signal);
    expect(clock.now()).toBe(200);
    expect(limiter.backoff()).toBe(350);
    limiter.succeeded();
    expect(limiter.backoff()).toBe(100);
    expect(limiter.pausedMs()).toBeGreaterThanOrEqual(550);
  });

  it('lengthens each back-off by up to half at random, within the cap, and says how long is left', () => {
    const clock = createVirtualClock();
    const draws = [0.999, 0.5, 0.999];
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: null, backoffBaseMs: 100, backoffMaxMs: 350, random: () => draws.shift() ?? 0 });
    expect(limiter.backoff()).toBeCloseTo(149.95, 2);
    expect(limiter.pauseLeftMs()).toBeCloseTo(149.95, 2);
    expect(limiter.backoff()).toBe(250);
    expect(limiter.backoff()).toBe(350);
    clock.advance(400);
    expect(limiter.pauseLeftMs()).toBe(0);
  });

  it('rejects a waiting start when the run is interrupted', async () => {
    const clock = createVirtualClock();
    const limiter = createSessionLimiter({ clock, sessionsPerSecond: 1 });
    await limiter.acquire(signal);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    clock.advance(1000);
    await expect(limiter.acquire(signal)).resolves.toBeUndefined();
  });
});
