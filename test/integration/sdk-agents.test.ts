import { RealtimeAgent, RealtimeSession, tool, type RealtimeItem } from '@openai/agents-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { loadCorpusPrints } from '../../src/emulator/recognise.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { silence } from '../../src/pipeline/audio-format.js';
import { CONVERSATION_PROFILES, gapsAudioPieces, SEGMENTS, SENTENCES } from '../helpers/conversation.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

type Json = Record<string, unknown>;

const WEATHER = '{"temperature":"72F","conditions":"sunny"}';
const PCM = { format: 'pcm16' as const, rateHz: 24000 };

/** Resolves once `predicate` holds over the events seen so far (checked on every new event). */
function until(events: Json[], on: (listener: () => void) => void, predicate: (events: Json[]) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no ${what}; last events: ${events.slice(-6).map((e) => String(e.type)).join(', ')}`));
    }, 30_000);
    const check = (): void => {
      if (!predicate(events)) return;
      clearTimeout(timer);
      resolve();
    };
    on(check);
    check();
  });
}

const count = (events: Json[], type: string): number => events.filter((e) => e.type === type).length;

function sendAudio(session: RealtimeSession, audio: Buffer): void {
  for (let i = 0; i < audio.length; i += 1920) {
    const chunk = new Uint8Array(audio.subarray(i, i + 1920));
    session.sendAudio(chunk.buffer);
  }
}

describe('@openai/agents-realtime RealtimeSession against the emulator (corpus recognition, no hint)', () => {
  let emulator: RunningEmulator;
  let session: RealtimeSession;
  const events: Json[] = [];
  const errors: unknown[] = [];
  const toolInputs: unknown[] = [];
  const listeners: (() => void)[] = [];
  const on = (listener: () => void): void => {
    listeners.push(listener);
  };

  beforeAll(async () => {
    const { corpus } = await loadCorpusPrints(BUNDLED_CORPUS);
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: CONVERSATION_PROFILES, corpus, toolRules: [{ match: /weather/iu, call: { name: 'get_weather', arguments: { city: 'Boston' } } }] });
    const getWeather = tool({
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: { type: 'object' as const, properties: { city: { type: 'string' as const } }, required: ['city' as const], additionalProperties: false as const },
      execute: (input) => {
        toolInputs.push(input);
        return WEATHER;
      },
    });
    const agent = new RealtimeAgent({ name: 'assistant', instructions: 'Answer briefly.', tools: [getWeather] });
    session = new RealtimeSession(agent, {
      transport: 'websocket',
      model: 'gpt-realtime',
      config: { audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turnDetection: { type: 'server_vad', silenceDurationMs: 200, interruptResponse: true, createResponse: true } } } },
    });
    session.on('transport_event', (event) => {
      events.push(event);
      for (const l of listeners) l();
    });
    session.on('error', (error) => errors.push(error));
    await session.connect({ apiKey: 'sk-rtbench-test', url: `${emulator.url}?model=gpt-realtime` });
    await until(events, on, (e) => e.some((x) => x.type === 'session.updated' && ((x.session as Json).tools as unknown[]).length === 1), 'session.updated with the tool');
    // Sentence 1; once its reply speaks, sentence 2 ("What is the weather like in Boston today?") barges in.
    const [first, second] = await gapsAudioPieces([SEGMENTS[1]![0], SEGMENTS[1]![1] + 0.5]);
    sendAudio(session, first!);
    await until(events, on, (e) => count(e, 'response.output_audio.delta') > 0, 'first reply audio');
    sendAudio(session, Buffer.concat([second!, silence(PCM, 1000)]));
    // The cancelled reply, the tool call, the answer from its output; the truncation and both transcripts.
    await until(events, on, (e) => count(e, 'response.done') >= 3 && count(e, 'conversation.item.truncated') === 1 && count(e, 'conversation.item.input_audio_transcription.completed') === 2, 'the whole conversation');
    await until(events, on, (e) => count(e, 'conversation.item.retrieved') >= 3, 'the SDK retrieving the transcribed and truncated items');
  }, 90_000);

  afterAll(async () => {
    session.close();
    await emulator.close();
  });

  it('holds the conversation without a single error', () => {
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('barges in: the first reply is cancelled by the turn and the SDK truncates it without an error', () => {
    const done = events.filter((e) => e.type === 'response.done').map((e) => e.response as Json);
    expect(done.map((r) => r.status)).toEqual(['cancelled', 'completed', 'completed']);
    expect(events.some((e) => e.type === 'conversation.item.truncated' && e.item_id === (done[0]!.output as Json[])[0]?.id)).toBe(true);
  });

  it('runs the tool the turn asked for and answers from its output', () => {
    expect(toolInputs).toEqual([{ city: 'Boston' }]);
    const answer = (events.filter((e) => e.type === 'response.done').at(-1)!.response as Json).output as Json[];
    expect((answer[0]!.content as Json[])[0]!.transcript).toBe('Here is what I found: 72F sunny.');
  });

  it("keeps the user transcripts in the SDK's history", () => {
    const users = session.history.filter((i): i is Extract<RealtimeItem, { role: 'user' }> => i.type === 'message' && i.role === 'user');
    expect(users.map((u) => u.content.map((c) => ('transcript' in c ? c.transcript : c.text)).join(''))).toEqual([SENTENCES[0], SENTENCES[1]]);
    const assistant = session.history.filter((i) => i.type === 'message' && i.role === 'assistant');
    expect(assistant.map((a) => 'status' in a && a.status)).toEqual(['incomplete', 'completed']);
    expect(session.history.some((i) => i.type === 'function_call' && i.name === 'get_weather' && i.output === WEATHER)).toBe(true);
  });

  it('sends only server events valid against the GA schema', () => {
    expect(events.flatMap((e) => realtimeSchema('ga').validateServer(e))).toEqual([]);
  });
});
