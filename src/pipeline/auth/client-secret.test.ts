import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../clock.js';
import { TransportError } from '../../errors.js';
import { mintBaseUrl, mintClientSecret, type MintOptions } from './client-secret.js';

const API = 'https://api.openai.com';
const PATH = '/v1/realtime/client_secrets';
const SESSION = { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: null } } };
const MINTED = { value: 'ek_68af296e8e408191a1120ab6383263c2', expires_at: 1756310470, session: { ...SESSION, object: 'realtime.transcription_session', id: 'sess_1' } };

function options(overrides: Partial<MintOptions> = {}): MintOptions {
  return { baseUrl: `${API}/v1`, apiKey: 'sk-test', clock: createVirtualClock({ autoAdvance: true, wallIso: '2026-01-01T00:00:00.000Z' }), signal: new AbortController().signal, random: () => 0, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

describe('mintClientSecret (POST /v1/realtime/client_secrets through the openai client)', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });

  it('mints with the API key and the session config, and times it', async () => {
    const scope = nock(API).post(PATH, { session: SESSION }).matchHeader('authorization', 'Bearer sk-test').reply(200, MINTED);
    const minted = await mintClientSecret(SESSION, options());
    expect(minted).toEqual({
      value: MINTED.value,
      expiresAt: 1756310470,
      mintMs: expect.any(Number) as unknown,
      attempts: 1,
      exchanges: [{ method: 'POST', path: '/realtime/client_secrets', status: 200, headers: {}, body: { ...MINTED, value: '<redacted>' } }],
    });
    expect(minted.mintMs).toBeGreaterThanOrEqual(0);
    expect(scope.isDone()).toBe(true);
  });

  it('treats 401 as final and fatal, with the server message and what to check', async () => {
    const scope = nock(API).post(PATH).once().reply(401, { error: { message: 'Incorrect API key provided: sk-test.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    const error = await failure(mintClientSecret(SESSION, options()));
    expect(error.fatal).toBe(true);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe(`could not mint a client secret at ${API}/v1/realtime/client_secrets: HTTP 401 Incorrect API key provided: sk-test.`);
    expect(error.hint).toMatch(/OPENAI_API_KEY/);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('retries a 429 after the retry-after the server asked for, then succeeds', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const scope = nock(API)
      .post(PATH).reply(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '2' })
      .post(PATH).reply(200, MINTED);
    const minted = await mintClientSecret(SESSION, options({ clock }));
    expect(minted.attempts).toBe(2);
    expect(minted.mintMs).toBe(2000);
    expect(scope.isDone()).toBe(true);
  });

  it('honours retry-after-ms before retry-after', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    nock(API).post(PATH).reply(503, 'busy', { 'retry-after-ms': '150', 'retry-after': '9' }).post(PATH).reply(200, MINTED);
    expect((await mintClientSecret(SESSION, options({ clock }))).mintMs).toBe(150);
  });

  it('gives up after the last attempt on repeated 500s, with backoff and jitter between, not fatal', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const scope = nock(API).post(PATH).times(4).reply(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
    const error = await failure(mintClientSecret(SESSION, options({ clock, random: () => 0 })));
    expect(error.fatal).toBe(false);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`could not mint a client secret at ${API}/v1/realtime/client_secrets after 4 attempts: HTTP 500 The server had an error while processing your request.`);
    // Lower edge of each jittered wait: 250 + 500 + 1000 ms.
    expect(clock.now()).toBe(1750);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a refused connection, then says what went wrong', async () => {
    const clock = createVirtualClock({ autoAdvance: true });
    const error = await failure(mintClientSecret(SESSION, options({ clock, baseUrl: 'http://127.0.0.1:9/v1', policy: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100, maxRetryAfterMs: 1000 } })));
    expect(error.message).toMatch(/^could not mint a client secret at http:\/\/127.0.0.1:9\/v1\/realtime\/client_secrets after 2 attempts: Connection error/);
    expect(error.fatal).toBe(false);
  });

  it('stops when aborted', async () => {
    nock(API).post(PATH).reply(429, {}, { 'retry-after': '30' });
    const controller = new AbortController();
    const clock = createVirtualClock();
    const pending = mintClientSecret(SESSION, options({ clock, signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('interrupted'));
    await expect(pending).rejects.toThrow('interrupted');
  });

  it('never puts the secret in an error', async () => {
    nock(API).post(PATH).reply(200, { value: '', expires_at: 1 });
    const error = await failure(mintClientSecret(SESSION, options()));
    expect(error.message).toBe(`${API}/v1/realtime/client_secrets answered without a client secret value`);
  });
});

describe('mintBaseUrl', () => {
  it('maps a socket URL to its REST base', () => {
    expect(mintBaseUrl('wss://api.openai.com/v1/realtime?model=gpt-realtime')).toBe('https://api.openai.com/v1');
    expect(mintBaseUrl('ws://127.0.0.1:8787/v1/realtime?intent=transcription')).toBe('http://127.0.0.1:8787/v1');
    expect(mintBaseUrl('wss://relay.example.com/openai/v1/realtime/')).toBe('https://relay.example.com/openai/v1');
  });
});
