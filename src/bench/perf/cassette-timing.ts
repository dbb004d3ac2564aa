import type { SessionRecord, TimedEvent } from '../../pipeline/record.js';
import type { StreamSends } from './pacing-stats.js';

function isAppend(frame: TimedEvent): boolean {
  return frame.dir === 'out' && frame.event.type === 'input_audio_buffer.append';
}

/**
 * When a recorded session's appends went out (the recorder stamps each one as it is sent) and
 * when each was due: chunk n after the first at (audio sent before n − audio sent before the
 * first) / speed.
 */
export function streamSendsOf(record: SessionRecord): StreamSends {
  const appends = record.events.filter(isAppend);
  const speed = typeof record.meta.speed === 'number' ? record.meta.speed : 1;
  const firstAudioMs = appends[0]?.audioMs ?? 0;
  return { sentMs: appends.map((f) => f.tMs), dueOffsetMs: appends.map((f) => (f.audioMs - firstAudioMs) / speed) };
}

/** Audio a recorded session sent, ms (its tail silence included). */
export function sentAudioMs(record: SessionRecord): number {
  let audioMs = 0;
  for (const frame of record.events) if (isAppend(frame)) audioMs = frame.audioMs;
  return audioMs;
}

/**
 * How far the server's VAD lagged behind the audio, per `speech_stopped`: its receipt minus
 * the send of the append that carried the audio position it names (`audio_end_ms`, where the
 * server decided that the turn had ended). A server that keeps up answers within a frame or
 * two of VAD look-ahead; one that cannot keep up falls further behind with every second.
 */
export function vadLagsOf(record: SessionRecord): number[] {
  const appends = record.events.filter(isAppend);
  const lags: number[] = [];
  for (const frame of record.events) {
    if (frame.dir !== 'in' || frame.event.type !== 'input_audio_buffer.speech_stopped') continue;
    const audioEndMs = frame.event.audio_end_ms;
    if (typeof audioEndMs !== 'number') continue;
    const carrier = appends.find((a) => a.audioMs >= audioEndMs);
    if (carrier !== undefined) lags.push(frame.tMs - carrier.tMs);
  }
  return lags;
}
