import { bytesPerMs } from '../pipeline/audio-format.js';
import { ROLLOVER_EVENT_TYPE, SAVED_AUDIO_EVENT_TYPE, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import type { TurnResult } from './item-result.js';

/**
 * Bytes of audio a session sent, from its audio clock (each append's `audio_ms` is the position
 * after it; a rollover goes on from its `audio_offset_ms`), so that the count does not depend on
 * how a cassette stores audio payloads. Audio sent again after a rollover counts again: it
 * crossed the network again.
 */
export function audioBytesSent(record: SessionRecord): number {
  let previousMs = 0;
  let totalMs = 0;
  for (const frame of record.events) {
    if (frame.dir === 'ws' && frame.event.type === ROLLOVER_EVENT_TYPE && typeof frame.event.audio_offset_ms === 'number') previousMs = frame.event.audio_offset_ms;
    else if (frame.dir === 'out' && frame.event.type === 'input_audio_buffer.append') {
      totalMs += Math.max(0, frame.audioMs - previousMs);
      previousMs = frame.audioMs;
    }
  }
  const { format, rate_hz: rateHz } = record.meta.config;
  return Math.round(totalMs * bytesPerMs({ format, rateHz }));
}

/** The WAV files a session wrote (`--save-audio`), relative to the run folder, as its `audio_saved` frame lists them. */
export interface SavedAudio {
  /** By turn index. */
  readonly turns: ReadonlyMap<number, string>;
  readonly sent: string | null;
}

/** The files named by the session's last `audio_saved` frame; none without one. */
export function savedAudioOf(events: readonly TimedEvent[]): SavedAudio {
  const frame = events.findLast((f) => f.dir === 'ws' && f.event.type === SAVED_AUDIO_EVENT_TYPE);
  const turns = new Map<number, string>();
  const listed = frame?.event.turns;
  if (Array.isArray(listed)) {
    for (const entry of listed as unknown[]) {
      const e = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      if (typeof e.turn_index === 'number' && typeof e.file === 'string') turns.set(e.turn_index, e.file);
    }
  }
  const sent = frame?.event.sent;
  return { turns, sent: typeof sent === 'string' ? sent : null };
}

/** Turns with the WAV file of their responses, when one was saved. */
export function withSavedAudio<T extends { turns: readonly TurnResult[] }>(fields: T, events: readonly TimedEvent[]): T {
  const saved = savedAudioOf(events);
  if (saved.turns.size === 0) return fields;
  return { ...fields, turns: fields.turns.map((t) => ({ ...t, audioFile: saved.turns.get(t.turnIndex) ?? null })) };
}
