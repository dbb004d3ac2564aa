import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { realClock } from '../../clock.js';
import { percentile } from '../../metrics/stats.js';
import { encodeHint, REFERENCE_HEADER } from '../../emulator/transcriber.js';

/**
 * How many concurrent real-time sessions an emulator carries: N clients each stream the same
 * speech at real time (40 ms appends on an absolute schedule) into realtime sessions with
 * server_vad and input transcription, and we measure how late each speech_stopped arrives
 * after the audio that ends the turn was sent (a server that keeps up answers within a few
 * ms plus its silence_duration_ms; one that falls behind piles up lag).
 */

/** One load step. */
export interface CapacityStep {
  readonly sessions: number;
  /** speech_stopped receipt − (send time of the audio at audio_end_ms), ms. */
  readonly lagP50Ms: number;
  readonly lagP95Ms: number;
  readonly lagMaxMs: number;
  /** Turns closed / turns expected (3 per pass of the audio at silence 500 ms). */
  readonly turnsSeen: number;
  readonly turnsExpected: number;
  /** CPU time of the server process over the step, as a share of one core. */
  readonly serverCpu: number | null;
}

/** What a step needs. */
export interface CapacityOptions {
  readonly url: string;
  /** PCM16 24 kHz mono of the speech, with trailing silence. */
  readonly audio: Buffer;
  readonly hint: { text: string; segments: [number, number][]; segmentsText: string[] };
  readonly turnsPerPass: number;
  /** Server pid, to read its CPU time from /proc (Linux); null to skip. */
  readonly serverPid: number | null;
}

const CHUNK_MS = 40;
const CHUNK_BYTES = 24 * 2 * CHUNK_MS;

function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function openSession(options: CapacityOptions): Promise<{ ws: WebSocket; stopsAtMs: number[]; audioEndsMs: number[] }> {
  const headers = { [REFERENCE_HEADER]: encodeHint({ text: options.hint.text, segments: options.hint.segments, segmentsText: options.hint.segmentsText }) };
  const ws = new WebSocket(`${options.url}?model=gpt-realtime`, { headers, perMessageDeflate: false });
  const stopsAtMs: number[] = [];
  const audioEndsMs: number[] = [];
  let updated: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (updated = resolve));
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (text.includes('"session.updated"')) updated();
    if (!text.includes('"input_audio_buffer.speech_stopped"')) return;
    stopsAtMs.push(realClock.now());
    audioEndsMs.push((JSON.parse(text) as { audio_end_ms: number }).audio_end_ms);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  const turnDetection = { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true };
  ws.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: turnDetection } } } }));
  await ready;
  return { ws, stopsAtMs, audioEndsMs };
}

/** Runs `sessions` real-time sessions over one pass of the audio and measures the lag. */
export async function runCapacityStep(options: CapacityOptions, sessions: number): Promise<CapacityStep> {
  const frames: string[] = [];
  for (let i = 0; i < options.audio.length; i += CHUNK_BYTES) frames.push(JSON.stringify({ type: 'input_audio_buffer.append', audio: options.audio.subarray(i, i + CHUNK_BYTES).toString('base64') }));
  const clients = await Promise.all(Array.from({ length: sessions }, () => openSession(options)));
  const cpuBefore = cpuSeconds(options.serverPid);
  const t0 = realClock.now() + 100;
  for (let k = 0; k < frames.length; k++) {
    await realClock.sleep(t0 + k * CHUNK_MS - realClock.now());
    for (const c of clients) c.ws.send(frames[k] ?? '');
  }
  await realClock.sleep(1500);
  const cpuAfter = cpuSeconds(options.serverPid);
  const lags = clients.flatMap((c) => c.stopsAtMs.map((at, i) => at - (t0 + (c.audioEndsMs[i] ?? 0))));
  for (const c of clients) c.ws.close();
  const sorted = [...lags].sort((a, b) => a - b);
  const wallS = (realClock.now() - t0) / 1000;
  return {
    sessions,
    lagP50Ms: percentile(sorted, 50),
    lagP95Ms: percentile(sorted, 95),
    lagMaxMs: sorted.at(-1) ?? NaN,
    turnsSeen: lags.length,
    turnsExpected: sessions * options.turnsPerPass,
    serverCpu: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / wallS,
  };
}
