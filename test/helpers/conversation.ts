import { withUserProfiles } from '../../src/emulator/profiles.js';
import { msToBytes } from '../../src/pipeline/audio-format.js';
import { appendAudio, type TestClient } from './emulator-client.js';
import { corpusAudio } from './emulator-sessions.js';
import { realtimeSchema } from './realtime-schema.js';
import { fillSchemaGaps } from './schema-gaps.js';

type Json = Record<string, unknown>;

/**
 * Profiles for conversation tests: every stage a few ms, no word errors (transcripts equal the
 * reference), and reply audio streamed at real time, so that a reply is still streaming when
 * the next turn's speech arrives right after its first audio.
 */
export const CONVERSATION_PROFILES = withUserProfiles({
  schema_version: 1,
  models: {
    default: {
      transcript_completed_ms: { median: 20, p95: 40 },
      transcript_delta_gap_ms: { median: 1, p95: 2 },
      response_first_audio_ms: { median: 20, p95: 40 },
      word_errors: { substitution: 0, deletion: 0, insertion: 0 },
      response_audio_speed: 1,
    },
  },
});

/** The four-sentence synthetic file: sentence n is spoken over SEGMENTS[n] (s), with 0.3, 0.6 and 1.2 s gaps. */
export const GAPS_FILE = 'synthetic/syn_gaps_300_600_1200ms_16k.wav';
export const SENTENCES = ['Please turn on the kitchen lights.', 'What is the weather like in Boston today?', 'Set a timer for ten minutes.', 'Remind me to call the dentist tomorrow morning.'];
export const SEGMENTS: [number, number][] = [[0.5, 2.2342], [2.5342, 4.8494], [5.4494, 7.1666], [8.3666, 10.9727]];

const SPEC = { format: 'pcm16' as const, rateHz: 24000 };

/** The synthetic file at 24 kHz, cut at the given seconds (the last piece runs to the end, plus `tailMs` of silence). */
export async function gapsAudioPieces(cutsS: readonly number[], tailMs = 1000): Promise<Buffer[]> {
  const audio = await corpusAudio(GAPS_FILE, SPEC, tailMs);
  const bounds = [0, ...cutsS.map((s) => msToBytes(SPEC, s * 1000)), audio.length];
  return bounds.slice(1).map((end, i) => audio.subarray(bounds[i], end));
}

/** Sends 24 kHz PCM as 40 ms appends. */
export function sendPcm(client: TestClient, audio: Buffer): void {
  appendAudio(client, audio, msToBytes(SPEC, 40));
}

/** The events of one type. */
export function ofType(client: TestClient, type: string): Json[] {
  return client.events.filter((e) => e.type === type);
}

/** Index of the first event matching `predicate` (−1 when none). */
export function indexOf(client: TestClient, predicate: (e: Json) => boolean): number {
  return client.events.findIndex(predicate);
}

/** Schema problems of every server event received (see realtime-schema.ts). */
export function schemaProblems(client: TestClient, protocol: 'ga' | 'beta'): string[] {
  return client.events.flatMap((e) => realtimeSchema(protocol).validateServer(fillSchemaGaps(protocol, e, 'server').event));
}

/** Schema problems of every client event sent (no unknown fields). */
export function clientSchemaProblems(client: TestClient, protocol: 'ga' | 'beta'): string[] {
  return client.sent.flatMap((e) => realtimeSchema(protocol).validateClient(fillSchemaGaps(protocol, e, 'client').event));
}

/** Waits for the n-th event of a type. */
export function waitForCount(client: TestClient, type: string, n: number): Promise<void> {
  return client.waitFor((events) => events.filter((e) => e.type === type).length >= n);
}

/** The base64 audio of the deltas of one item, decoded, in ms of 24 kHz PCM16. */
export function receivedAudioMs(client: TestClient, itemId: string, deltaType = 'response.output_audio.delta'): number {
  const bytes = ofType(client, deltaType).filter((e) => e.item_id === itemId).reduce((sum, e) => sum + Buffer.from(String(e.delta), 'base64').length, 0);
  return bytes / 48;
}
