import { describe, expect, it } from 'vitest';
import { AUDIO_WAIT_MS, EventGate } from './event-gate.js';

function gate() {
  let taken = -1;
  const handled: string[] = [];
  const logs: string[] = [];
  const waits: { ms: number; fire: () => void }[] = [];
  const g = new EventGate({
    hasTaken: (seq) => seq <= taken,
    handle: (event) => handled.push(String(event.type)),
    wait: (ms) => new Promise<void>((resolve) => waits.push({ ms, fire: resolve })),
    log: (entry) => logs.push(entry.event),
  });
  return { g, handled, logs, waits, take: (seq: number) => ((taken = seq), g.audioTaken()) };
}

describe('EventGate', () => {
  it('event-gate-holds-an-event-until-the-audio-before-it-is-taken-in, and the events behind it', () => {
    const { g, handled, take } = gate();
    take(3);
    g.push({ type: 'session.update' }, null);
    g.push({ type: 'input_audio_buffer.commit' }, 10);
    g.push({ type: 'response.create' }, null);
    expect(handled).toEqual(['session.update']);
    take(9);
    expect(handled).toEqual(['session.update']);
    take(10);
    expect(handled).toEqual(['session.update', 'input_audio_buffer.commit', 'response.create']);
  });

  it('event-gate-gives-up-on-audio-that-never-comes after a bounded wait, with a log line', async () => {
    const { g, handled, logs, waits } = gate();
    g.push({ type: 'input_audio_buffer.commit' }, 5);
    expect(handled).toEqual([]);
    expect(waits.map((w) => w.ms)).toEqual([AUDIO_WAIT_MS]);
    waits[0]?.fire();
    await Promise.resolve();
    await Promise.resolve();
    expect(handled).toEqual(['input_audio_buffer.commit']);
    expect(logs).toEqual(['rtp.wait_expired']);
  });
});
