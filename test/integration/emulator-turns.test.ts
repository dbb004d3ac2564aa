import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { appendAudio, connectClient, nothingOwed, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { connectionFor, corpusAudio, chunkBytes, FAST_PROFILES, type SessionMode } from '../helpers/emulator-sessions.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

type Json = Record<string, unknown>;

const SENTENCES = ['Please turn on the kitchen lights.', 'What is the weather like in Boston today?', 'Set a timer for ten minutes.', 'Remind me to call the dentist tomorrow morning.'];
const SEGMENTS: [number, number][] = [[0.5, 2.2342], [2.5342, 4.8494], [5.4494, 7.1666], [8.3666, 10.9727]];
const FILE = 'synthetic/syn_gaps_300_600_1200ms_16k.wav';
const SPEC = { format: 'pcm16' as const, rateHz: 24000 };

async function session(emulator: RunningEmulator, kind: 'realtime' | 'transcription', turnDetection: Json | null, segmentsText: string[] = SENTENCES, tailMs = 2500): Promise<TestClient> {
  const mode: SessionMode = { protocol: 'ga', kind, vad: 'server_vad', ...SPEC, transcribeModel: 'gpt-4o-transcribe' };
  const { url, headers } = connectionFor(emulator.url, mode, { text: segmentsText.join(' '), segments: SEGMENTS, segmentsText });
  const c = await connectClient(url, headers);
  const input = { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: turnDetection };
  c.send({ type: 'session.update', session: kind === 'realtime' ? { type: 'realtime', audio: { input } } : { type: 'transcription', audio: { input } } });
  const audio = await corpusAudio(FILE, SPEC, tailMs);
  await c.waitFor((e) => typesOf(e).includes('session.updated'));
  appendAudio(c, audio, chunkBytes(SPEC));
  return c;
}

const ofType = (c: TestClient, type: string): Json[] => c.events.filter((e) => e.type === type);

/** Waits until the server has handled everything sent (its answer to a sentinel proves it) and owes nothing. */
async function settle(c: TestClient, answersLastTurn = false): Promise<void> {
  c.send({ type: 'conversation.item.retrieve', item_id: 'sentinel' });
  await c.waitFor((e) => e.some((x) => x.type === 'error' && (x.error as Json).param === 'item_id'));
  await c.waitFor((e) => nothingOwed(e, answersLastTurn));
  for (const e of c.events) expect(realtimeSchema('ga').validateServer(e)).toEqual([]);
  c.close();
}

describe('turn taking', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: FAST_PROFILES });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('semantic_vad ends a complete sentence after a pause that depends on eagerness', async () => {
    const turns = async (eagerness: string): Promise<number> => {
      const c = await session(emulator, 'transcription', { type: 'semantic_vad', eagerness });
      await settle(c);
      return ofType(c, 'input_audio_buffer.speech_stopped').length;
    };
    // Gaps between the sentences are 300, 600 and 1200 ms; complete sentences end after 250 / 500 / 1000 ms.
    expect(await turns('high')).toBe(4);
    expect(await turns('medium')).toBe(3);
    expect(await turns('auto')).toBe(3);
    expect(await turns('low')).toBe(2);
  });

  it('semantic_vad waits up to its maximum when the words so far do not end a sentence', async () => {
    const unfinished = ['Please turn on the kitchen lights and', ...SENTENCES.slice(1)];
    const c = await session(emulator, 'transcription', { type: 'semantic_vad', eagerness: 'high' }, unfinished);
    await settle(c);
    const stops = ofType(c, 'input_audio_buffer.speech_stopped').map((e) => Number(e.audio_end_ms));
    // The 300 ms pause after "and" no longer ends the turn (high waits up to 2 s there).
    expect(stops).toHaveLength(3);
    // Transcripts may complete in any order: the first turn's is the one for the first commit.
    const firstItem = ofType(c, 'input_audio_buffer.committed')[0]?.item_id;
    const first = ofType(c, 'conversation.item.input_audio_transcription.completed').find((e) => e.item_id === firstItem);
    expect(String(first?.transcript)).toContain('Boston');
  });

  it('create_response false: VAD turns are committed and transcribed, but no response starts', async () => {
    const c = await session(emulator, 'realtime', { type: 'server_vad', silence_duration_ms: 200, create_response: false, interrupt_response: true });
    await settle(c);
    expect(ofType(c, 'input_audio_buffer.committed')).toHaveLength(4);
    expect(typesOf(c.events).filter((t) => t.startsWith('response.'))).toEqual([]);
  });

  it('interrupt_response true cancels a running response when speech starts; false lets it finish and answers next', async () => {
    const interrupted = await session(emulator, 'realtime', { type: 'server_vad', silence_duration_ms: 200, interrupt_response: true });
    await settle(interrupted, true);
    const reasons = ofType(interrupted, 'response.done').map((e) => ((e.response as Json).status_details as Json | null)?.reason ?? 'completed');
    expect(reasons).toContain('turn_detected');
    const patient = await session(emulator, 'realtime', { type: 'server_vad', silence_duration_ms: 200, interrupt_response: false });
    await settle(patient, true);
    const done = ofType(patient, 'response.done').map((e) => (e.response as Json).status);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.every((s) => s === 'completed')).toBe(true);
    expect(ofType(patient, 'error')).toHaveLength(1); // the settle sentinel only
  });

  it('idle_timeout_ms commits the silence after the last turn, announced by timeout_triggered', async () => {
    const c = await session(emulator, 'transcription', { type: 'server_vad', silence_duration_ms: 1500, idle_timeout_ms: 5000 }, SENTENCES, 8000);
    await settle(c);
    const [timeout] = ofType(c, 'input_audio_buffer.timeout_triggered');
    expect(timeout).toBeDefined();
    const lastStop = ofType(c, 'input_audio_buffer.speech_stopped').at(-1);
    expect(Number(timeout?.audio_start_ms)).toBe(Number(lastStop?.audio_end_ms));
    expect(Number(timeout?.audio_end_ms) - Number(timeout?.audio_start_ms)).toBeGreaterThanOrEqual(5000);
    expect(Number(timeout?.audio_end_ms) - Number(timeout?.audio_start_ms)).toBeLessThan(5100);
    const committed = ofType(c, 'input_audio_buffer.committed').map((e) => e.item_id);
    expect(committed).toContain(timeout?.item_id);
  });

  it('a manual commit while VAD is inside speech takes the open turn, without speech_stopped', async () => {
    const mode: SessionMode = { protocol: 'ga', kind: 'transcription', vad: 'server_vad', ...SPEC, transcribeModel: 'gpt-4o-transcribe' };
    const c = await connectClient(connectionFor(emulator.url, mode, null).url);
    c.send({ type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' } } } } });
    const audio = await corpusAudio(FILE, SPEC, 0);
    appendAudio(c, audio.subarray(0, 24000 * 2 * 1.5), chunkBytes(SPEC));
    c.send({ type: 'input_audio_buffer.commit' });
    await settle(c);
    const [started] = ofType(c, 'input_audio_buffer.speech_started');
    expect(ofType(c, 'input_audio_buffer.speech_stopped')).toEqual([]);
    expect(ofType(c, 'input_audio_buffer.committed').map((e) => e.item_id)).toEqual([started?.item_id]);
  });
});
