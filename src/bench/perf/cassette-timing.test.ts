import { describe, expect, it } from 'vitest';
import type { SessionRecord, TimedEvent } from '../../pipeline/record.js';
import { sentAudioMs, streamSendsOf, vadLagsOf } from './cassette-timing.js';

function record(events: TimedEvent[], speed: number | 'max' = 1): SessionRecord {
  return { schemaVersion: 1, meta: { speed } as SessionRecord['meta'], events, outcome: { state: 'completed', error: null, stage: null, attempts: 1 } };
}

const append = (tMs: number, audioMs: number): TimedEvent => ({ tMs, audioMs, dir: 'out', event: { type: 'input_audio_buffer.append', audio: { bytes: 1920, sha256: '' } } });

describe('timing read back from a cassette', () => {
  const events: TimedEvent[] = [
    { tMs: 5, audioMs: 0, dir: 'out', event: { type: 'session.update' } },
    append(10, 40), append(50.5, 80), append(90, 120), append(130, 160),
    { tMs: 171, audioMs: 160, dir: 'in', event: { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 100 } },
  ];

  it('takes each append as a send, due at the audio sent before it', () => {
    expect(streamSendsOf(record(events))).toEqual({ sentMs: [10, 50.5, 90, 130], dueOffsetMs: [0, 40, 80, 120] });
    expect(streamSendsOf(record(events, 2)).dueOffsetMs).toEqual([0, 20, 40, 60]);
    expect(sentAudioMs(record(events))).toBe(160);
  });

  it('times speech_stopped from the append that carried its audio_end_ms', () => {
    expect(vadLagsOf(record(events))).toEqual([171 - 90]);
  });
});
