import { describe, expect, it } from 'vitest';
import { audioBytesSent } from './session-audio.js';
import { item, recordFor } from '../../test/helpers/items.js';
import type { TimedEvent } from '../pipeline/record.js';

const append = (audioMs: number): TimedEvent => ({ tMs: audioMs, audioMs, dir: 'out', event: { type: 'input_audio_buffer.append', audio: { bytes: 0, sha256: '' } } });

describe('audioBytesSent', () => {
  it('counts from the audio clock, whatever the cassette keeps of the payloads, and counts audio sent again after a rollover', () => {
    const events = [append(40), append(80), append(120), { tMs: 130, audioMs: 120, dir: 'ws', event: { type: 'rollover', audio_offset_ms: 60 } } as TimedEvent, append(100), append(140)];
    const record = { ...recordFor(item('x')), events };
    // 120 ms, then 80 ms more from 60 ms: 200 ms of 24 kHz PCM16.
    expect(audioBytesSent(record)).toBe(200 * 48);
  });
});
