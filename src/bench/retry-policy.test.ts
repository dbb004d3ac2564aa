import { describe, expect, it } from 'vitest';
import { TransportError } from '../errors.js';
import type { TimedEvent } from '../pipeline/record.js';
import type { SessionResult } from '../pipeline/session.js';
import { retryReasonOf } from './retry-policy.js';

const failed = (stage: SessionResult['stage'], error = 'boom', retryable = false): SessionResult => ({ state: 'errored', error, stage, retryable });
const frame = (dir: TimedEvent['dir'], event: Record<string, unknown>): TimedEvent => ({ tMs: 0, audioMs: 0, dir, event });
const close = (code: number): TimedEvent => frame('ws', { type: 'close', code, reason: '' });
const serverError = (code: string): TimedEvent => frame('in', { type: 'error', error: { type: 'server_error', code, message: 'm' } });
const opened = [frame('ws', { type: 'open', url: 'ws://x', emulated: true }), frame('in', { type: 'session.created', session: {} })];
const transcript = frame('in', { type: 'conversation.item.input_audio_transcription.completed', item_id: 'i1', transcript: 'hi' });

describe('which failed sessions are tried again', () => {
  it('retries connections that may pass: timeouts, resets, 5xx', () => {
    expect(retryReasonOf(failed('connect', 'cannot connect to ws://x: socket hang up', true), [])).toBe('transient');
    expect(retryReasonOf(failed('connect', 'ws://x answered HTTP 503 instead of upgrading to a WebSocket', true), [])).toBe('transient');
  });

  it('calls a 429 or rate_limit_exceeded while setting up a rate limit', () => {
    expect(retryReasonOf(failed('connect', 'ws://x answered HTTP 429 instead of upgrading to a WebSocket', true), [])).toBe('rate_limited');
    expect(retryReasonOf(failed('setup'), [...opened, serverError('rate_limit_exceeded'), close(1008)])).toBe('rate_limited');
  });

  it('retries a socket the server dropped or failed before any result', () => {
    for (const code of [1001, 1006, 1011, 1012, 1013, 1014]) {
      expect(retryReasonOf(failed('stream'), [...opened, close(code)]), String(code)).toBe('transient');
      expect(retryReasonOf(failed('setup'), [...opened, close(code)]), String(code)).toBe('transient');
    }
    expect(retryReasonOf(failed('stream'), [...opened, serverError('server_error'), close(1011)])).toBe('transient');
  });

  it('retries a server that stalled while setting up', () => {
    expect(retryReasonOf(failed('setup', 'no session.updated within 1000 ms after session.update', true), [...opened, close(1000)])).toBe('transient');
  });

  it('does not retry once a result has arrived: what happened is the result', () => {
    expect(retryReasonOf(failed('wait'), [...opened, transcript, close(1006)])).toBeNull();
  });

  it('never retries a refused request, bad input, a slow answer or an expired session', () => {
    expect(retryReasonOf(failed('setup', 'the server rejected session.update: invalid_value: x'), [...opened, close(1000)])).toBeNull();
    expect(retryReasonOf(failed('stream'), [...opened, close(1008)])).toBeNull();
    expect(retryReasonOf(failed('decode', 'cannot decode a.wav: damaged'), [])).toBeNull();
    expect(retryReasonOf(failed('manifest'), [])).toBeNull();
    expect(retryReasonOf(failed('stream'), [...opened, serverError('session_expired'), close(1001)])).toBeNull();
    expect(retryReasonOf({ state: 'timed-out', error: 'timed out', stage: 'wait', retryable: false }, [...opened, close(1000)])).toBeNull();
    const fatal = new TransportError('authentication failed', { fatal: true, closeCode: 3000 });
    expect(retryReasonOf({ ...failed('setup'), fatal }, [...opened, close(3000)])).toBeNull();
    expect(retryReasonOf({ state: 'aborted', error: 'interrupted', stage: null, retryable: false }, [])).toBeNull();
  });
});
