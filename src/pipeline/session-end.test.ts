import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock.js';
import type { RunConfig } from '../config/types.js';
import type { ClientEvent } from './protocol/session-config.js';
import { CLIENT_EVENT_IDS, runSession, type SessionPlan } from './session.js';
import { createScriptedTransport, type Script, type ScriptControls } from './transport/scripted.js';

const config: RunConfig = {
  configId: 'test', model: 'gpt-realtime', transcribeModel: 'gpt-4o-transcribe', protocol: 'ga', session: 'transcription', format: 'pcm16', rateHz: 24000,
  vad: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500, eagerness: null, transport: 'websocket',
};

const plan: SessionPlan = {
  config, settings: { instructions: '', voice: 'alloy', language: null, prompt: null, includeLogprobs: false },
  chunkMs: 40, speed: 'max', tailSilenceMs: 1500, turnTimeoutMs: 20_000, connectTimeoutMs: 1000,
};

/**
 * A server that handles client events strictly in order and takes `appendMs` of its clock for
 * each append (a VAD running behind the audio, as on a loaded machine): one turn from 1.0 s to
 * 2.0 s of audio, its events when the audio that shows it has been analysed.
 */
function slowInOrder(appendMs: number, answer: (event: ClientEvent, c: ScriptControls, busyUntilMs: number) => void = defaultAnswer): Script {
  let audioMs = 0;
  let busyMs = 0;
  return (event, c) => {
    if (event === null) return c.emit({ type: 'session.created', session: { type: 'transcription' } });
    if (event.type !== 'input_audio_buffer.append') return answer(event, c, busyMs);
    busyMs += appendMs;
    audioMs += Buffer.from(event.audio as string, 'base64').length / 48;
    if (audioMs === 1040) c.emit({ type: 'input_audio_buffer.speech_started', item_id: 'item_U', audio_start_ms: 700 }, busyMs);
    if (audioMs !== 2520) return;
    c.emit({ type: 'input_audio_buffer.speech_stopped', item_id: 'item_U', audio_end_ms: 2500 }, busyMs);
    c.emit({ type: 'input_audio_buffer.committed', item_id: 'item_U', previous_item_id: null }, busyMs);
    c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_U', content_index: 0, transcript: 'hello there' }, busyMs + 200);
  };
}

function defaultAnswer(event: ClientEvent, c: ScriptControls, busyUntilMs: number): void {
  if (event.type === 'session.update') c.emit({ type: 'session.updated', session: { type: 'transcription' } }, busyUntilMs);
}

async function run(script: Script, p: SessionPlan = plan, audioMs = 3000) {
  const clock = createVirtualClock({ autoAdvance: true });
  const transport = createScriptedTransport(script, clock);
  const events: Record<string, unknown>[] = [];
  transport.subscribe({ onEvent: (e) => events.push(e), onClose: () => undefined });
  async function* audio(): AsyncGenerator<Buffer> {
    yield Buffer.alloc(audioMs * 48);
  }
  const startMs = clock.now();
  const result = await runSession(p, { transport, clock, audio: audio(), signal: new AbortController().signal });
  return { result, sent: transport.sent, events, elapsedMs: clock.now() - startMs };
}

describe('the end of a session', () => {
  it('waits for a server that runs far behind the audio, however long it takes, and misses none of its events', async () => {
    // 113 appends at 30 ms each: the speech events come 1.5–2.6 s after the last append was sent.
    const { result, events, sent, elapsedMs } = await run(slowInOrder(30));
    expect(result).toMatchObject({ state: 'completed', error: null });
    expect(events.map((e) => e.type)).toContain('input_audio_buffer.speech_stopped');
    expect(events.map((e) => e.type)).toContain('conversation.item.input_audio_transcription.completed');
    expect(sent.at(-1)).toEqual({ type: 'session.update', session: { type: 'transcription' }, event_id: CLIENT_EVENT_IDS.barrier });
    expect(elapsedMs).toBeGreaterThanOrEqual(113 * 30);
  });

  it('ends as soon as the barrier is answered and nothing is owed: no quiet period', async () => {
    const { result, elapsedMs } = await run(slowInOrder(0));
    expect(result.state).toBe('completed');
    // The transcript, 200 ms after the commit, is the last thing the session waits for.
    expect(elapsedMs).toBeCloseTo(200, 0);
  });

  it('times out, naming the barrier, when the server never answers it', async () => {
    let updates = 0;
    const { result } = await run(slowInOrder(0, (event, c) => {
      if (event.type === 'session.update' && updates++ === 0) c.emit({ type: 'session.updated', session: {} });
    }), { ...plan, turnTimeoutMs: 3000 });
    expect(result.state).toBe('timed-out');
    expect(result.error).toMatch(/the answer to the session\.update sent after the last audio \(the end-of-audio barrier\)/);
  });

  it('takes an error about the barrier as its answer: the server has read everything before it', async () => {
    let updates = 0;
    const { result } = await run(slowInOrder(5, (event, c, busy) => {
      if (event.type !== 'session.update') return;
      if (updates++ === 0) c.emit({ type: 'session.updated', session: {} });
      else c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'no', event_id: event.event_id } }, busy);
    }));
    expect(result.state).toBe('completed');
  });

  it('takes an error that echoes the barrier\'s id with the RTP mark of a WebRTC session as its answer', async () => {
    let updates = 0;
    const { result } = await run(slowInOrder(5, (event, c, busy) => {
      if (event.type !== 'session.update') return;
      if (updates++ === 0) c.emit({ type: 'session.updated', session: {} });
      else c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'no', event_id: `${String(event.event_id)}~rtp513` } }, busy);
    }), { ...plan, turnTimeoutMs: 5000 });
    expect(result).toMatchObject({ state: 'completed', error: null });
  });

  it('sends the barrier of a beta transcription session as the event that session takes', async () => {
    const { sent } = await run(slowInOrder(0, (event, c) => {
      if (event.type === 'transcription_session.update') c.emit({ type: 'transcription_session.updated', session: {} });
    }), { ...plan, config: { ...config, protocol: 'beta' } });
    expect(sent.at(-1)).toEqual({ type: 'transcription_session.update', session: {}, event_id: CLIENT_EVENT_IDS.barrier });
  });
});

describe('a server that breaks the protocol', () => {
  it('keeps a transcript whose commit named no item_id, instead of waiting for a transcript of ""', async () => {
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      if (event.type === 'session.update') return c.emit({ type: 'session.updated', session: {} });
      if (event.type === 'input_audio_buffer.commit') {
        c.emit({ type: 'input_audio_buffer.committed' });
        c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_X', content_index: 0, transcript: 'all of it' }, 1);
      }
    };
    const { result } = await run(script, { ...plan, config: { ...config, vad: 'none', threshold: null, prefixPaddingMs: null, silenceDurationMs: null }, turnTimeoutMs: 5000 });
    expect(result).toMatchObject({ state: 'completed', error: null });
  });

  it('still waits for the transcript of a commit without an item_id', async () => {
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      if (event.type === 'session.update') return c.emit({ type: 'session.updated', session: {} });
      if (event.type === 'input_audio_buffer.commit') c.emit({ type: 'input_audio_buffer.committed' });
    };
    const { result } = await run(script, { ...plan, config: { ...config, vad: 'none', threshold: null, prefixPaddingMs: null, silenceDurationMs: null }, turnTimeoutMs: 2000 });
    expect(result.state).toBe('timed-out');
    expect(result.error).toMatch(/the transcript of 1 turn\(s\) committed without an item_id/);
  });

  it('does not take a session.updated without its session object for the config', async () => {
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      if (event.type === 'session.update') c.emit({ type: 'session.updated', session: null });
    };
    const { result } = await run(script);
    expect(result).toMatchObject({ state: 'errored', stage: 'setup' });
    expect(result.error).toMatch(/session\.updated that holds no session object/);
  });
});
