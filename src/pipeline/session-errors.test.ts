import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock.js';
import type { RunConfig } from '../config/types.js';
import { TransportError } from '../errors.js';
import type { TimedEvent } from './record.js';
import { createRecorder } from './recorder.js';
import { CLIENT_EVENT_IDS, runSession, type SessionPlan } from './session.js';
import { createScriptedTransport, type Script, type ScriptControls } from './transport/scripted.js';

/** Errors as the service gives them (REALTIME.md §1, §10), on a virtual clock. */

const config: RunConfig = {
  configId: 'test', model: 'gpt-realtime', transcribeModel: 'gpt-4o-transcribe', protocol: 'ga', session: 'transcription', format: 'pcm16', rateHz: 24000,
  vad: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500, eagerness: null, transport: 'websocket',
};
const manual: RunConfig = { ...config, vad: 'none', threshold: null, prefixPaddingMs: null, silenceDurationMs: null };
const plan: SessionPlan = {
  config, settings: { instructions: 'hi', voice: 'alloy', language: null, prompt: null, includeLogprobs: false },
  chunkMs: 40, speed: 1, tailSilenceMs: 600, turnTimeoutMs: 3000, connectTimeoutMs: 1000,
};

const MAX_DURATION = 'Your session hit the maximum duration of 60 minutes.';

async function run(script: Script, p: SessionPlan = plan, audioMs = 1000) {
  const clock = createVirtualClock({ autoAdvance: true });
  const inner = createScriptedTransport(script, clock);
  const events: TimedEvent[] = [];
  const recorder = createRecorder(inner, { clock, spec: { format: 'pcm16', rateHz: 24000 }, sink: (f) => events.push(f) });
  async function* audio(): AsyncGenerator<Buffer> {
    yield Buffer.alloc(audioMs * 48);
  }
  const result = await runSession(p, { transport: recorder.transport, clock, audio: audio(), signal: new AbortController().signal });
  return { result, events, sent: inner.sent };
}

/** A transcription server; `onAppend(n, controls)` runs for the n-th append (from 1). */
function server(onAppend: (n: number, c: ScriptControls) => void = () => undefined): Script {
  let appends = 0;
  return (event, c) => {
    if (event === null) return c.emit({ type: 'session.created', session: { type: 'transcription' } });
    if (event.type === 'session.update') c.emit({ type: 'session.updated', session: { type: 'transcription' } });
    if (event.type === 'input_audio_buffer.append') onAppend(++appends, c);
    if (event.type === 'input_audio_buffer.commit') {
      c.emit({ type: 'input_audio_buffer.committed', item_id: 'item_M', previous_item_id: null });
      c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_M', transcript: 'x' }, 50);
    }
  };
}

const handshakeFailure = (code: number, errorCode: string, message: string): Script => (event, c) => {
  if (event !== null) return;
  c.emit({ type: 'error', event_id: 'event_1', error: { type: 'invalid_request_error', code: errorCode, message, param: null, event_id: null } });
  c.close(code, `invalid_request_error.${errorCode}`);
};

describe('server errors during a session', () => {
  it('records an error event that no close follows, and goes on', async () => {
    const { result, events } = await run(server((n, c) => {
      if (n === 5) c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_event', message: 'binary frame', param: null, event_id: null } });
    }));
    expect(result).toMatchObject({ state: 'completed', error: null });
    expect(result.fatal ?? null).toBeNull();
    expect(events.some((f) => f.dir === 'in' && f.event.type === 'error')).toBe(true);
  });

  it('records an unknown server event, and goes on', async () => {
    const { result, events } = await run(server((n, c) => {
      if (n === 2) c.emit({ type: 'session.some_future_event', detail: { a: 1 } });
    }));
    expect(result.state).toBe('completed');
    expect(events.find((f) => f.event.type === 'session.some_future_event')?.event).toEqual({ type: 'session.some_future_event', detail: { a: 1 } });
  });

  it('does not fail setup on an error about some other event', async () => {
    const script: Script = (event, c) => {
      if (event === null) {
        c.emit({ type: 'session.created', session: {} });
        c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'x', message: 'not about you', param: null, event_id: 'evt_other' } });
      } else if (event.type === 'session.update') c.emit({ type: 'session.updated', session: {} }, 10);
    };
    expect((await run(script)).result.state).toBe('completed');
  });

  it('fails setup when the server rejects the harness\'s own session.update', async () => {
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      if (event.type === 'session.update') {
        c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'integer_below_min_value', message: 'Invalid rate 16000. Expected a value >= 24000.', param: 'session.audio.input.format.rate', event_id: event.event_id } });
      }
    };
    const { result } = await run(script);
    expect(result).toMatchObject({ state: 'errored', stage: 'setup', error: 'the server rejected session.update: integer_below_min_value: Invalid rate 16000. Expected a value >= 24000.' });
  });
});

describe('closes that end the run', () => {
  it('turns an auth error followed by close 3000 into a fatal error with the server message', async () => {
    const { result } = await run(handshakeFailure(3000, 'invalid_api_key', 'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.'));
    expect(result).toMatchObject({ state: 'errored', stage: 'setup' });
    expect(result.fatal).toBeInstanceOf(TransportError);
    expect(result.fatal?.closeCode).toBe(3000);
    expect(result.fatal?.exitCode).toBe(4);
    expect(result.fatal?.message).toBe('authentication failed: the server closed the session (3000 invalid_request_error.invalid_api_key): Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.');
    expect(result.fatal?.hint).toMatch(/OPENAI_API_KEY/);
  });

  it('turns close 4000 into a fatal error, with what to do about a retired beta', async () => {
    const { result } = await run(handshakeFailure(4000, 'beta_api_shape_disabled', 'The Realtime beta API shape is no longer supported.'));
    expect(result.fatal?.closeCode).toBe(4000);
    expect(result.fatal?.message).toMatch(/^the request was refused: .*\(4000 invalid_request_error.beta_api_shape_disabled\): The Realtime beta API shape/);
    expect(result.fatal?.hint).toMatch(/--protocol ga/);
  });

  it('leaves other closes to their session', async () => {
    const { result } = await run(server((n, c) => {
      if (n === 3) c.close(1011, 'server_error');
    }));
    expect(result).toMatchObject({ state: 'errored', stage: 'stream' });
    expect(result.fatal ?? null).toBeNull();
  });
});

describe('session_expired', () => {
  it('ends the session with a clear error when the server expires it and closes 1001', async () => {
    const { result } = await run(server((n, c) => {
      if (n !== 4) return;
      c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'session_expired', message: MAX_DURATION, param: null, event_id: null } });
      c.close(1001, MAX_DURATION);
    }));
    expect(result).toMatchObject({ state: 'errored', stage: 'stream' });
    expect(result.error).toMatch(/^session_expired during streaming: Your session hit the maximum duration of 60 minutes\./);
    expect(result.fatal ?? null).toBeNull();
  });

  it('ends the session even when no close follows', async () => {
    const { result, sent, events } = await run(server((n, c) => {
      if (n === 4) c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'session_expired', message: MAX_DURATION, param: null, event_id: null } });
    }));
    expect(result.error).toMatch(/^session_expired during streaming/);
    expect(events.at(-1)?.event).toEqual({ type: 'close', code: 1000, reason: 'done' });
    expect(sent.filter((e) => e.type === 'input_audio_buffer.append').length).toBeLessThan(10);
  });
});

describe('manual commits', () => {
  it('never commits less than 100 ms of audio and says why', async () => {
    const { result, sent } = await run(server(), { ...plan, config: manual }, 60);
    expect(sent.map((e) => e.type)).not.toContain('input_audio_buffer.commit');
    expect(result).toMatchObject({ state: 'errored', stage: 'wait' });
    expect(result.error).toMatch(/only 60 ms of audio to commit: the server refuses commits under 100 ms/);
  });

  it('commits 100 ms', async () => {
    const { result, sent } = await run(server(), { ...plan, config: manual }, 100);
    expect(result.state).toBe('completed');
    expect(sent.at(-2)).toEqual({ type: 'input_audio_buffer.commit', event_id: CLIENT_EVENT_IDS.commit });
    expect(sent.at(-1)).toMatchObject({ type: 'session.update', event_id: CLIENT_EVENT_IDS.barrier });
  });

  it('stops waiting when the server refuses the commit', async () => {
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      if (event.type === 'session.update') c.emit({ type: 'session.updated', session: {} });
      if (event.type === 'input_audio_buffer.commit') {
        c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', message: 'buffer too small', param: null, event_id: event.event_id } });
      }
    };
    const { result } = await run(script, { ...plan, config: manual });
    expect(result).toMatchObject({ state: 'errored', stage: 'wait', error: 'the server refused the commit: input_audio_buffer_commit_empty: buffer too small' });
  });
});
