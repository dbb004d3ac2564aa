import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock.js';
import type { RunConfig } from '../config/types.js';
import { scoreSession } from '../metrics/score-session.js';
import { CASSETTE_SCHEMA_VERSION, outcomeOf, type CassetteHeader, type TimedEvent } from './record.js';
import { createRecorder } from './recorder.js';
import { runSession, type SessionPlan } from './session.js';
import { createScriptedTransport, type Script } from './transport/scripted.js';

const config: RunConfig = {
  configId: 'test', model: 'gpt-realtime', transcribeModel: 'gpt-4o-transcribe', protocol: 'ga', session: 'realtime', format: 'pcm16', rateHz: 24000,
  vad: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500, eagerness: null, transport: 'websocket',
};

const plan: SessionPlan = {
  config, settings: { instructions: 'hi', voice: 'alloy', language: null, prompt: null, includeLogprobs: false },
  chunkMs: 40, speed: 1, tailSilenceMs: 1500, turnTimeoutMs: 5000, connectTimeoutMs: 1000,
};

async function* audio(ms: number): AsyncGenerator<Buffer> {
  yield Buffer.alloc(ms * 48);
}

/** A server that hears one turn from 1.0 s to 2.0 s of audio and answers it. */
function oneTurn(options: { transcript?: boolean; closeAtMs?: number } = {}): Script {
  let audioMs = 0;
  return (event, c) => {
    if (event === null) return c.emit({ type: 'session.created', session: { type: 'realtime' } });
    if (event.type === 'session.update') return c.emit({ type: 'session.updated', session: {} });
    if (event.type !== 'input_audio_buffer.append') return;
    audioMs += Buffer.from(event.audio as string, 'base64').length / 48;
    if (options.closeAtMs !== undefined && audioMs === options.closeAtMs) c.close(1011, 'server_error');
    if (audioMs === 1040) c.emit({ type: 'input_audio_buffer.speech_started', item_id: 'item_U', audio_start_ms: 700 });
    if (audioMs !== 2520) return;
    c.emit({ type: 'input_audio_buffer.speech_stopped', item_id: 'item_U', audio_end_ms: 2500 });
    c.emit({ type: 'input_audio_buffer.committed', item_id: 'item_U', previous_item_id: null });
    if (options.transcript !== false) c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_U', content_index: 0, transcript: 'hello there' }, 300);
    c.emit({ type: 'response.created', response: { id: 'resp_1' } });
    c.emit({ type: 'response.output_item.added', response_id: 'resp_1', item: { id: 'item_A' } });
    c.emit({ type: 'conversation.item.added', previous_item_id: 'item_U', item: { id: 'item_A', role: 'assistant' } });
    c.emit({ type: 'response.output_audio.delta', response_id: 'resp_1', delta: 'AAAA' }, 400);
    c.emit({ type: 'response.done', response: { id: 'resp_1', status: 'completed' } }, 500);
  };
}

const header = { schema_version: 1, config: { config_id: 'test', vad: 'server_vad', prefix_padding_ms: 300, silence_duration_ms: 500, model: 'gpt-realtime', transcribe_model: 'gpt-4o-transcribe' }, item: { id: 'a', text: 'hello there', language: 'en', speech_segments: [[1.0, 2.0]], segments_text: null }, run_id: 'r', repeat: 1 } as unknown as CassetteHeader;

async function run(script: Script, p: SessionPlan = plan, audioMs = 3000) {
  const clock = createVirtualClock({ autoAdvance: true });
  const inner = createScriptedTransport(script, clock);
  const events: TimedEvent[] = [];
  const recorder = createRecorder(inner, { clock, spec: { format: 'pcm16', rateHz: 24000 }, sink: (f) => events.push(f) });
  const result = await runSession(p, { transport: recorder.transport, clock, audio: audio(audioMs), signal: new AbortController().signal });
  recorder.note({ type: 'end', state: result.state, error: result.error, stage: result.stage, attempts: 1 });
  return { result, events, sent: inner.sent, clock };
}

describe('runSession against a scripted server on a virtual clock', () => {
  it('configures, streams paced audio with tail silence, and waits for the transcript and the response', async () => {
    const { result, events, sent } = await run(oneTurn());
    expect(result).toMatchObject({ state: 'completed', error: null });
    expect(sent[0]?.type).toBe('session.update');
    const appends = events.filter((e) => e.dir === 'out' && e.event.type === 'input_audio_buffer.append');
    expect(appends).toHaveLength(Math.ceil((3000 + 1500) / 40));
    expect(appends.slice(0, 4).map((e) => e.tMs - (appends[0]?.tMs ?? 0))).toEqual([0, 40, 80, 120]);
    expect(appends.at(-1)?.audioMs).toBe(4500);
    expect(appends[0]?.event.audio).toMatchObject({ bytes: 1920 });
  });

  it('waits-for-a-reply-playing-on-a-webrtc-track-to-stop, and records output_audio_buffer.stopped', async () => {
    const base = oneTurn();
    let sentMs = 0;
    const script: Script = (event, c) => {
      base(event, c);
      if (event?.type !== 'input_audio_buffer.append') return;
      sentMs += Buffer.from(event.audio as string, 'base64').length / 48;
      // As a WebRTC server sends them: the reply starts playing with its first audio and stops long after response.done.
      if (sentMs !== 2520) return;
      c.emit({ type: 'output_audio_buffer.started', response_id: 'resp_1' }, 400);
      c.emit({ type: 'output_audio_buffer.stopped', response_id: 'resp_1' }, 3000);
    };
    const { result, events } = await run(script, { ...plan, turnTimeoutMs: 10_000 });
    expect(result.state).toBe('completed');
    const types = events.filter((e) => e.dir === 'in').map((e) => e.event.type);
    expect(types).toContain('output_audio_buffer.stopped');
    expect(types.indexOf('response.done')).toBeLessThan(types.indexOf('output_audio_buffer.stopped'));
  });

  it('gives latencies measured from the recorded events', async () => {
    const { events } = await run(oneTurn());
    const item = scoreSession({ schemaVersion: CASSETTE_SCHEMA_VERSION, meta: header, events, outcome: outcomeOf(events) });
    expect(item.status).toBe('ok');
    expect(item.hypothesis).toBe('hello there');
    expect(item.wer).toBe(0);
    expect(item.turns).toHaveLength(1);
    expect(item.turns[0]).toMatchObject({ stoppedToTranscriptMs: 300, stoppedToFirstAudioMs: 400, responseId: 'resp_1', onsetErrorMs: 0, offsetErrorMs: 0 });
    // speech ends at 2.0 s of audio, carried by the append sent at 1.96 s; speech_stopped came with the append reaching 2.52 s
    expect(item.turns[0]?.speechEndToStoppedMs).toBe(520);
  });

  it('times out with what is missing when a transcript never comes', async () => {
    const { result } = await run(oneTurn({ transcript: false }), { ...plan, turnTimeoutMs: 2000 });
    expect(result.state).toBe('timed-out');
    expect(result.error).toMatch(/the transcript of item_U/);
  });

  it('reports a server close during streaming as an error of that stage', async () => {
    const { result } = await run(oneTurn({ closeAtMs: 400 }));
    expect(result).toMatchObject({ state: 'errored', stage: 'stream' });
    expect(result.error).toMatch(/code 1011, server_error/);
  });

  it('fails setup with the server message when session.update is rejected', async () => {
    const script: Script = (event, c) => {
      if (event === null) c.emit({ type: 'session.created', session: {} });
      else if (event.type === 'session.update') c.emit({ type: 'error', error: { type: 'invalid_request_error', code: 'unknown_parameter', message: "Unknown parameter: 'session.foo'." } });
    };
    const { result } = await run(script);
    expect(result).toMatchObject({ state: 'errored', stage: 'setup' });
    expect(result.error).toContain("Unknown parameter: 'session.foo'.");
  });

  it('commits by hand and asks for a response when turn detection is off, without tail silence', async () => {
    const seen: string[] = [];
    const script: Script = (event, c) => {
      if (event === null) return c.emit({ type: 'session.created', session: {} });
      seen.push(event.type);
      if (event.type === 'session.update') c.emit({ type: 'session.updated', session: {} });
      if (event.type === 'input_audio_buffer.commit') {
        c.emit({ type: 'input_audio_buffer.committed', item_id: 'item_M', previous_item_id: null });
        c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_M', transcript: 'x' }, 100);
      }
      if (event.type === 'response.create') {
        c.emit({ type: 'response.created', response: { id: 'r' } });
        c.emit({ type: 'response.done', response: { id: 'r', status: 'completed' } }, 50);
      }
    };
    const { result, sent } = await run(script, { ...plan, config: { ...config, vad: 'none', threshold: null, prefixPaddingMs: null, silenceDurationMs: null } });
    expect(result.state).toBe('completed');
    expect(sent.filter((e) => e.type === 'input_audio_buffer.append')).toHaveLength(3000 / 40);
    // The end-of-audio barrier follows the commit and the response.create.
    expect(seen.slice(-3)).toEqual(['input_audio_buffer.commit', 'response.create', 'session.update']);
    expect((sent[0]?.session as { audio: { input: { turn_detection: unknown } } }).audio.input.turn_detection).toBeNull();
  });
});
