import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { wordTimesMs } from '../../src/emulator/synth.js';
import { silence } from '../../src/pipeline/audio-format.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { connectClient, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { connectionFor } from '../helpers/emulator-sessions.js';
import { CONVERSATION_PROFILES, gapsAudioPieces, indexOf, ofType, receivedAudioMs, schemaProblems, SEGMENTS, sendPcm, SENTENCES, waitForCount } from '../helpers/conversation.js';

type Json = Record<string, unknown>;

const INPUT = { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200, interrupt_response: true, create_response: true } };

/** A GA session that hears sentence 1, then sentence 2 right after the first reply's first audio (a barge-in). */
async function bargeIn(emulator: RunningEmulator): Promise<TestClient> {
  const mode = { protocol: 'ga', kind: 'realtime', vad: 'server_vad', format: 'pcm16', rateHz: 24000, transcribeModel: 'gpt-4o-transcribe' } as const;
  const { url, headers } = connectionFor(emulator.url, mode, { text: SENTENCES.join(' '), segments: SEGMENTS, segmentsText: SENTENCES });
  const client = await connectClient(url, headers);
  client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: INPUT } } });
  await client.waitFor((e) => typesOf(e).includes('session.updated'));
  // Sentence 1 and the 300 ms pause after it; then sentence 2, 500 ms of its pause and a second of silence.
  const [first, second] = await gapsAudioPieces([SEGMENTS[1]![0], SEGMENTS[1]![1] + 0.5]);
  sendPcm(client, first!);
  await waitForCount(client, 'response.output_audio.delta', 1);
  sendPcm(client, Buffer.concat([second!, silence({ format: 'pcm16', rateHz: 24000 }, 1000)]));
  await waitForCount(client, 'response.done', 2);
  await waitForCount(client, 'conversation.item.input_audio_transcription.completed', 2);
  return client;
}

describe('barge-in and truncation', () => {
  let emulator: RunningEmulator;
  let client: TestClient;
  let cancelled: Json;
  let itemId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: CONVERSATION_PROFILES });
    client = await bargeIn(emulator);
    cancelled = ofType(client, 'response.done')[0]!.response as Json;
    itemId = String((cancelled.output as Json[])[0]?.id);
  });

  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('sends speech_started first, then the cancelled response with every done event of its item', () => {
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
    const started = indexOf(client, (e) => e.type === 'input_audio_buffer.speech_started' && indexOf(client, (x) => x.type === 'response.created') < client.events.indexOf(e));
    const done = indexOf(client, (e) => e.type === 'response.done');
    expect(started).toBeGreaterThan(-1);
    expect(started).toBeLessThan(done);
    const tail = client.events.slice(started + 1, done + 1).filter((e) => e.item_id === itemId || (e.item as Json | undefined)?.id === itemId || e.type === 'response.done').map((e) => String(e.type));
    expect(tail.filter((t) => !t.endsWith('.delta'))).toEqual(['response.output_audio.done', 'response.output_audio_transcript.done', 'response.content_part.done', 'conversation.item.done', 'response.output_item.done', 'response.done']);
    const item = (cancelled.output as Json[])[0]!;
    expect(item.status).toBe('incomplete');
    const doneItem = ofType(client, 'conversation.item.done').find((e) => (e.item as Json).id === itemId)!.item as Json;
    expect(doneItem.status).toBe('incomplete');
  });

  it('answers the turn that interrupted, and completes that reply', () => {
    const second = ofType(client, 'response.done')[1]!.response as Json;
    expect(second.status).toBe('completed');
    expect(second.conversation_id).toMatch(/^conv_[0-9A-Za-z]{21}$/);
    expect(cancelled.conversation_id).toBe(second.conversation_id);
  });

  it('truncates the interrupted item to the audio heard: conversation.item.truncated, and a retrieve shows only the words heard', async () => {
    const heardMs = Math.floor(Math.min(receivedAudioMs(client, itemId), 700));
    client.send({ type: 'conversation.item.truncate', event_id: 'evt_truncate', item_id: itemId, content_index: 0, audio_end_ms: heardMs });
    client.send({ type: 'conversation.item.retrieve', item_id: itemId });
    await waitForCount(client, 'conversation.item.retrieved', 1);
    expect(ofType(client, 'conversation.item.truncated')).toEqual([expect.objectContaining({ item_id: itemId, content_index: 0, audio_end_ms: heardMs })]);
    const said = String(((cancelled.output as Json[])[0]!.content as Json[])[0]!.transcript);
    const expected = said.split(' ').filter((_, i) => (wordTimesMs(said)[i]?.endMs ?? Infinity) <= heardMs).join(' ');
    const retrieved = ofType(client, 'conversation.item.retrieved')[0]!.item as Json;
    expect((retrieved.content as Json[])[0]!.transcript).toBe(expected);
    expect(expected.split(' ').length).toBeLessThan(said.split(' ').length + 1);
  });

  it('refuses to truncate past the audio sent, and anything but an assistant audio item', async () => {
    const user = String(ofType(client, 'input_audio_buffer.committed')[0]!.item_id);
    client.send({ type: 'conversation.item.truncate', event_id: 'evt_too_long', item_id: itemId, content_index: 0, audio_end_ms: 60_000 });
    client.send({ type: 'conversation.item.truncate', event_id: 'evt_user', item_id: user, content_index: 0, audio_end_ms: 0 });
    client.send({ type: 'conversation.item.truncate', event_id: 'evt_missing', item_id: 'item_missing', content_index: 0, audio_end_ms: 0 });
    await client.waitFor((e) => e.filter((x) => x.type === 'error').length >= 3);
    const errors = new Map(ofType(client, 'error').map((e) => [(e.error as Json).event_id, (e.error as Json).code]));
    expect(Object.fromEntries(errors)).toEqual({ evt_too_long: 'invalid_value', evt_user: 'invalid_value', evt_missing: 'item_not_found' });
  });

  it('keeps the user transcripts: a retrieve after completed returns the transcript', async () => {
    const users = ofType(client, 'conversation.item.input_audio_transcription.completed');
    for (const c of users) client.send({ type: 'conversation.item.retrieve', item_id: c.item_id });
    await waitForCount(client, 'conversation.item.retrieved', 1 + users.length);
    const retrieved = ofType(client, 'conversation.item.retrieved').slice(1).map((e) => ((e.item as Json).content as Json[])[0]!.transcript);
    expect(retrieved).toEqual([SENTENCES[0], SENTENCES[1]]);
  });

  it('emits only events valid against the GA schema', () => {
    expect(schemaProblems(client, 'ga')).toEqual([]);
  });
});
