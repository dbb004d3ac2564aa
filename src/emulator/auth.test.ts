import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { authorize, presentedCredential, SecretStore } from './auth.js';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('authorize', () => {
  it('accepts a minted secret until it expires, then refuses it even without an API key', () => {
    let nowS = 1_000_000;
    const store = new SecretStore(() => nowS);
    const secret = store.mint(10, { type: 'realtime' });
    expect(secret.expiresAt).toBe(1_000_010);
    expect(authorize(secret.value, 'sk-key', store)).toEqual({ secret });
    nowS += 10;
    expect(authorize(secret.value, 'sk-key', store)).toMatchObject({ code: 'invalid_api_key', message: expect.stringMatching(/expired/) as unknown });
    expect(authorize(secret.value, null, store)).toMatchObject({ code: 'invalid_api_key' });
  });

  it('checks the API key only when one is set', () => {
    const store = new SecretStore(() => 0);
    expect(authorize(null, null, store)).toEqual({ secret: null });
    expect(authorize('anything', null, store)).toEqual({ secret: null });
    expect(authorize('sk-key', 'sk-key', store)).toEqual({ secret: null });
    expect(authorize('sk-kez', 'sk-key', store)).toMatchObject({ code: 'invalid_api_key' });
    expect(authorize(null, 'sk-key', store)).toMatchObject({ code: null });
  });

  it('finds the credential in the bearer header or the browser subprotocol', () => {
    expect(presentedCredential(request({ authorization: 'Bearer sk-1' }))).toBe('sk-1');
    expect(presentedCredential(request({ 'sec-websocket-protocol': 'realtime, openai-insecure-api-key.ek_2, openai-beta.realtime-v1' }))).toBe('ek_2');
    expect(presentedCredential(request({}))).toBeNull();
  });
});
