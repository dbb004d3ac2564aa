import { bytesToMs } from '../pipeline/audio-format.js';
import { isEventId } from '../pipeline/protocol/event-ids.js';
import { canonicalEventType } from '../pipeline/protocol/events.js';
import { lastAttempt, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import { CLIENT_EVENT_IDS } from '../pipeline/session-link.js';

/** How recorded server events are timed against a live client. */
export type ReplayTiming = 'audio' | 'offset';

/** One recorded server frame, with when the replay may send it. */
export interface ScheduledFrame {
  readonly frame: TimedEvent;
  /** Client audio (ms) that must have arrived first; 0 for none. */
  readonly afterAudioMs: number;
  /** Delay after that audio arrived (audio timing) or after connecting (offset timing), before the speed factor. */
  readonly delayMs: number;
}

/** The session.updated events of a record that answered the harness's end-of-audio barrier (the first one after each barrier). */
export function barrierAnswers(events: readonly TimedEvent[]): Set<TimedEvent> {
  const answers = new Set<TimedEvent>();
  let waiting = false;
  for (const f of events) {
    if (f.dir === 'out' && isEventId(f.event.event_id, CLIENT_EVENT_IDS.barrier)) waiting = true;
    else if (waiting && f.dir === 'in' && typeof f.event.type === 'string' && canonicalEventType(f.event.type) === 'session.updated') {
      answers.add(f);
      waiting = false;
    }
  }
  return answers;
}

/**
 * The recorded frames a replay server sends: server events, invalid frames, and a server-side
 * close. Answers to the end-of-audio barrier are left out: the server answers a client's own
 * barrier when it comes.
 */
export function serverFrames(record: SessionRecord): TimedEvent[] {
  const serverClosed = record.outcome.state === 'errored' && record.outcome.stage !== 'connect';
  const events = lastAttempt(record.events);
  const answers = barrierAnswers(events);
  return events.filter((f) => (f.dir === 'in' && !answers.has(f)) || (f.dir === 'ws' && (f.event.type === 'invalid' || (serverClosed && f.event.type === 'close'))));
}

/**
 * The audio position a server event is about, for events that name one: a server cannot
 * detect speech before it has heard the onset, nor a stop before the silence after it.
 */
function audioAnchor(frame: TimedEvent, prefixPaddingMs: number): number | null {
  const e = frame.event;
  if (e.type === 'input_audio_buffer.speech_started' && typeof e.audio_start_ms === 'number') return e.audio_start_ms + prefixPaddingMs;
  if ((e.type === 'input_audio_buffer.speech_stopped' || e.type === 'input_audio_buffer.timeout_triggered') && typeof e.audio_end_ms === 'number') return e.audio_end_ms;
  return null;
}

/**
 * Plans the frames of a record. With offset timing a frame goes out at its recorded offset from
 * the socket opening. With audio timing, VAD events wait until the live client has sent the
 * audio they are about (speech_started: its onset; speech_stopped: audio_end_ms), and every
 * later frame keeps its recorded delay after the last such event; frames before the first
 * one keep their offsets from the opening.
 */
export function scheduleFrames(record: SessionRecord, timing: ReplayTiming): ScheduledFrame[] {
  const open = lastAttempt(record.events).find((f) => f.dir === 'ws' && f.event.type === 'open')?.tMs ?? 0;
  const padding = record.meta.config.prefix_padding_ms ?? 0;
  let anchor: { audioMs: number; tMs: number } | null = null;
  return serverFrames(record).map((frame) => {
    if (timing === 'offset') return { frame, afterAudioMs: 0, delayMs: Math.max(0, frame.tMs - open) };
    const audioMs = audioAnchor(frame, padding);
    if (audioMs !== null) anchor = { audioMs: Math.max(audioMs, anchor?.audioMs ?? 0), tMs: frame.tMs };
    if (anchor === null) return { frame, afterAudioMs: 0, delayMs: Math.max(0, frame.tMs - open) };
    return { frame, afterAudioMs: anchor.audioMs, delayMs: Math.max(0, frame.tMs - anchor.tMs) };
  });
}

/** Milliseconds of audio in a base64 append, in the recorded session's format. */
export function appendMs(record: SessionRecord, audio: unknown): number {
  if (typeof audio !== 'string') return 0;
  return bytesToMs({ format: record.meta.config.format, rateHz: record.meta.config.rate_hz }, Buffer.from(audio, 'base64').length);
}

/** A frame's event as sent on the wire: recorded audio placeholders become silence of the same length. */
export function wireEvent(frame: TimedEvent): Record<string, unknown> {
  const delta = frame.event.delta;
  if (typeof delta === 'object' && delta !== null && typeof (delta as { bytes?: unknown }).bytes === 'number') {
    return { ...frame.event, delta: Buffer.alloc((delta as { bytes: number }).bytes).toString('base64') };
  }
  return frame.event;
}
