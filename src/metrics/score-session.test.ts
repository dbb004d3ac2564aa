import { describe, expect, it } from 'vitest';
import { longTranscript } from '../../test/helpers/long-transcript.js';
import { buildRecord, vadTurn } from '../../test/helpers/session-record.js';
import { scoreSession } from './score-session.js';

type Scripted = { tMs: number; event: Record<string, unknown> };

const transcript = (itemId: string, tMs: number, text: string, usage?: unknown): Scripted => ({
  tMs, event: { type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, transcript: text, ...(usage === undefined ? {} : { usage }) },
});
const delta = (itemId: string, tMs: number): Scripted => ({ tMs, event: { type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, delta: 'x' } });
const response = (id: string, assistant: string, user: string, times: { created: number; outputItem: number; itemAdded: number; audio: number; done: number }, usage?: unknown): Scripted[] => [
  { tMs: times.created, event: { type: 'response.created', response: { id, status: 'in_progress' } } },
  { tMs: times.outputItem, event: { type: 'response.output_item.added', response_id: id, item: { id: assistant } } },
  { tMs: times.itemAdded, event: { type: 'conversation.item.added', previous_item_id: user, item: { id: assistant, role: 'assistant' } } },
  { tMs: times.audio, event: { type: 'response.output_audio.delta', response_id: id, delta: 'AAAA' } },
  { tMs: times.done, event: { type: 'response.done', response: { id, status: 'completed', ...(usage === undefined ? {} : { usage }) } } },
];

const RESPONSE_USAGE = { input_tokens: 100, output_tokens: 30, input_token_details: { text_tokens: 60, audio_tokens: 40, cached_tokens: 0 }, output_token_details: { text_tokens: 10, audio_tokens: 20 } };
const TRANSCRIPTION_USAGE = { type: 'tokens', input_tokens: 15, input_token_details: { text_tokens: 0, audio_tokens: 15 }, output_tokens: 4 };

function twoTurns(secondAudioStartMs = 2700) {
  return buildRecord({
    text: 'Hello there. How are you?', segmentsS: [[0.5, 1.5], [3.0, 4.0]], audioMs: 6000,
    config: { model: 'gpt-realtime-1.5', transcribe_model: 'gpt-4o-mini-transcribe' },
    events: [
      ...vadTurn('u1', 200, 2000, 10),
      delta('u1', 2200),
      ...response('r1', 'a1', 'u1', { created: 2050, outputItem: 2060, itemAdded: 2065, audio: 2300, done: 2900 }, RESPONSE_USAGE),
      ...vadTurn('u2', secondAudioStartMs, 4500, 20),
      // the assistant item names its user item before the response names its item
      ...response('r2', 'a2', 'u2', { created: 4550, outputItem: 4570, itemAdded: 4560, audio: 4800, done: 5200 }, RESPONSE_USAGE),
      // transcripts out of order, and after their responses are done
      transcript('u2', 4700, 'how are you', TRANSCRIPTION_USAGE),
      transcript('u1', 4800, 'hello there', TRANSCRIPTION_USAGE),
    ],
  });
}

describe('scoreSession: latencies per turn, joined by item_id and response_id', () => {
  it('measures every latency of every turn on the right clock', () => {
    const result = scoreSession(twoTurns());
    expect(result.turns.map((t) => [t.serverItemId, t.responseId])).toEqual([['u1', 'r1'], ['u2', 'r2']]);
    // True end of speech 1500 ms was sent with the append at t = 1520; 4000 ms at t = 4000.
    expect(result.turns.map((t) => [t.speechEndToStoppedMs, t.stoppedToFirstDeltaMs, t.stoppedToTranscriptMs, t.stoppedToFirstAudioMs, t.speechEndToFirstAudioMs])).toEqual([
      [490, 190, 2790, 290, 780],
      [520, null, 180, 280, 800],
    ]);
    expect(result.latencies).toMatchObject({ speech_end_to_stopped_ms: 505, stopped_to_transcript_ms: 1485, stopped_to_first_delta_ms: 190, connect_ms: 0, session_ready_ms: null });
  });

  it('joins transcripts in commit order whatever order they arrive in', () => {
    const result = scoreSession(twoTurns());
    expect(result.hypothesis).toBe('hello there how are you');
    expect(result).toMatchObject({ wer: 0, refWords: 5 });
  });

  it('scores the turns against the truth', () => {
    expect(scoreSession(twoTurns())).toMatchObject({ turnsExpected: 2, turnsDetected: 2, turnsSplit: 0, falseStarts: 0, onsetErrorMs: 0, offsetErrorMs: 0, detectionErrorRate: 0 });
  });

  it('gives no onset error when the prefix padding could not reach back past the last commit', () => {
    const result = scoreSession(twoTurns(2000));
    expect(result.turns.map((t) => [t.onsetClamped, t.onsetErrorMs])).toEqual([[false, 0], [true, null]]);
    expect(result.onsetErrorMs).toBe(0);
  });

  it('prices every response and transcription from the usage reported', () => {
    const result = scoreSession(twoTurns());
    const perResponse = (60 * 4 + 40 * 32 + 10 * 16 + 20 * 64) / 1e6;
    const perTranscript = (15 * 1.25 + 4 * 5) / 1e6;
    expect(result.inputTokens).toBe(230);
    expect(result.outputTokens).toBe(68);
    expect(result.costUsd).toBeCloseTo(2 * perResponse + 2 * perTranscript, 15);
  });

  it('leaves the cost blank when a transcript came without usage', () => {
    const record = twoTurns();
    const events = record.events.map((f) => (f.event.item_id === 'u1' && f.event.type === 'conversation.item.input_audio_transcription.completed' ? { ...f, event: { ...f.event, usage: undefined } } : f));
    expect(scoreSession({ ...record, events }).costUsd).toBeNull();
  });

  it('times a manually committed turn (VAD off) from the commit', () => {
    const record = buildRecord({
      text: 'hello', segmentsS: [[0.5, 1.5]], audioMs: 2000, config: { vad: 'none', silence_duration_ms: null, prefix_padding_ms: null },
      events: [
        { tMs: 2100, event: { type: 'input_audio_buffer.committed', item_id: 'm1', previous_item_id: null } },
        transcript('m1', 2400, 'hello'),
        ...response('r1', 'a1', 'm1', { created: 2110, outputItem: 2120, itemAdded: 2125, audio: 2350, done: 2600 }),
      ],
    });
    const result = scoreSession(record);
    expect(result.turnsDetected).toBe(0);
    expect(result.turns).toHaveLength(1);
    expect(result.turns[0]).toMatchObject({ serverItemId: 'm1', speechStartedMs: null, stoppedToTranscriptMs: 300, stoppedToFirstAudioMs: 250, expectedTurn: null, falseStart: false });
    expect(result.hypothesis).toBe('hello');
  });

  it('is a pure function of the record', () => {
    expect(JSON.stringify(scoreSession(twoTurns()))).toBe(JSON.stringify(scoreSession(twoTurns())));
  });

  it('scores the transcript of a long (rolled-over) session: 110 000 characters', () => {
    const long = longTranscript(110_000, 60);
    const record = buildRecord({ text: long.reference, segmentsS: [[0.5, 1.5]], audioMs: 3000, events: [...vadTurn('u1', 200, 1600), transcript('u1', 2000, long.hypothesis)] });
    expect(scoreSession(record)).toMatchObject({
      refWords: long.words.refTokens, substitutions: long.words.substitutions, deletions: long.words.deletions, insertions: long.words.insertions,
      refChars: long.characters.refTokens, charErrors: long.characters.substitutions + long.characters.deletions + long.characters.insertions,
    });
  });
});
