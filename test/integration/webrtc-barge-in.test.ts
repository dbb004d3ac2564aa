import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../src/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { msToBytes, silence } from '../../src/pipeline/audio-format.js';
import type { Transport } from '../../src/pipeline/transport/transport.js';
import { createWebRtcTransport } from '../../src/pipeline/transport/webrtc.js';
import { CONVERSATION_PROFILES, gapsAudioPieces, SEGMENTS } from '../helpers/conversation.js';

type Json = Record<string, unknown>;

const SPEC = { format: 'pcm16' as const, rateHz: 24000 };
const INPUT = { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200, interrupt_response: true, create_response: true } };

/** A call's server events as they come, and a wait for one that matches. */
class CallEvents {
  readonly events: Json[] = [];
  private readonly waiters: { readonly test: () => boolean; readonly done: () => void }[] = [];

  constructor(transport: Transport) {
    transport.subscribe({
      onEvent: (event) => {
        this.events.push(event);
        for (const w of this.waiters.filter((x) => x.test())) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.done();
        }
      },
      onClose: () => undefined,
    });
  }

  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ test, done }));
  }

  count(type: string): number {
    return this.events.filter((e) => e.type === type).length;
  }

  index(test: (e: Json) => boolean, from = 0): number {
    const k = this.events.slice(from).findIndex(test);
    return k < 0 ? -1 : k + from;
  }
}

/** Sends 24 kHz PCM as 20 ms appends at the pace it plays (the call's track carries it as Opus). */
async function stream(transport: Transport, audio: Buffer): Promise<void> {
  const frame = msToBytes(SPEC, 20);
  const startMs = realClock.now();
  for (let i = 0, k = 0; i < audio.length; i += frame, k++) {
    transport.send({ type: 'input_audio_buffer.append', audio: audio.subarray(i, i + frame).toString('base64') });
    await realClock.sleep(Math.max(0, startMs + (k + 1) * 20 - realClock.now()));
  }
}

describe('barge-in on a WebRTC call: the reply playing on the track stops', () => {
  let emulator: RunningEmulator;
  let transport: Transport;
  let call: CallEvents;

  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: CONVERSATION_PROFILES});
    transport = createWebRtcTransport({ callsUrl: `${emulator.restUrl}/realtime/calls`, headers: {}, rateHz: 24000, clock: realClock, connectTimeoutMs: 10_000, loopbackOnly: true });
    call = new CallEvents(transport);
    await transport.connect(new AbortController().signal);
    transport.send({ type: 'session.update', session: { type: 'realtime', audio: { input: INPUT } } });
    await call.until(() => call.count('session.updated') > 0);
    // Sentence 1 and a pause that ends its turn (the file's 300 ms, less what Opus framing and
    // delay keep back, is too short for silence_duration_ms 200); once its reply plays, sentence 2 and a second of silence.
    const [first, second] = await gapsAudioPieces([SEGMENTS[1]![0], SEGMENTS[1]![1] + 0.5]);
    await stream(transport, Buffer.concat([first!, silence(SPEC, 300)]));
    await call.until(() => call.count('output_audio_buffer.started') > 0);
    await stream(transport, Buffer.concat([second!, silence(SPEC, 1000)]));
    await call.until(() => call.count('response.done') >= 2 && call.count('output_audio_buffer.stopped') + call.count('output_audio_buffer.cleared') >= 2);
  }, 60_000);

  afterAll(async () => {
    transport.close();
    await emulator.close();
  });

  it('clears the first reply right after speech_started, before the cancelled response and its done events', () => {
    const firstResponse = (call.events.find((e) => e.type === 'response.created')?.response as Json).id;
    const started = call.index((e) => e.type === 'output_audio_buffer.started' && e.response_id === firstResponse);
    const bargeIn = call.index((e) => e.type === 'input_audio_buffer.speech_started', started);
    const cleared = call.index((e) => e.type === 'output_audio_buffer.cleared');
    const done = call.index((e) => e.type === 'response.done' && (e.response as Json).id === firstResponse);
    expect(started).toBeGreaterThan(-1);
    expect(bargeIn).toBeGreaterThan(started);
    expect(cleared).toBe(bargeIn + 1);
    expect(call.events[cleared]?.response_id).toBe(firstResponse);
    expect((call.events[done]?.response as Json).status).toBe('cancelled');
    expect(done).toBeGreaterThan(cleared);
    expect(call.count('output_audio_buffer.cleared')).toBe(1);
  });

  it('plays the reply to the second turn to its end, and sends no audio deltas', () => {
    const responses = call.events.filter((e) => e.type === 'response.created').map((e) => (e.response as Json).id);
    expect(responses).toHaveLength(2);
    expect(call.events.filter((e) => e.type === 'output_audio_buffer.stopped').map((e) => e.response_id)).toEqual([responses[1]]);
    expect(call.count('response.output_audio.delta')).toBe(0);
  });

  it('stops a reply on output_audio_buffer.clear, and says so when nothing plays', async () => {
    const from = call.events.length;
    transport.send({ type: 'response.create', event_id: 'evt_reply' });
    await call.until(() => call.index((e) => e.type === 'output_audio_buffer.started', from) > -1);
    const playing = call.events[call.index((e) => e.type === 'output_audio_buffer.started', from)]?.response_id;
    transport.send({ type: 'output_audio_buffer.clear', event_id: 'evt_clear' });
    await call.until(() => call.index((e) => e.type === 'output_audio_buffer.cleared', from) > -1);
    expect(call.events[call.index((e) => e.type === 'output_audio_buffer.cleared', from)]?.response_id).toBe(playing);
    transport.send({ type: 'output_audio_buffer.clear', event_id: 'evt_clear_again' });
    await call.until(() => call.index((e) => e.type === 'error', from) > -1);
    expect(call.events[call.index((e) => e.type === 'error', from)]?.error).toMatchObject({ code: 'output_audio_buffer_clear_not_playing', event_id: 'evt_clear_again' });
  }, 30_000);
});
