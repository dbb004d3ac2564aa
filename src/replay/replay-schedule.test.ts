import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../pipeline/record.js';
import { barrierAnswers } from './replay-schedule.js';

const frame = (tMs: number, dir: TimedEvent['dir'], event: Record<string, unknown>): TimedEvent => ({ tMs, audioMs: 0, dir, event });

describe('the answers to the end-of-audio barrier in a recording', () => {
  it('are the first session.updated after each barrier, its id marked by a WebRTC transport or not', () => {
    const setup = frame(5, 'in', { type: 'session.updated', session: {} });
    const plain = frame(20, 'in', { type: 'session.updated', session: {} });
    const marked = frame(40, 'in', { type: 'session.updated', session: {} });
    const events = [
      frame(0, 'out', { type: 'session.update', event_id: 'evt_rtbench_session_update' }),
      setup,
      frame(10, 'out', { type: 'session.update', event_id: 'evt_rtbench_barrier' }),
      plain,
      frame(30, 'out', { type: 'session.update', event_id: 'evt_rtbench_barrier~rtp513' }),
      marked,
      frame(50, 'in', { type: 'session.updated', session: {} }),
    ];
    expect([...barrierAnswers(events)]).toEqual([plain, marked]);
  });
});
