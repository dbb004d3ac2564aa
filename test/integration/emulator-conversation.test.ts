import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { connectClient, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { connectionFor, type SessionMode } from '../helpers/emulator-sessions.js';
import { clientSchemaProblems, CONVERSATION_PROFILES, gapsAudioPieces, ofType, schemaProblems, SEGMENTS, sendPcm, SENTENCES, waitForCount } from '../helpers/conversation.js';

type Json = Record<string, unknown>;

const GA: SessionMode = { protocol: 'ga', kind: 'realtime', vad: 'server_vad', format: 'pcm16', rateHz: 24000, transcribeModel: 'gpt-4o-transcribe' };
const BETA: SessionMode = { ...GA, protocol: 'beta' };
const WEATHER_TOOL = { type: 'function', name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const TIMER_TOOL = { type: 'function', name: 'set_timer', description: 'Starts a timer.', parameters: { type: 'object', properties: { minutes: { type: 'integer' } }, required: ['minutes'] } };

async function open(emulator: RunningEmulator, mode: SessionMode, hint: Parameters<typeof connectionFor>[2] = null): Promise<TestClient> {
  const { url, headers } = connectionFor(emulator.url, mode, hint);
  const client = await connectClient(url, headers);
  await client.waitFor((e) => e.length >= 1);
  return client;
}

async function update(client: TestClient, session: Json, type = 'session.update'): Promise<Json> {
  const before = client.events.filter((e) => String(e.type).endsWith('session.updated')).length;
  client.send({ type, session });
  await client.waitFor((e) => e.filter((x) => String(x.type).endsWith('session.updated')).length > before || e.some((x) => x.type === 'error'));
  const updated = client.events.filter((e) => String(e.type).endsWith('session.updated')).at(-1);
  if (!updated) throw new Error(`session.update refused: ${JSON.stringify(ofType(client, 'error'))}`);
  return updated.session as Json;
}

/** Adds a user text item and asks for a response; resolves with that response's response.done. */
async function ask(client: TestClient, text: string, response?: Json): Promise<Json> {
  const before = ofType(client, 'response.done').length;
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  client.send({ type: 'response.create', ...(response ? { response } : {}) });
  await waitForCount(client, 'response.done', before + 1);
  return ofType(client, 'response.done')[before]!.response as Json;
}

describe('the conversation surface', () => {
  let emulator: RunningEmulator;
  const clients: TestClient[] = [];
  const track = (c: TestClient, protocol: 'ga' | 'beta'): TestClient => {
    clients.push(Object.assign(c, { protocol }));
    return c;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: CONVERSATION_PROFILES, toolRules: [{ match: /weather/iu, call: { name: 'get_weather', arguments: { city: 'Boston' } } }] });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await emulator.close();
  });

  it('echoes every field of a GA session.update', async () => {
    const c = track(await open(emulator, GA), 'ga');
    const session = {
      type: 'realtime', instructions: 'Be brief.', output_modalities: ['text'], include: ['item.input_audio_transcription.logprobs'], tools: [WEATHER_TOOL], tool_choice: 'required', max_output_tokens: 512,
      tracing: 'auto', truncation: 'disabled', prompt: { id: 'pmpt_123', version: '2' },
      audio: { input: { noise_reduction: { type: 'near_field' }, transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'Cities.' } }, output: { voice: 'marin', speed: 1.2, format: { type: 'audio/pcmu' } } },
    };
    const echoed = await update(c, session);
    expect(echoed).toMatchObject({ ...session, audio: { input: { ...session.audio.input, transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'Cities.' } }, output: session.audio.output } });
    // A barrier that changes nothing keeps it all.
    expect(await update(c, { type: 'realtime' })).toEqual({ ...echoed });
  });

  it('echoes every field of a beta session.update and transcription_session.update', async () => {
    const c = track(await open(emulator, BETA), 'beta');
    const session = { modalities: ['text'], instructions: 'Be brief.', voice: 'ash', output_audio_format: 'g711_alaw', tools: [WEATHER_TOOL], tool_choice: 'auto', temperature: 0.7, max_response_output_tokens: 300, input_audio_noise_reduction: { type: 'far_field' }, input_audio_transcription: { model: 'whisper-1', language: 'de', prompt: 'Städte.' } };
    expect(await update(c, session)).toMatchObject(session);
    const t = track(await open(emulator, { ...BETA, kind: 'transcription' }), 'beta');
    const transcription = { include: ['item.input_audio_transcription.logprobs'], input_audio_noise_reduction: { type: 'near_field' }, input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'fr', prompt: '' } };
    expect(await update(t, transcription, 'transcription_session.update')).toMatchObject(transcription);
  });

  it('answers in text when the session asks for text: output_text events, an output_text item, no audio', async () => {
    const c = track(await open(emulator, GA), 'ga');
    await update(c, { type: 'realtime', output_modalities: ['text'] });
    const done = await ask(c, 'Hello there.');
    expect(done.status).toBe('completed');
    expect(done.output_modalities).toEqual(['text']);
    const text = String(ofType(c, 'response.output_text.done')[0]?.text);
    expect(ofType(c, 'response.output_text.delta').map((e) => e.delta).join('')).toBe(text);
    expect((done.output as Json[])[0]!.content).toEqual([{ type: 'output_text', text }]);
    expect(typesOf(c.events).filter((t) => t.includes('audio'))).toEqual([]);
    expect(done.usage).toMatchObject({ output_token_details: { audio_tokens: 0 } });
  });

  it('takes per-response options: beta text modality, out-of-band (conversation none) with metadata, and refuses unknown fields', async () => {
    const b = track(await open(emulator, BETA), 'beta');
    const beta = await ask(b, 'Hello.', { modalities: ['text'], instructions: 'Answer in one word.' });
    expect(beta.modalities).toEqual(['text']);
    expect(ofType(b, 'response.text.done')).toHaveLength(1);
    const c = track(await open(emulator, GA), 'ga');
    const normal = await ask(c, 'Hello.');
    expect(normal.conversation_id).toMatch(/^conv_/);
    const items = ofType(c, 'conversation.item.added').length;
    const oob = await ask(c, 'Classify that.', { conversation: 'none', metadata: { topic: 'triage' }, output_modalities: ['text'], tool_choice: 'none' });
    expect(oob).toMatchObject({ conversation_id: null, metadata: { topic: 'triage' }, output_modalities: ['text'] });
    // Only the user's item joined the conversation, not the out-of-band reply.
    expect(ofType(c, 'conversation.item.added').length).toBe(items + 1);
    c.send({ type: 'response.create', event_id: 'evt_bad', response: { voices: 'x' } });
    c.send({ type: 'response.cancel', event_id: 'evt_cancel_none', response_id: 'resp_missing' });
    await c.waitFor((e) => e.filter((x) => x.type === 'error').length >= 2);
    expect(ofType(c, 'error').map((e) => [(e.error as Json).event_id, (e.error as Json).code])).toEqual([['evt_bad', 'unknown_parameter'], ['evt_cancel_none', 'response_cancel_not_active']]);
  });

  it('cuts a reply at max_output_tokens (status incomplete) and speaks G.711 when the output format asks for it', async () => {
    const c = track(await open(emulator, GA), 'ga');
    const cut = await ask(c, 'Hello.', { output_modalities: ['text'], max_output_tokens: 3 });
    expect(cut).toMatchObject({ status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' }, max_output_tokens: 3 });
    expect(String(ofType(c, 'response.output_text.done')[0]?.text).split(' ').length).toBeLessThanOrEqual(2);
    await update(c, { type: 'realtime', audio: { output: { format: { type: 'audio/pcmu' } } } });
    const spoken = await ask(c, 'Hello again.');
    expect(spoken.audio).toMatchObject({ output: { format: { type: 'audio/pcmu' } } });
    const itemId = (spoken.output as Json[])[0]!.id;
    const bytes = ofType(c, 'response.output_audio.delta').filter((e) => e.item_id === itemId).reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0);
    const words = String(((spoken.output as Json[])[0]!.content as Json[])[0]!.transcript).split(' ').length;
    // 8 bytes per ms at 8 kHz; each synthesised word is 330 ms.
    expect(Math.abs(bytes / 8 - words * 330)).toBeLessThan(20);
    const b = track(await open(emulator, BETA), 'beta');
    await update(b, { tools: [WEATHER_TOOL] });
    const call = await ask(b, 'Will the weather hold?');
    expect((call.output as Json[])[0]).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(ofType(b, 'conversation.item.created').some((e) => (e.item as Json).type === 'function_call')).toBe(true);
  });

  it('calls a tool when a turn matches a rule, then answers from the function_call_output', async () => {
    const c = track(await open(emulator, GA), 'ga');
    await update(c, { type: 'realtime', tools: [WEATHER_TOOL, TIMER_TOOL] });
    const call = await ask(c, 'What is the weather like in Boston today?');
    const item = (call.output as Json[])[0]!;
    expect(item).toMatchObject({ type: 'function_call', status: 'completed', name: 'get_weather', arguments: '{"city":"Boston"}' });
    expect(ofType(c, 'response.function_call_arguments.delta').map((e) => e.delta).join('')).toBe('{"city":"Boston"}');
    expect(ofType(c, 'response.function_call_arguments.done')[0]).toMatchObject({ call_id: item.call_id, name: 'get_weather', arguments: '{"city":"Boston"}' });
    c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: item.call_id, output: '{"temperature":"72F","conditions":"sunny"}' } });
    c.send({ type: 'response.create' });
    await waitForCount(c, 'response.done', 2);
    const answer = ofType(c, 'response.done')[1]!.response as Json;
    expect(((answer.output as Json[])[0]!.content as Json[])[0]!.transcript).toBe('Here is what I found: 72F sunny.');
    // tool_choice none: the same question gets a spoken reply.
    const spoken = await ask(c, 'And the weather tomorrow?', { tool_choice: 'none' });
    expect((spoken.output as Json[])[0]!.type).toBe('message');
  });

  it("calls the item's expected tool call (from the reference hint) in the response to the turn that ends the item", async () => {
    const hint = { text: SENTENCES[0]!, segments: [SEGMENTS[0]!], toolCall: { name: 'set_timer', arguments: { minutes: 10 } } };
    const c = track(await open(emulator, GA, hint), 'ga');
    await update(c, { type: 'realtime', tools: [TIMER_TOOL], audio: { input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } });
    const [first] = await gapsAudioPieces([SEGMENTS[1]![0]]);
    sendPcm(c, first!);
    await waitForCount(c, 'response.done', 1);
    const done = ofType(c, 'response.done')[0]!.response as Json;
    expect((done.output as Json[])[0]).toMatchObject({ type: 'function_call', name: 'set_timer', arguments: '{"minutes":10}' });
  });

  it('adds logprobs to transcription deltas and completed when include asks, usage on every completed', async () => {
    const c = track(await open(emulator, { ...GA, kind: 'transcription' }, { text: SENTENCES[0]!, segments: [SEGMENTS[0]!] }), 'ga');
    await update(c, { type: 'transcription', include: ['item.input_audio_transcription.logprobs'], audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } });
    const [first] = await gapsAudioPieces([SEGMENTS[1]![0]]);
    sendPcm(c, first!);
    await waitForCount(c, 'conversation.item.input_audio_transcription.completed', 1);
    const completed = ofType(c, 'conversation.item.input_audio_transcription.completed')[0]!;
    const logprobs = completed.logprobs as Json[];
    expect(logprobs.map((l) => l.token).join('')).toBe(completed.transcript);
    expect(logprobs.every((l) => Number(l.logprob) < 0 && Array.isArray(l.bytes))).toBe(true);
    expect(ofType(c, 'conversation.item.input_audio_transcription.delta').every((d) => Array.isArray(d.logprobs) && (d.logprobs as Json[]).length === 1)).toBe(true);
    expect(completed.usage).toMatchObject({ type: 'tokens' });
    const b = track(await open(emulator, { ...BETA, kind: 'transcription' }, { text: SENTENCES[0]!, segments: [SEGMENTS[0]!] }), 'beta');
    await update(b, { input_audio_transcription: { model: 'gpt-4o-transcribe' } }, 'transcription_session.update');
    sendPcm(b, first!);
    await waitForCount(b, 'conversation.item.input_audio_transcription.completed', 1);
    const beta = ofType(b, 'conversation.item.input_audio_transcription.completed')[0]!;
    expect(beta.usage).toMatchObject({ type: 'tokens' });
    expect(beta.logprobs).toBeUndefined();
  });

  it('a session.update barrier inside speech keeps the open turn (one speech_started, one speech_stopped, same item)', async () => {
    const c = track(await open(emulator, { ...GA, kind: 'transcription' }), 'ga');
    await update(c, { type: 'transcription', audio: { input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } });
    const [lead, middle] = await gapsAudioPieces([1.2, SEGMENTS[1]![0]]);
    sendPcm(c, lead!);
    c.send({ type: 'session.update', session: { type: 'transcription' } });
    sendPcm(c, middle!);
    await waitForCount(c, 'input_audio_buffer.committed', 1);
    expect(ofType(c, 'input_audio_buffer.speech_started')).toHaveLength(1);
    expect(ofType(c, 'input_audio_buffer.speech_stopped').map((e) => e.item_id)).toEqual(ofType(c, 'input_audio_buffer.speech_started').map((e) => e.item_id));
  });

  it('sent only schema-valid client events and received only schema-valid server events', () => {
    for (const c of clients as (TestClient & { protocol: 'ga' | 'beta' })[]) {
      expect(schemaProblems(c, c.protocol)).toEqual([]);
      expect(clientSchemaProblems(c, c.protocol).filter((p) => !p.includes('voices'))).toEqual([]);
    }
  });
});
