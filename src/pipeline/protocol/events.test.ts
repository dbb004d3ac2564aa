import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realtimeSchema } from '../../../test/helpers/realtime-schema.js';
import { scoreSession } from '../../metrics/score-session.js';
import { CASSETTE_SCHEMA_VERSION, outcomeOf, type CassetteHeader, type TimedEvent } from '../record.js';
import { BETA_TO_GA_EVENT, canonicalEventType, parseServerEvent, type ServerFact } from './events.js';

type Event = Record<string, unknown>;

/** Recorded server events from public captures of the live service; each file names its source. */
function recorded(name: string): Event[][] {
  const file = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'protocol', 'recorded', `${name}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { sessions: Event[][] }).sessions;
}

const GA_OF_BETA = new Map(Object.entries(BETA_TO_GA_EVENT));
const BETA_OF_GA = new Map([...GA_OF_BETA].map(([beta, ga]) => [ga, beta]));
/** The fact every server event the harness reads becomes, by GA name. */
const KIND_OF_GA_TYPE: Readonly<Record<string, ServerFact['kind']>> = {
  'session.created': 'session.created', 'session.updated': 'session.updated', error: 'error', 'rate_limits.updated': 'rate_limits',
  'input_audio_buffer.speech_started': 'speech_started', 'input_audio_buffer.speech_stopped': 'speech_stopped', 'input_audio_buffer.timeout_triggered': 'timeout_triggered',
  'input_audio_buffer.committed': 'committed', 'input_audio_buffer.cleared': 'cleared', 'conversation.item.added': 'item.added',
  'conversation.item.input_audio_transcription.delta': 'transcript.delta', 'conversation.item.input_audio_transcription.completed': 'transcript.completed',
  'conversation.item.input_audio_transcription.failed': 'transcript.failed', 'response.created': 'response.created', 'response.done': 'response.done',
  'response.output_item.added': 'response.output_item', 'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio_transcript.delta': 'response.transcript.delta', 'response.output_text.delta': 'response.text.delta',
  'response.function_call_arguments.done': 'response.function_call',
  'output_audio_buffer.started': 'output_audio.started', 'output_audio_buffer.stopped': 'output_audio.ended', 'output_audio_buffer.cleared': 'output_audio.ended',
};

const facts = (events: readonly Event[]): ServerFact[] => events.map(parseServerEvent);
const kinds = (events: readonly Event[]): string[] => facts(events).map((f) => f.kind);

describe('parseServerEvent on recorded GA traffic', () => {
  const [session = [], tail = []] = recorded('ga-conversation');

  it('reads a conversation turn of a gpt-realtime session', () => {
    expect(kinds(session.slice(0, 12))).toEqual([
      'session.created', 'session.updated', 'speech_started', 'speech_stopped', 'committed', 'item.added', 'other', 'response.created', 'response.output_item', 'other', 'response.transcript.delta', 'rate_limits',
    ]);
    const got = facts(session);
    expect(got[0]).toEqual({ kind: 'session.created', sessionType: 'realtime', expiresAt: 1767233035 });
    expect(got[2]).toEqual({ kind: 'speech_started', itemId: 'item_Ct1OXLqYLre7VW2Bz9Eoy', audioStartMs: 1236 });
    expect(got[3]).toEqual({ kind: 'speech_stopped', itemId: 'item_Ct1OXLqYLre7VW2Bz9Eoy', audioEndMs: 3808 });
    expect(got[4]).toEqual({ kind: 'committed', itemId: 'item_Ct1OXLqYLre7VW2Bz9Eoy', previousItemId: null });
    expect(got[8]).toEqual({ kind: 'response.output_item', responseId: 'resp_Ct1OZ5ukpGEZNeUWx1iOH', itemId: 'item_Ct1OZd4ZkrcbhoRueeC2O' });
    expect(got[11]).toEqual({ kind: 'rate_limits', limits: [{ name: 'tokens', remaining: 38490, resetSeconds: 2.265 }] });
  });

  it('links the assistant item of the second turn to the user item it answers', () => {
    const assistant = facts(session).filter((f) => f.kind === 'item.added' && f.role === 'assistant');
    expect(assistant).toEqual([{ kind: 'item.added', itemId: 'item_Ct1OkNEvGW5s0xZERnV95', role: 'assistant', previousItemId: 'item_Ct1OhVepyDFpDovHrgmNp', itemType: 'message', callId: null }]);
  });

  it('reads response.done with the full usage', () => {
    expect(facts(tail).at(-1)).toEqual({
      kind: 'response.done', responseId: 'resp_CsZyL5IuqSgPEut0cI82K', status: 'completed',
      usage: { inputTokens: 132, outputTokens: 188, inputAudioTokens: 73, inputTextTokens: 59, inputCachedTokens: 64, outputAudioTokens: 147, outputTextTokens: 41, seconds: 0 },
    });
  });

  it('reads a transcription with a duration-billed usage', () => {
    const [events = []] = recorded('ga-transcription');
    expect(facts(events).slice(2)).toEqual([
      { kind: 'transcript.delta', itemId: 'item_CdZaTMhe2YGaZuCgNx1Mb', delta: 'How are you?' },
      { kind: 'transcript.completed', itemId: 'item_CdZaTMhe2YGaZuCgNx1Mb', transcript: 'How are you?', usage: expect.objectContaining({ seconds: 2, inputTokens: 0 }) as unknown },
    ]);
  });
});

describe('parseServerEvent on recorded beta traffic', () => {
  it('reads a beta text response with its beta names', () => {
    const [events = []] = recorded('beta-text-response');
    expect(kinds(events)).toEqual(['response.created', 'response.output_item', 'item.added', 'other', ...Array<string>(4).fill('response.text.delta'), 'other', 'other', 'response.done']);
    expect(facts(events)[4]).toEqual({ kind: 'response.text.delta', responseId: 'resp_C1PSbsyhar4EpjNZg9fkB', delta: '{\n' });
  });

  it('knows a beta transcription session from its event name', () => {
    const [[created] = []] = recorded('beta-transcription-session');
    expect(parseServerEvent(created)).toEqual({ kind: 'session.created', sessionType: 'transcription', expiresAt: 1750499725 });
  });
});

describe('one vocabulary for both generations', () => {
  it('gives a GA event and the same event under its beta name the same fact', () => {
    const [session = [], tail = []] = recorded('ga-conversation');
    const [transcription = []] = recorded('ga-transcription');
    const examples = realtimeSchema('ga').serverExamples.map((e) => e.event);
    const renamed = [...session, ...tail, ...transcription, ...examples].filter((e) => BETA_OF_GA.has(String(e.type)));
    expect(new Set(renamed.map((e) => e.type))).toEqual(new Set(['session.created', 'session.updated', 'conversation.item.added', 'response.output_audio_transcript.delta', 'response.output_audio.delta', 'response.output_audio.done', 'response.output_text.delta', 'response.output_text.done', 'response.output_audio_transcript.done']));
    for (const event of renamed) {
      const beta = { ...event, type: BETA_OF_GA.get(String(event.type)) };
      expect(parseServerEvent(beta), String(beta.type)).toEqual(parseServerEvent(event));
    }
  });

  it('maps the official example of every server event of both schemas to the fact of its GA name', () => {
    for (const generation of ['ga', 'beta'] as const) {
      const examples = realtimeSchema(generation).serverExamples;
      expect(examples.length).toBeGreaterThan(30);
      const seen = new Set<string>();
      for (const { schema, event } of examples) {
        const type = canonicalEventType(String(event.type));
        const fact = parseServerEvent(event);
        expect(fact.kind, `${generation} ${schema}`).toBe(KIND_OF_GA_TYPE[type] ?? 'other');
        if ('itemId' in fact) expect(fact.itemId, `${generation} ${schema}`).not.toBe('');
        if ('responseId' in fact) expect(fact.responseId, `${generation} ${schema}`).not.toBe('');
        seen.add(type);
      }
      // Every event the harness reads has an official example in each generation (timeout_triggered and output text came later than beta 2025-04).
      const later = generation === 'beta' ? ['input_audio_buffer.timeout_triggered'] : [];
      expect(Object.keys(KIND_OF_GA_TYPE).filter((t) => !seen.has(t) && !later.includes(t)), generation).toEqual([]);
    }
  });

  it('gives the beta and GA examples of a renamed event the same kind of fact', () => {
    const byType = (generation: 'ga' | 'beta') => new Map(realtimeSchema(generation).serverExamples.map((e) => [String(e.event.type), e.event]));
    const ga = byType('ga');
    const beta = byType('beta');
    const pairs = [...GA_OF_BETA].filter(([b, g]) => beta.has(b) && ga.has(g));
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    for (const [b, g] of pairs) expect(parseServerEvent(beta.get(b)).kind, b).toBe(parseServerEvent(ga.get(g)).kind);
  });

  it('keeps unknown and malformed events as `other` without throwing', () => {
    expect(parseServerEvent({ type: 'conversation.item.done', item: {} })).toEqual({ kind: 'other', type: 'conversation.item.done' });
    expect(parseServerEvent({ type: 'some.future.event', x: 1 })).toEqual({ kind: 'other', type: 'some.future.event' });
    expect(parseServerEvent(null)).toEqual({ kind: 'other', type: '' });
    expect(parseServerEvent({ type: 'input_audio_buffer.speech_started', audio_start_ms: 'soon' })).toEqual({ kind: 'speech_started', itemId: '', audioStartMs: 0 });
  });

  it('reads an error with the client event it refers to', () => {
    const error = { type: 'error', event_id: 'event_1', error: { type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', message: 'buffer too small', param: null, event_id: 'evt_rtbench_commit' } };
    expect(parseServerEvent(error)).toEqual({ kind: 'error', errorType: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', message: 'buffer too small', param: null, eventId: 'evt_rtbench_commit' });
  });
});

describe('a recorded GA session and its beta counterpart', () => {
  /** The session as received: one frame every 37 ms, then the outcome. */
  const frames = (events: readonly Event[]): TimedEvent[] => [
    ...events.map((event, i): TimedEvent => ({ tMs: 100 + i * 37, audioMs: 4000 + i * 40, dir: 'in', event })),
    { tMs: 2000, audioMs: 6000, dir: 'ws', event: { type: 'end', state: 'completed', error: null, stage: null, attempts: 1 } },
  ];
  /** The beta form at the same times: beta names, and `conversation.item.created` alone where GA sends `.added` then `.done`. */
  const toBeta = (timed: readonly TimedEvent[]): TimedEvent[] =>
    timed.filter((f) => f.event.type !== 'conversation.item.done').map((f) => ({ ...f, event: { ...f.event, type: BETA_OF_GA.get(String(f.event.type)) ?? f.event.type } }));
  const header = (protocol: 'ga' | 'beta') => ({
    schema_version: 1, protocol, run_id: 'r', repeat: 1,
    config: { config_id: 'c', protocol, vad: 'server_vad', prefix_padding_ms: 300, silence_duration_ms: 200, model: 'gpt-realtime', transcribe_model: 'gpt-4o-transcribe' },
    item: { id: 'a', text: null, language: 'en', speech_segments: null, segments_text: null },
  }) as unknown as CassetteHeader;
  const score = (protocol: 'ga' | 'beta', timed: TimedEvent[]) => {
    const result = scoreSession({ schemaVersion: CASSETTE_SCHEMA_VERSION, meta: header(protocol), events: timed, outcome: outcomeOf(timed) });
    return { ...result, config: null };
  };

  it('scores the same turns, joins and latencies', () => {
    const [session = []] = recorded('ga-conversation');
    const ga = frames(session);
    const beta = toBeta(ga);
    expect(beta.map((f) => f.event.type)).toEqual(expect.arrayContaining(['conversation.item.created', 'response.audio_transcript.delta']));
    const scored = score('ga', ga);
    expect(scored.turns.map((t) => [t.serverItemId, t.audioStartMs, t.audioEndMs, t.responseId])).toEqual([
      // The capture did not log the first assistant item's conversation.item.added, so nothing joins that response to its turn (never by order).
      ['item_Ct1OXLqYLre7VW2Bz9Eoy', 1236, 3808, null],
      ['item_Ct1OhVepyDFpDovHrgmNp', 11956, 14720, 'resp_Ct1OkhbgNQBuFX2HeE0P9'],
    ]);
    expect(score('beta', beta)).toEqual(scored);
  });
});
