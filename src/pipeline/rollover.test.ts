import { describe, expect, it } from 'vitest';
import { keepFromMs, MAX_RESEND_MS, resendFromMs } from './rollover.js';
import { SentAudio } from './sent-audio.js';
import type { Link } from './session-link.js';
import type { SessionState } from './session-watch.js';

interface Turn {
  readonly id: string;
  readonly startMs: number;
  readonly endMs?: number;
  readonly transcribed?: boolean;
}

/** A link whose server reported these turns (positions on the socket's own audio). */
function linkWith(offsetMs: number, turns: readonly Turn[]): Link {
  const state = {
    started: new Set(turns.map((t) => t.id)),
    committed: new Set(turns.filter((t) => t.endMs !== undefined).map((t) => t.id)),
    transcribed: new Set(turns.filter((t) => t.transcribed === true).map((t) => t.id)),
    audioStarts: new Map(turns.map((t) => [t.id, t.startMs])),
    audioEnds: new Map(turns.flatMap((t) => (t.endMs === undefined ? [] : [[t.id, t.endMs] as const]))),
  } as unknown as SessionState;
  return { offsetMs, transport: null as never, watch: { state, until: () => Promise.resolve('ok'), stop: () => undefined } };
}

describe('where a rolled-over session sends its audio again from', () => {
  it('from the earliest turn without a transcript, less the margin when the silence before it allows', () => {
    const link = linkWith(0, [{ id: 'a', startMs: 200, endMs: 2000, transcribed: true }, { id: 'b', startMs: 3000, endMs: 4000 }, { id: 'c', startMs: 4500 }]);
    expect(resendFromMs(link, 5000, 300)).toBe(2700);
    expect(resendFromMs(link, 5000, 1200)).toBe(3000);
  });

  it('on the item clock: a socket that started later reports positions from its own start', () => {
    expect(resendFromMs(linkWith(6000, [{ id: 'a', startMs: 800 }]), 9000, 300)).toBe(6500);
  });

  it('with every turn done, from the end of the last one: the server may have heard more than it reported', () => {
    expect(resendFromMs(linkWith(0, [{ id: 'a', startMs: 200, endMs: 2000, transcribed: true }]), 5000, 300)).toBe(2000);
    expect(resendFromMs(linkWith(1000, []), 1500, 300)).toBe(1000);
    expect(resendFromMs(linkWith(0, []), MAX_RESEND_MS + 9000, 300)).toBe(9000);
  });

  it('refuses when the unfinished turn began where this socket did: the next would expire the same way', () => {
    expect(resendFromMs(linkWith(2000, [{ id: 'a', startMs: 0 }]), 5000, 300)).toBeNull();
    expect(resendFromMs(linkWith(0, [{ id: 'a', startMs: 0 }]), 5000, 300)).toBeNull();
  });

  it('keeps only the audio a rollover may send again, and never more than the longest resend', () => {
    expect(keepFromMs(linkWith(0, [{ id: 'a', startMs: 200, endMs: 2000, transcribed: true }, { id: 'b', startMs: 3000 }]), 9000, 300)).toBe(1700);
    expect(keepFromMs(linkWith(0, [{ id: 'a', startMs: 200, endMs: 2000, transcribed: true }]), 9000, 300)).toBe(1700);
    expect(keepFromMs(linkWith(0, []), 9000, 300)).toBe(-300);
    expect(keepFromMs(linkWith(0, []), MAX_RESEND_MS + 9000, 300)).toBe(9000);
  });
});

describe('SentAudio', () => {
  it('gives back the chunks from the one holding a point, and forgets what ends before a point', () => {
    const sent = new SentAudio();
    for (let i = 0; i < 5; i++) sent.push(i * 40, (i + 1) * 40, Buffer.from([i]));
    expect(sent.endMs).toBe(200);
    expect(sent.from(90)).toEqual({ startMs: 80, chunks: [Buffer.from([2]), Buffer.from([3]), Buffer.from([4])] });
    sent.forgetBefore(120);
    expect(sent.from(0)).toEqual({ startMs: 120, chunks: [Buffer.from([3]), Buffer.from([4])] });
    expect(sent.from(500)).toEqual({ startMs: 200, chunks: [] });
  });
});
