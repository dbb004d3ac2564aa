import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { appendAudio, connectClient, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { chunkBytes, connectionFor, corpusAudio, FAST_PROFILES, sessionUpdate, type SessionMode } from '../helpers/emulator-sessions.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

type Json = Record<string, unknown>;

const MODE: SessionMode = { protocol: 'ga', kind: 'realtime', vad: 'server_vad', format: 'pcm16', rateHz: 24000, transcribeModel: 'gpt-4o-transcribe' };
const HINT = { text: 'one two three', segments: [[0.04, 0.74], [1.04, 1.61], [2.0, 2.65]] as [number, number][] };
const all: TestClient[] = [];

async function open(emulator: RunningEmulator, extraHeaders: Record<string, string> = {}): Promise<TestClient> {
  const { url, headers } = connectionFor(emulator.url, MODE, HINT);
  const client = await connectClient(url, { ...headers, ...extraHeaders });
  all.push(client);
  return client;
}

/** Configures the session and sends the test audio with a second of silence. */
async function talk(client: TestClient): Promise<void> {
  await client.waitFor((e) => typesOf(e).includes('session.created'));
  client.send(sessionUpdate(MODE));
  appendAudio(client, await corpusAudio('one_two_three_44k.wav', MODE, 1000), chunkBytes(MODE));
}

const errorsOf = (c: TestClient): Json[] => c.events.filter((e) => e.type === 'error').map((e) => e.error as Json);

describe('faults on demand', () => {
  let emulator: RunningEmulator;
  const log: Json[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      vad: webrtcVad,
      profiles: FAST_PROFILES,
      maxSessionMs: 60_000,
      // Session numbers: 1 is untouched, 2 is refused, 3 gets a rate limit error.
      faults: ['auth:session=2', 'error:code=rate_limit_exceeded,audio=1000,session=3'],
      onLog: (entry) => log.push(entry),
    });
  });

  afterAll(async () => {
    for (const c of all) c.close();
    await emulator.close();
  });

  it('applies --fault specs to the sessions they select, in connection order', async () => {
    const first = await open(emulator);
    await talk(first);
    await first.waitFor((e) => typesOf(e).includes('response.done'));
    expect(errorsOf(first)).toEqual([]);

    const second = await open(emulator);
    expect(await second.closed).toEqual({ code: 3000, reason: 'invalid_request_error.invalid_api_key' });
    expect(errorsOf(second)[0]).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });

    const third = await open(emulator);
    await talk(third);
    await third.waitFor((e) => typesOf(e).includes('conversation.item.input_audio_transcription.completed'));
    expect(errorsOf(third)).toEqual([expect.objectContaining({ code: 'rate_limit_exceeded' })]);
    // Not fatal: the session went on after the error.
    const errorAt = typesOf(third.events).indexOf('error');
    expect(typesOf(third.events).slice(errorAt + 1)).toContain('input_audio_buffer.committed');
    expect(log.filter((e) => e.event === 'fault').map((e) => [e.session, e.fault])).toEqual([[2, 'auth:session=2'], [3, 'error:code=rate_limit_exceeded,audio=1000,session=3']]);
  });

  it('drops the socket without a close frame right after the named event', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'drop:on=input_audio_buffer.committed' });
    await talk(c);
    expect((await c.closed).code).toBe(1006);
    expect(typesOf(c.events).at(-1)).toBe('input_audio_buffer.committed');
  });

  it('closes with the code and reason asked for', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'close:code=4001,reason=bye,after=50' });
    expect(await c.closed).toEqual({ code: 4001, reason: 'bye' });
    expect(typesOf(c.events)).toEqual(['session.created']);
  });

  it('stalls for a while, then sends what it held, in order', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'stall:on=session.updated,for=600' });
    const sentAt = performance.now();
    await talk(c);
    await c.waitFor((e) => typesOf(e).includes('input_audio_buffer.speech_started'));
    const i = typesOf(c.events).indexOf('input_audio_buffer.speech_started');
    expect((c.receivedAtMs[i] ?? 0) - sentAt).toBeGreaterThanOrEqual(590);
    expect(typesOf(c.events).slice(0, 3)).toEqual(['session.created', 'session.updated', 'input_audio_buffer.speech_started']);
  });

  it('stalls for good when no duration is given', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'stall:on=session.updated' });
    await talk(c);
    await new Promise((r) => setTimeout(r, 500));
    expect(typesOf(c.events)).toEqual(['session.created', 'session.updated']);
  });

  it('sends server_error and session_expired errors, closing as asked and as the service does', async () => {
    const a = await open(emulator, { 'x-rtbench-fault': 'error:code=server_error,close=1011,on=response.created' });
    await talk(a);
    expect(await a.closed).toEqual({ code: 1011, reason: 'server_error' });
    expect(errorsOf(a)).toEqual([expect.objectContaining({ type: 'server_error', code: 'server_error' })]);
    const b = await open(emulator, { 'x-rtbench-fault': 'error:code=session_expired,after=20' });
    expect(await b.closed).toEqual({ code: 1001, reason: 'Your session hit the maximum duration of 1 minutes.' });
    expect(errorsOf(b)).toEqual([expect.objectContaining({ type: 'invalid_request_error', code: 'session_expired' })]);
  });

  it('sends a frame that is not JSON', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'malformed:on=response.created' });
    await talk(c);
    await c.waitFor((e) => typesOf(e).includes('response.done'));
    expect(c.malformed).toEqual(['{"type":"response.done","event_id":']);
  });

  it('refuses a session whose fault header cannot be read', async () => {
    const c = await open(emulator, { 'x-rtbench-fault': 'explode' });
    expect(await c.closed).toEqual({ code: 4000, reason: 'invalid_request_error.invalid_fault' });
    expect(String(errorsOf(c)[0]?.message)).toMatch(/unknown kind "explode"/);
  });

  it('reports what it cannot read from the client without ending the session', async () => {
    const { url, headers } = connectionFor(emulator.url, MODE, null);
    const ws = new WebSocket(url, { headers });
    const events: Json[] = [];
    // session.created, then one error per bad frame.
    const answered = new Promise<void>((resolve) => {
      ws.on('message', (d: Buffer) => {
        events.push(JSON.parse(d.toString('utf8')) as Json);
        if (events.length === 5) resolve();
      });
    });
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send('[1,2]');
    ws.send('{"event_id":"no_type"}');
    await answered;
    expect(events.filter((e) => e.type === 'error').map((e) => (e.error as Json).code)).toEqual(['invalid_json', 'invalid_event', 'invalid_event', 'invalid_event']);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    for (const e of events) expect(realtimeSchema('ga').validateServer(e)).toEqual([]);
    ws.close();
  });

  it('emits only schema-valid events in every faulted session', () => {
    const problems = all.flatMap((c) => c.events.flatMap((e) => realtimeSchema('ga').validateServer(e)));
    expect(problems).toEqual([]);
  });
});

describe('the maximum session length', () => {
  it('ends the session with session_expired, then close 1001 with the same message', async () => {
    const emulator = await startEmulator({ vad: webrtcVad, profiles: FAST_PROFILES, maxSessionMs: 300 });
    const c = await connectClient(connectionFor(emulator.url, MODE, null).url);
    const created = await c.waitFor((e) => e.length > 0).then(() => c.events[0]?.session as Json);
    const closed = await c.closed;
    expect(closed).toEqual({ code: 1001, reason: 'Your session hit the maximum duration of 0.01 minutes.' });
    expect(errorsOf(c)).toEqual([expect.objectContaining({ code: 'session_expired', message: closed.reason })]);
    expect(Number(created.expires_at)).toBeGreaterThan(Date.now() / 1000 - 1);
    for (const e of c.events) expect(realtimeSchema('ga').validateServer(e)).toEqual([]);
    await emulator.close();
  });
});
