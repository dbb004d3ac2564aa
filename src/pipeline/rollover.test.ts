import { describe, expect, it } from 'vitest';
import { MAX_RESEND_MS, resendFromMs } from './rollover.js';
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

  it('never sends back more than the longest resend, even for a turn that began earlier', () => {
    expect(resendFromMs(linkWith(0, [{ id: 'a', startMs: 500 }]), MAX_RESEND_MS + 9000, 300)).toBe(9000);
  });

  it('refuses when the unfinished turn began where this socket did: the next would expire the same way', () => {
    expect(resendFromMs(linkWith(2000, [{ id: 'a', startMs: 0 }]), 5000, 300)).toBeNull();
    expect(resendFromMs(linkWith(0, [{ id: 'a', startMs: 0 }]), 5000, 300)).toBeNull();
  });
});
