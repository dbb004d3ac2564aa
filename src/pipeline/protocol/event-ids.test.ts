import { describe, expect, it } from 'vitest';
import { isEventId, markedEventId } from './event-ids.js';

describe('event ids with and without the RTP mark of a WebRTC session', () => {
  it('recognises an id whether or not a WebRTC transport marked it', () => {
    expect(isEventId('evt_rtbench_barrier', 'evt_rtbench_barrier')).toBe(true);
    expect(isEventId(markedEventId('evt_rtbench_barrier', 41733), 'evt_rtbench_barrier')).toBe(true);
    expect(isEventId('evt_rtbench_barrier~rtp0', 'evt_rtbench_barrier')).toBe(true);
  });

  it('recognises no other id', () => {
    expect(isEventId('evt_rtbench_commit~rtp12', 'evt_rtbench_barrier')).toBe(false);
    expect(isEventId('evt_rtbench_barrier_2', 'evt_rtbench_barrier')).toBe(false);
    expect(isEventId('evt_rtbench_barrier~rtp70000', 'evt_rtbench_barrier')).toBe(false);
    expect(isEventId(null, 'evt_rtbench_barrier')).toBe(false);
    expect(isEventId(undefined, 'evt_rtbench_barrier')).toBe(false);
  });
});
