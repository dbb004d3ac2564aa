import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { bytesToMs, type AudioSpec } from './audio-format.js';
import { audioLevel } from './audio-level.js';
import { appendBytes } from './protocol/append.js';
import { canonicalEventType } from './protocol/events.js';
import type { ClientEvent } from './protocol/session-config.js';
import { roundMs, type FrameDir, type TimedEvent } from './record.js';
import type { Transport } from './transport/transport.js';

/** Receives every frame as it is stamped (memory, cassette file, or both). */
export type FrameSink = (frame: TimedEvent) => void;

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  readonly clock: Clock;
  /** Encoding of the input audio, to keep the audio clock. */
  readonly spec: AudioSpec;
  /** Keep audio payloads instead of `{bytes, sha256}`. @default false */
  readonly keepAudio?: boolean;
  readonly sink: FrameSink;
  /** Clock reading that counts as t = 0. @default clock.now() at creation */
  readonly startMs?: number;
  /** Audio position of the first byte sent (a session rolled over to a new socket goes on from there). @default 0 */
  readonly audioOffsetMs?: number;
}

/** A transport decorator that stamps and keeps every frame; session code never sees timestamps. */
export interface Recorder {
  /** The recording view of the inner transport. */
  readonly transport: Transport;
  /** Records a frame about the session itself (socket open, close, outcome). */
  readonly note: (event: Record<string, unknown>) => void;
  /** Audio sent so far, in ms. */
  readonly audioMs: () => number;
  /** Ms since the session started. */
  readonly elapsedMs: () => number;
  /** The clock reading that is t = 0 of this recording. */
  readonly startMs: number;
}

function redactAudio(audio: Buffer): { bytes: number; sha256: string } {
  return { bytes: audio.length, sha256: createHash('sha256').update(audio).digest('hex') };
}

/** Wraps `inner` so that every frame, both ways, is stamped on one clock and handed to the sink. */
export function createRecorder(inner: Transport, options: RecorderOptions): Recorder {
  const { clock, sink, spec, keepAudio = false } = options;
  const startMs = options.startMs ?? clock.now();
  const offsetMs = options.audioOffsetMs ?? 0;
  let audioBytes = 0;
  const stamp = (dir: FrameDir, event: Record<string, unknown>): void => {
    sink({ tMs: roundMs(clock.now() - startMs), audioMs: roundMs(offsetMs + bytesToMs(spec, audioBytes)), dir, event });
  };
  const outgoing = (event: ClientEvent): Record<string, unknown> => {
    if (event.type !== 'input_audio_buffer.append' || typeof event.audio !== 'string') return event;
    const audio = appendBytes(event) ?? Buffer.from(event.audio, 'base64');
    audioBytes += audio.length;
    // The chunk's level lets reports draw the waveform envelope without the audio itself.
    // A copy: the event itself holds the chunk's bytes (protocol/append.ts), which the record must not keep alive.
    return keepAudio ? { ...event } : { ...event, audio: { ...redactAudio(audio), ...audioLevel(audio, spec.format) } };
  };
  const incoming = (event: Record<string, unknown>): Record<string, unknown> => {
    if (keepAudio || typeof event.type !== 'string' || canonicalEventType(event.type) !== 'response.output_audio.delta' || typeof event.delta !== 'string') return event;
    return { ...event, delta: redactAudio(Buffer.from(event.delta, 'base64')) };
  };
  const transport: Transport = {
    connect: (signal) => inner.connect(signal),
    send(event) {
      const recorded = outgoing(event);
      stamp('out', recorded);
      inner.send(event);
    },
    subscribe: (handlers) => inner.subscribe(handlers),
    close: (code, reason) => {
      inner.close(code, reason);
    },
  };
  inner.subscribe({
    onOpen: (info) => {
      stamp('ws', { type: 'open', url: info.url, emulated: info.emulated });
    },
    onEvent: (event) => {
      stamp('in', incoming(event));
    },
    onInvalid: (text, reason) => {
      stamp('ws', { type: 'invalid', reason, text: text.slice(0, 2000) });
    },
    onError: (message) => {
      stamp('ws', { type: 'error', message });
    },
    onClose: (code, reason) => {
      stamp('ws', { type: 'close', code, reason });
    },
    onNote: (event) => {
      stamp('ws', event);
    },
  });
  return {
    transport,
    note: (event) => {
      stamp('ws', event);
    },
    audioMs: () => offsetMs + bytesToMs(spec, audioBytes),
    elapsedMs: () => clock.now() - startMs,
    startMs,
  };
}
