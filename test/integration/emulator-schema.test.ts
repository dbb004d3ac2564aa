import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { appendAudio, connectClient, nothingOwed, settleAfterBarrier, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { allModes, chunkBytes, connectionFor, corpusAudio, FAST_PROFILES, modeName, sessionUpdate, type SessionMode } from '../helpers/emulator-sessions.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';
import { fillSchemaGaps } from '../helpers/schema-gaps.js';

type Json = Record<string, unknown>;

const HINT = { text: 'one two three', segments: [[0.04, 0.74], [1.04, 1.61], [2.0, 2.65]] as [number, number][] };

interface Driven {
  readonly mode: SessionMode;
  readonly client: TestClient;
}

/** Drives one session through everything a client can do in its mode. */
async function drive(emulator: RunningEmulator, mode: SessionMode): Promise<Driven> {
  const { url, headers } = connectionFor(emulator.url, mode, HINT);
  const client = await connectClient(url, headers);
  await client.waitFor((e) => e.length >= 1);
  client.send({ ...sessionUpdate(mode), event_id: 'evt_update' });
  await client.waitFor((e) => typesOf(e).some((t) => t.endsWith('session.updated')));
  const tailMs = mode.vad === 'semantic_vad' ? 2500 : 1000;
  appendAudio(client, await corpusAudio('one_two_three_44k.wav', mode, tailMs), chunkBytes(mode));
  if (mode.vad === 'none') {
    client.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    if (mode.kind === 'realtime') client.send({ type: 'response.create', event_id: 'evt_response' });
  }
  await settleAfterBarrier(client, mode, mode.kind === 'realtime');
  // Items, responses and cancellation.
  client.send({ type: 'conversation.item.create', event_id: 'evt_item', item: { id: 'item_client_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'And one more thing.' }] } });
  client.send({ type: 'conversation.item.retrieve', event_id: 'evt_retrieve', item_id: 'item_client_1' });
  if (mode.kind === 'realtime') {
    client.send({ type: 'response.create', event_id: 'evt_response_2' });
    client.send({ type: 'response.cancel', event_id: 'evt_cancel' });
  }
  client.send({ type: 'conversation.item.delete', event_id: 'evt_delete', item_id: 'item_client_1' });
  // Errors the client can provoke: each must still be a valid event.
  client.send({ type: 'input_audio_buffer.clear', event_id: 'evt_clear' });
  client.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit_empty' });
  client.send({ type: 'conversation.item.retrieve', event_id: 'evt_retrieve_missing', item_id: 'item_missing' });
  client.send({ type: 'no.such.event', event_id: 'evt_unknown' });
  const badUpdate = mode.protocol === 'ga' ? { type: 'session.update', session: { type: mode.kind, audio: { input: { format: { type: 'audio/pcm', rate: 12345 } } } } } : { ...sessionUpdate(mode), session: { input_audio_format: 'mp3' } };
  client.send({ ...badUpdate, event_id: 'evt_bad_update' });
  // Events are handled in order: the answer to the last one proves the others were handled.
  await client.waitFor((e) => e.some((x) => x.type === 'error' && (x.error as { event_id?: unknown }).event_id === 'evt_bad_update'));
  await client.waitFor((e) => nothingOwed(e));
  client.close();
  await client.closed;
  return { mode, client };
}

describe('every event the emulator emits validates against its protocol schema', () => {
  let emulator: RunningEmulator;
  let driven: Driven[];

  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: FAST_PROFILES });
    driven = [];
    const modes = allModes();
    for (let i = 0; i < modes.length; i += 6) driven.push(...(await Promise.all(modes.slice(i, i + 6).map((m) => drive(emulator, m)))));
  }, 180_000);

  afterAll(async () => {
    await emulator.close();
  });

  it('drives every protocol × session kind × turn detection × input format', () => {
    expect(driven).toHaveLength(42);
  });

  it('validates every server event of every session', () => {
    const problems = driven.flatMap(({ mode, client }) => client.events.flatMap((e) => realtimeSchema(mode.protocol).validateServer(fillSchemaGaps(mode.protocol, e, 'server').event).map((p) => `${modeName(mode)}: ${p}`)));
    expect(problems).toEqual([]);
    expect(driven.every(({ client }) => client.malformed.length === 0)).toBe(true);
  });

  it('was sent only valid client events (apart from the deliberate mistakes)', () => {
    const deliberate = new Set(['evt_unknown', 'evt_bad_update']);
    const problems = driven.flatMap(({ mode, client }) => client.sent.filter((e) => !deliberate.has(String(e.event_id))).flatMap((e) => realtimeSchema(mode.protocol).validateClient(fillSchemaGaps(mode.protocol, e, 'client').event).map((p) => `${modeName(mode)}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it('answers each deliberate mistake with an error naming the client event', () => {
    for (const { mode, client } of driven) {
      const errors = client.events.filter((e) => e.type === 'error').map((e) => e.error as Json);
      const byEvent = new Map(errors.map((e) => [e.event_id, e.code]));
      expect(byEvent.get('evt_commit_empty'), modeName(mode)).toBe('input_audio_buffer_commit_empty');
      expect(byEvent.get('evt_unknown'), modeName(mode)).toBe('invalid_value');
      expect(byEvent.get('evt_retrieve_missing'), modeName(mode)).toBe('item_not_found');
      expect(byEvent.get('evt_bad_update'), modeName(mode)).toMatch(/invalid_value|integer_below_min_value/);
      expect(errors.filter((e) => !['evt_commit_empty', 'evt_unknown', 'evt_retrieve_missing', 'evt_bad_update'].includes(String(e.event_id))), modeName(mode)).toEqual([]);
    }
  });

  it('emits the event types of both generations', () => {
    const seen = (protocol: string): Set<string> => new Set(driven.filter((d) => d.mode.protocol === protocol).flatMap((d) => typesOf(d.client.events)));
    const common = ['error', 'input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.committed', 'input_audio_buffer.cleared', 'conversation.item.retrieved', 'conversation.item.deleted', 'conversation.item.input_audio_transcription.delta', 'conversation.item.input_audio_transcription.completed', 'response.created', 'response.output_item.added', 'response.content_part.added', 'response.content_part.done', 'response.output_item.done', 'response.done', 'rate_limits.updated'];
    expect([...seen('ga')].sort()).toEqual(expect.arrayContaining([...common, 'session.created', 'session.updated', 'conversation.item.added', 'conversation.item.done', 'response.output_audio.delta', 'response.output_audio.done', 'response.output_audio_transcript.delta', 'response.output_audio_transcript.done']));
    expect([...seen('beta')].sort()).toEqual(expect.arrayContaining([...common, 'session.created', 'session.updated', 'transcription_session.created', 'transcription_session.updated', 'conversation.item.created', 'response.audio.delta', 'response.audio.done', 'response.audio_transcript.delta', 'response.audio_transcript.done']));
  });

  it('ends a cancelled response with status cancelled and reason client_cancelled', () => {
    for (const { mode, client } of driven.filter((d) => d.mode.kind === 'realtime')) {
      const done = client.events.filter((e) => e.type === 'response.done').map((e) => e.response as Json);
      expect(done.some((r) => r.status === 'cancelled' && (r.status_details as Json | null)?.reason === 'client_cancelled'), modeName(mode)).toBe(true);
    }
  });
});
