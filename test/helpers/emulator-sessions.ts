import { join } from 'node:path';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import type { AudioFormat } from '../../src/config/types.js';
import type { ExpectedToolCall } from '../../src/corpus/manifest.js';
import { withUserProfiles } from '../../src/emulator/profiles.js';
import { encodeHint, REFERENCE_HEADER } from '../../src/emulator/transcriber.js';
import { msToBytes, silence } from '../../src/pipeline/audio-format.js';
import { decodeToBuffer } from '../../src/pipeline/decode.js';

type Json = Record<string, unknown>;

/** One way to drive a session. */
export interface SessionMode {
  readonly protocol: 'ga' | 'beta';
  readonly kind: 'realtime' | 'transcription';
  readonly vad: 'server_vad' | 'semantic_vad' | 'none';
  readonly format: AudioFormat;
  readonly rateHz: number;
  readonly transcribeModel: string;
}

/** Every protocol × kind × turn detection × input format the emulator takes (beta has no 16 kHz). */
export function allModes(): SessionMode[] {
  const models = ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1'];
  const modes: SessionMode[] = [];
  for (const protocol of ['ga', 'beta'] as const) {
    for (const kind of ['realtime', 'transcription'] as const) {
      for (const vad of ['server_vad', 'semantic_vad', 'none'] as const) {
        const formats: [AudioFormat, number][] = [['pcm16', 24000], ['g711_ulaw', 8000], ['g711_alaw', 8000]];
        if (protocol === 'ga') formats.push(['pcm16', 16000]);
        for (const [format, rateHz] of formats) modes.push({ protocol, kind, vad, format, rateHz, transcribeModel: models[modes.length % models.length] ?? 'gpt-4o-transcribe' });
      }
    }
  }
  return modes;
}

/** A short name for test titles. */
export function modeName(m: SessionMode): string {
  return `${m.protocol}/${m.kind}/${m.vad}/${m.format}@${m.rateHz}/${m.transcribeModel}`;
}

/** Profiles that keep tests quick: every stage a few ms. */
export const FAST_PROFILES = withUserProfiles({
  schema_version: 1,
  models: { default: { transcript_completed_ms: { median: 20, p95: 40 }, transcript_delta_gap_ms: { median: 1, p95: 2 }, response_first_audio_ms: { median: 20, p95: 40 } } },
});

function turnDetection(m: SessionMode): Json | null {
  const responses = m.kind === 'realtime' ? { create_response: true, interrupt_response: true } : {};
  if (m.vad === 'server_vad') return { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, ...responses };
  if (m.vad === 'semantic_vad') return { type: 'semantic_vad', eagerness: 'high', ...responses };
  return null;
}

function gaFormat(m: SessionMode): Json {
  if (m.format === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (m.format === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: m.rateHz };
}

/** The client event that configures a session of this mode. */
export function sessionUpdate(m: SessionMode): Json {
  const transcription = { model: m.transcribeModel };
  if (m.protocol === 'ga') {
    const input = { format: gaFormat(m), transcription, turn_detection: turnDetection(m) };
    if (m.kind === 'transcription') return { type: 'session.update', session: { type: 'transcription', audio: { input } } };
    return { type: 'session.update', session: { type: 'realtime', instructions: 'Answer briefly.', output_modalities: ['audio'], audio: { input, output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } } } };
  }
  const common = { input_audio_format: m.format, input_audio_transcription: transcription, turn_detection: turnDetection(m) };
  if (m.kind === 'transcription') return { type: 'transcription_session.update', session: common };
  return { type: 'session.update', session: { modalities: ['audio', 'text'], instructions: 'Answer briefly.', voice: 'alloy', output_audio_format: 'pcm16', ...common } };
}

/** The socket URL and headers for a mode (model or transcription intent, beta header, hint). */
export function connectionFor(baseUrl: string, m: SessionMode, hint: { text: string; segments: [number, number][] | null; segmentsText?: string[] | null; toolCall?: ExpectedToolCall } | null): { url: string; headers: Record<string, string> } {
  const url = new URL(baseUrl);
  if (m.kind === 'transcription') url.searchParams.set('intent', 'transcription');
  else url.searchParams.set('model', m.protocol === 'beta' ? 'gpt-4o-realtime-preview' : 'gpt-realtime');
  const headers: Record<string, string> = m.protocol === 'beta' ? { 'OpenAI-Beta': 'realtime=v1' } : {};
  if (hint) headers[REFERENCE_HEADER] = encodeHint({ text: hint.text, segments: hint.segments, segmentsText: hint.segmentsText ?? null, toolCall: hint.toolCall ?? null });
  return { url: url.toString(), headers };
}

/** A bundled corpus file decoded for a mode, followed by `tailMs` of digital silence. */
export async function corpusAudio(file: string, m: { format: AudioFormat; rateHz: number }, tailMs: number): Promise<Buffer> {
  const audio = await decodeToBuffer(join(BUNDLED_CORPUS, file), { format: m.format, rateHz: m.rateHz });
  return Buffer.concat([audio, silence(m, tailMs)]);
}

/** Bytes of 40 ms of audio in a mode. */
export function chunkBytes(m: { format: AudioFormat; rateHz: number }): number {
  return msToBytes(m, 40);
}
