import { describe, expect, it } from 'vitest';
import { configRecord, item, turn } from '../../../test/helpers/items.js';
import { CASSETTE_SCHEMA_VERSION, type SessionRecord, type TimedEvent } from '../../pipeline/record.js';
import { envelopeOf, MAX_ENVELOPE_POINTS, sessionViewOf } from './session-view.js';

function record(events: TimedEvent[]): SessionRecord {
  return {
    schemaVersion: CASSETTE_SCHEMA_VERSION,
    meta: {
      kind: 'rtbench.cassette', schema_version: 1, run_id: 'r', harness_version: '0', protocol: 'ga', target: 'local', model: 'm', config: configRecord(),
      item: { id: 'a', audio: 'a.wav', audio_sha256: '', rate_hz: 24000, text: 'hi', language: 'en', speech_segments: [[0.5, 1.25]], segments_text: null },
      repeat: 1, chunk_ms: 40, speed: 1, started_at: '', api_key_provided: false, session_plan: null,
    },
    events,
    outcome: { state: 'completed', error: null, stage: null, attempts: 1 },
  };
}

/** An append of 40 ms of 24 kHz PCM16 (1920 bytes) at the given position, with its recorded peak. */
const append = (audioMs: number, peak: number): TimedEvent => ({ tMs: audioMs, audioMs, dir: 'out', event: { type: 'input_audio_buffer.append', audio: { bytes: 1920, sha256: 'x', peak, rms: peak / 2 } } });

describe('envelopeOf', () => {
  it('draws the recorded peak of every chunk on the audio clock', () => {
    expect(envelopeOf(record([append(0, 0.1), append(40, 0.5), append(80, 0)]))).toEqual({ stepMs: 40, peak: [0.1, 0.5, 0] });
  });

  it('reduces long audio to at most MAX_ENVELOPE_POINTS, keeping the peaks', () => {
    const events = Array.from({ length: 3000 }, (_, i) => append(i * 40, i === 1234 ? 0.9 : 0.1));
    const envelope = envelopeOf(record(events));
    expect(envelope?.peak.length).toBeLessThanOrEqual(MAX_ENVELOPE_POINTS);
    expect(Math.max(...(envelope?.peak ?? []))).toBe(0.9);
  });

  it('measures kept audio, and gives up on cassettes without levels', () => {
    const loud = Buffer.alloc(1920);
    loud.writeInt16LE(16384, 0);
    expect(envelopeOf(record([{ tMs: 0, audioMs: 0, dir: 'out', event: { type: 'input_audio_buffer.append', audio: loud.toString('base64') } }]))?.peak).toEqual([0.5]);
    expect(envelopeOf(record([{ tMs: 0, audioMs: 0, dir: 'out', event: { type: 'input_audio_buffer.append', audio: { bytes: 1920, sha256: 'x' } } }]))).toBeNull();
  });
});

describe('sessionViewOf', () => {
  it('puts truth, heard turns and received events on the audio clock', () => {
    const events: TimedEvent[] = [
      append(0, 0.2),
      { tMs: 900, audioMs: 880, dir: 'in', event: { type: 'input_audio_buffer.speech_started', audio_start_ms: 200, item_id: 'i1' } },
      { tMs: 1700, audioMs: 1680, dir: 'in', event: { type: 'conversation.item.input_audio_transcription.delta', item_id: 'i1', delta: 'hi' } },
      { tMs: 1800, audioMs: 1700, dir: 'in', event: { type: 'conversation.item.input_audio_transcription.completed', item_id: 'i1', transcript: 'hi' } },
      { tMs: 1900, audioMs: 1720, dir: 'in', event: { type: 'response.output_audio.delta', response_id: 'r1', delta: { bytes: 10 } } },
      { tMs: 1950, audioMs: 1760, dir: 'in', event: { type: 'response.output_audio.delta', response_id: 'r1', delta: { bytes: 10 } } },
    ];
    const view = sessionViewOf(record(events), item('a', { turns: [turn(0)] }), 'a|pcm16|24000');
    expect(view.truth).toEqual([[500, 1250]]);
    expect(view.turns).toEqual([{ heard: [300, 300], reported: [0, 800], falseStart: false, transcript: 'hello there' }]);
    expect(view.vad).toEqual([[880, 900, 'speech_started']]);
    expect(view.deltas).toEqual([[1680, 1700, 'hi']]);
    expect(view.finals).toEqual([[1700, 1800, 'hi']]);
    expect(view.firstAudio).toEqual([[1720, 1900, 'r1']]);
  });
});
