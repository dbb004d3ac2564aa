import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { connectClient, typesOf } from '../helpers/emulator-client.js';
import { FAST_PROFILES } from '../helpers/emulator-sessions.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

type Json = Record<string, unknown>;
const KEY = 'sk-emulator-test-key';

async function mint(emulator: RunningEmulator, body: unknown, key: string | null = KEY): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${emulator.restUrl}/realtime/client_secrets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('authentication with --api-key', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ vad: webrtcVad, profiles: FAST_PROFILES, apiKey: KEY });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('accepts the key as a bearer header or a browser subprotocol, never echoing it', async () => {
    const a = await connectClient(`${emulator.url}?model=gpt-realtime`, { Authorization: `Bearer ${KEY}` });
    await a.waitFor((e) => typesOf(e).includes('session.created'));
    a.close();
    const b = await connectClient(`${emulator.url}?model=gpt-realtime`, {}, ['realtime', `openai-insecure-api-key.${KEY}`]);
    await b.waitFor((e) => typesOf(e).includes('session.created'));
    expect(b.upgradeHeaders['sec-websocket-protocol']).toBe('realtime');
    b.close();
  });

  it('refuses a wrong or missing key as the service does: an error event, then close 3000', async () => {
    const wrong = await connectClient(`${emulator.url}?model=gpt-realtime`, { Authorization: 'Bearer sk-wrong' });
    expect(await wrong.closed).toEqual({ code: 3000, reason: 'invalid_request_error.invalid_api_key' });
    expect(wrong.events).toHaveLength(1);
    expect(wrong.events[0]?.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(JSON.stringify(wrong.events)).not.toContain('sk-wrong');
    const missing = await connectClient(`${emulator.url}?model=gpt-realtime`);
    expect(await missing.closed).toEqual({ code: 3000, reason: 'invalid_request_error' });
    expect(missing.events[0]?.error).toMatchObject({ type: 'invalid_request_error', code: null });
    for (const e of [...wrong.events, ...missing.events]) expect(realtimeSchema('ga').validateServer(e)).toEqual([]);
  });

  it('mints client secrets in the GA shape, only for the API key', async () => {
    const request = { expires_after: { anchor: 'created_at', seconds: 120 }, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.', audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 350 } } } } };
    expect(realtimeSchema('ga').validateComponent('RealtimeCreateClientSecretRequest', request, 'client')).toEqual([]);
    const { status, body } = await mint(emulator, request);
    expect(status).toBe(200);
    expect(realtimeSchema('ga').validateComponent('RealtimeCreateClientSecretResponse', body, 'server')).toEqual([]);
    expect(String(body.value)).toMatch(/^ek_[0-9a-f]{32}$/);
    expect(Number(body.expires_at)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 118);
    expect(body.session).toMatchObject({ type: 'realtime', object: 'realtime.session', model: 'gpt-realtime', instructions: 'Be brief.' });
    expect((await mint(emulator, request, null)).status).toBe(401);
    expect((await mint(emulator, request, 'sk-wrong')).body.error).toMatchObject({ code: 'invalid_api_key' });
    expect((await mint(emulator, request, String(body.value))).status).toBe(401);
  });

  it('validates the mint request and names the bad field', async () => {
    expect(await mint(emulator, { expires_after: { seconds: 5 } })).toMatchObject({ status: 400, body: { error: { param: 'expires_after.seconds' } } });
    expect(await mint(emulator, { session: { type: 'video' } })).toMatchObject({ status: 400, body: { error: { param: 'session.type' } } });
    expect(await mint(emulator, { session: { type: 'transcription', colour: 'blue' } })).toMatchObject({ status: 400, body: { error: { code: 'unknown_parameter', param: 'session.colour' } } });
    const res = await fetch(`${emulator.restUrl}/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{' });
    expect(res.status).toBe(400);
    expect((await fetch(`${emulator.restUrl}/realtime/sessions`, { method: 'POST' })).status).toBe(404);
  });

  it('lets a socket in with a minted secret and starts the session with its configuration', async () => {
    const realtime = await mint(emulator, { session: { type: 'realtime', model: 'gpt-realtime-mini', instructions: 'Be brief.', audio: { input: { format: { type: 'audio/pcmu' } } } } });
    const a = await connectClient(emulator.url, { Authorization: `Bearer ${String(realtime.body.value)}` });
    await a.waitFor((e) => typesOf(e).includes('session.created'));
    expect(a.events[0]?.session).toMatchObject({ type: 'realtime', model: 'gpt-realtime-mini', instructions: 'Be brief.', audio: { input: { format: { type: 'audio/pcmu' } } } });
    a.close();
    const transcription = await mint(emulator, { session: { type: 'transcription', audio: { input: { transcription: { model: 'whisper-1' } } } } });
    const b = await connectClient(emulator.url, {}, ['realtime', `openai-insecure-api-key.${String(transcription.body.value)}`]);
    await b.waitFor((e) => typesOf(e).includes('session.created'));
    expect(b.events[0]?.session).toMatchObject({ type: 'transcription', audio: { input: { transcription: { model: 'whisper-1' } } } });
    b.close();
  });
});

describe('binding', () => {
  it('refuses to listen beyond loopback without an API key', async () => {
    await expect(startEmulator({ vad: webrtcVad, host: '0.0.0.0' })).rejects.toThrow(/refusing to listen on 0.0.0.0 without an API key/);
  });

  it('lets anyone in when no key is set, and announces itself in the upgrade', async () => {
    const emulator = await startEmulator({ vad: webrtcVad });
    expect(emulator.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    const c = await connectClient(`${emulator.url}?model=gpt-realtime`, { Authorization: 'Bearer anything' });
    expect(c.upgradeHeaders['x-rtbench-emulator']).toBe('1');
    await c.waitFor((e) => typesOf(e).includes('session.created'));
    c.close();
    const noModel = await connectClient(emulator.url);
    expect(await noModel.closed).toEqual({ code: 4000, reason: 'invalid_request_error.missing_model' });
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(emulator.url.replace('/v1/realtime', '/elsewhere'));
      ws.once('unexpected-response', (_req, res) => {
        expect(res.statusCode).toBe(404);
        resolve();
      });
      ws.once('open', () => {
        reject(new Error('upgraded on an unknown path'));
      });
      ws.on('error', () => undefined);
    });
    await emulator.close();
  });
});
