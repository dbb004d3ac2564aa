import { describe, expect, it } from 'vitest';
import { createVirtualClock, type Clock } from '../clock.js';
import { paceChunks } from './pace.js';

const chunk = (bytes: number): Buffer => Buffer.alloc(bytes);

describe('paceChunks on a virtual clock', () => {
  it('releases chunk n at t0 + n·chunk_ms', async () => {
    const clock = createVirtualClock({ startMs: 1000, autoAdvance: true });
    const due: number[] = [];
    const sent: number[] = [];
    // 40 ms chunks at 48 bytes/ms (24 kHz PCM16)
    for await (const c of paceChunks([chunk(1920), chunk(1920), chunk(1920), chunk(1920)], { clock, bytesPerMs: 48, speed: 1 })) {
      due.push(c.dueMs);
      sent.push(clock.now());
    }
    expect(due).toEqual([1000, 1040, 1080, 1120]);
    expect(sent).toEqual(due);
  });

  it('does not accumulate lateness: a slow consumer is caught up, not shifted', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const sent: number[] = [];
    for await (const c of paceChunks(Array.from({ length: 5 }, () => chunk(1920)), { clock, bytesPerMs: 48, speed: 1 })) {
      sent.push(clock.now());
      if (c.audioStartMs === 40) clock.advance(70); // the consumer blocks for 70 ms after chunk 1
    }
    expect(sent).toEqual([0, 40, 110, 120, 160]);
  });

  it('scales the schedule by the speed factor', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const due: number[] = [];
    for await (const c of paceChunks([chunk(1920), chunk(1920), chunk(1920)], { clock, bytesPerMs: 48, speed: 2 })) due.push(c.dueMs);
    expect(due).toEqual([0, 20, 40]);
  });

  it('uses the audio before each chunk, so a short last chunk does not shift anything', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const starts: number[] = [];
    for await (const c of paceChunks([chunk(1920), chunk(960), chunk(1920)], { clock, bytesPerMs: 48, speed: 1 })) starts.push(c.audioStartMs);
    expect(starts).toEqual([0, 40, 60]);
  });

  it('does not wait at all with speed max', async () => {
    const clock = createVirtualClock();
    const out: number[] = [];
    for await (const c of paceChunks([chunk(1920), chunk(1920), chunk(1920)], { clock, bytesPerMs: 48, speed: 'max' })) out.push(c.dueMs);
    expect(out).toEqual([0, 0, 0]);
    expect(clock.pending()).toBe(0);
  });

  it('stops when aborted', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const c of paceChunks(Array.from({ length: 10 }, () => chunk(1920)), { clock, bytesPerMs: 48, speed: 1, signal: controller.signal })) {
        seen.push(c.audioStartMs);
        if (seen.length === 2) controller.abort(new Error('stop'));
      }
    };
    await expect(run()).rejects.toThrow('stop');
    expect(seen).toEqual([0, 40]);
  });

  it('on a clock with 1 ms timers, sleeps whole milliseconds and sends a chunk its timer woke for early instead of sleeping again', async () => {
    let nowMs = 0.3;
    const sleeps: number[] = [];
    // Timers that fire 0.6 ms early, as Node's whole-millisecond timers do on a fractional clock.
    const clock: Clock = {
      now: () => nowMs,
      wallIso: () => new Date(0).toISOString(),
      resolutionMs: 1,
      sleep: (ms) => {
        sleeps.push(ms);
        nowMs += ms - 0.6;
        return Promise.resolve();
      },
    };
    const sent: number[] = [];
    for await (const c of paceChunks([chunk(1920), chunk(1920), chunk(1920)], { clock, bytesPerMs: 48, speed: 1 })) sent.push(nowMs - c.dueMs);
    expect(sleeps).toEqual([40, 41]);
    expect(sent.map((e) => Number(e.toFixed(3)))).toEqual([0, -0.6, -0.2]);
  });

  it('stops at once when aborted during a sleep, without waiting for the timer', async () => {
    const clock = createVirtualClock();
    const controller = new AbortController();
    const paced = paceChunks([chunk(1920), chunk(1920)], { clock, bytesPerMs: 48, speed: 1, signal: controller.signal });
    expect((await paced.next()).done).toBe(false);
    const second = paced.next();
    controller.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
  });
});
