import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate, startTlsProxy, type TlsProxy } from '../../src/bench/perf/tls.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { silence } from '../../src/pipeline/audio-format.js';
import { tempDir } from '../helpers/cli.js';
import { CONVERSATION_PROFILES, gapsAudioPieces, SEGMENTS } from '../helpers/conversation.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

type Json = Record<string, unknown>;

const SCRIPT = [
  { text: 'Turn on the lights.', expectedToolCall: null },
  { text: 'How is the weather in Boston?', expectedToolCall: { name: 'get_weather', arguments: { city: 'Boston' } } },
];
const WEATHER_TOOL = { type: 'function' as const, name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const PCM = { format: 'pcm16' as const, rateHz: 24000 };

/**
 * A voice app on the official `openai` package's `OpenAIRealtimeWS` (which always speaks wss:
 * here through a TLS front with a certificate made for the test): it truncates the reply it was
 * playing when the user barges in, and answers function calls.
 */
describe('openai OpenAIRealtimeWS against the emulator through TLS (script transcripts, no hint)', () => {
  let emulator: RunningEmulator;
  let proxy: TlsProxy;
  let rt: OpenAIRealtimeWS;
  const events: Json[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const until = (predicate: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no ${what}; last events: ${events.slice(-6).map((e) => String(e.type)).join(', ')}`));
      }, 30_000);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        }
      };
      waiters.push(check);
      check();
    });
  const count = (type: string): number => events.filter((e) => e.type === type).length;
  const send = (event: Json): void => {
    rt.send(event as unknown as RealtimeClientEvent);
  };

  /** What the app does on the events it gets. */
  function react(event: Json): void {
    if (event.type === 'input_audio_buffer.speech_started') {
      const playing = events.filter((e) => e.type === 'response.output_audio.delta').at(-1);
      const doneItems = new Set(events.filter((e) => e.type === 'response.output_audio.done').map((e) => e.item_id));
      if (playing && !doneItems.has(playing.item_id)) {
        const bytes = events.filter((e) => e.type === 'response.output_audio.delta' && e.item_id === playing.item_id).reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0);
        send({ type: 'conversation.item.truncate', item_id: playing.item_id, content_index: 0, audio_end_ms: Math.floor(bytes / 48) });
      }
    }
    const item = event.item as Json | undefined;
    if (event.type === 'response.output_item.done' && item?.type === 'function_call' && item.status === 'completed') {
      send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: item.call_id, output: '{"temperature":"64F"}' } });
      send({ type: 'response.create' });
    }
  }

  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: CONVERSATION_PROFILES, script: SCRIPT });
    const certificate = await makeSelfSignedCertificate(tempDir());
    proxy = await startTlsProxy(certificate, emulator.port);
    const client = new OpenAI({ apiKey: 'sk-rtbench-test', baseURL: `https://127.0.0.1:${proxy.port}/v1` });
    rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: certificate.cert } }, client);
    rt.on('event', (event) => {
      events.push(event as unknown as Json);
      react(event as unknown as Json);
      for (const w of waiters) w();
    });
    rt.on('error', (error) => errors.push(error));
    await until(() => count('session.created') === 1, 'session.created');
    send({ type: 'session.update', session: { type: 'realtime', instructions: 'Answer briefly.', tools: [WEATHER_TOOL], audio: { input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } } });
    await until(() => count('session.updated') === 1, 'session.updated');
    const [first, second] = await gapsAudioPieces([SEGMENTS[1]![0], SEGMENTS[1]![1] + 0.5]);
    const append = (audio: Buffer): void => {
      for (let i = 0; i < audio.length; i += 1920) send({ type: 'input_audio_buffer.append', audio: audio.subarray(i, i + 1920).toString('base64') });
    };
    append(first!);
    await until(() => count('response.output_audio.delta') > 0, 'first reply audio');
    append(Buffer.concat([second!, silence(PCM, 1000)]));
    await until(() => count('response.done') >= 3 && count('conversation.item.truncated') === 1 && count('conversation.item.input_audio_transcription.completed') === 2, 'the whole conversation');
    for (const c of events.filter((e) => e.type === 'input_audio_buffer.committed')) send({ type: 'conversation.item.retrieve', item_id: c.item_id });
    await until(() => count('conversation.item.retrieved') === 2, 'the retrieved user items');
  }, 90_000);

  afterAll(async () => {
    rt.close();
    await proxy.close();
    await emulator.close();
  });

  it('holds the conversation without a single error', () => {
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('cancels the reply on barge-in, calls the tool of the turn, and answers from its output', () => {
    const done = events.filter((e) => e.type === 'response.done').map((e) => e.response as Json);
    expect(done.map((r) => [r.status, ((r.output as Json[])[0] as Json).type])).toEqual([['cancelled', 'message'], ['completed', 'function_call'], ['completed', 'message']]);
    expect((((done[2]!.output as Json[])[0] as Json).content as Json[])[0]!.transcript).toBe('Here is what I found: 64F.');
  });

  it('keeps the user transcripts the script gave, on the items themselves', () => {
    const retrieved = events.filter((e) => e.type === 'conversation.item.retrieved').map((e) => (((e.item as Json).content as Json[])[0] as Json).transcript);
    expect(retrieved).toEqual(SCRIPT.map((s) => s.text));
  });

  it('sends only server events valid against the GA schema', () => {
    expect(events.flatMap((e) => realtimeSchema('ga').validateServer(e))).toEqual([]);
  });
});
