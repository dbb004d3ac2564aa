/**
 * Builds SessionRecords by hand for scoring tests: a cassette header, audio appends every 40 ms
 * on a real-time schedule (t_ms = audio_ms), and whatever server events the test scripts.
 */
import { CASSETTE_SCHEMA_VERSION, type ConfigRecord, type SessionRecord, type TimedEvent } from '../../src/pipeline/record.js';

/** What a test may set about the session. */
export interface RecordScript {
  readonly itemId?: string;
  readonly text?: string | null;
  readonly segmentsS?: readonly (readonly [number, number])[] | null;
  readonly audioMs: number;
  readonly config?: Partial<ConfigRecord>;
  /** Server events with their receipt time. */
  readonly events?: readonly { readonly tMs: number; readonly event: Record<string, unknown> }[];
}

const CONFIG: ConfigRecord = {
  config_id: 'c1', model: 'gpt-realtime', transcribe_model: 'gpt-4o-transcribe', protocol: 'ga', session: 'realtime', format: 'pcm16',
  rate_hz: 24000, vad: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, eagerness: null,
};

/** A session record from a script; frames sorted by time, appends before events at equal times. */
export function buildRecord(script: RecordScript): SessionRecord {
  const config = { ...CONFIG, ...script.config };
  const frames: TimedEvent[] = [{ tMs: 0, audioMs: 0, dir: 'ws', event: { type: 'open', emulated: true } }];
  for (let a = 40; a <= script.audioMs; a += 40) frames.push({ tMs: a, audioMs: a, dir: 'out', event: { type: 'input_audio_buffer.append', audio: { bytes: 1920, sha256: 'x' } } });
  for (const e of script.events ?? []) frames.push({ tMs: e.tMs, audioMs: Math.min(script.audioMs, Math.floor(e.tMs / 40) * 40), dir: 'in', event: e.event });
  frames.sort((a, b) => a.tMs - b.tMs || (a.dir === 'out' ? -1 : 0) - (b.dir === 'out' ? -1 : 0));
  const last = frames.at(-1)?.tMs ?? 0;
  frames.push({ tMs: last + 1, audioMs: script.audioMs, dir: 'ws', event: { type: 'end', state: 'completed', error: null, stage: null, attempts: 1 } });
  return {
    schemaVersion: CASSETTE_SCHEMA_VERSION,
    meta: {
      kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: 'test-run', harness_version: '0.0.0', protocol: config.protocol, target: 'local',
      model: config.model, config, repeat: 1, chunk_ms: 40, speed: 1, started_at: '2026-11-21T00:00:00.000Z', api_key_provided: false, session_plan: null,
      item: { id: script.itemId ?? 'item', audio: 'item.wav', audio_sha256: 'x', rate_hz: 24000, text: script.text === undefined ? 'hello' : script.text, language: 'en', speech_segments: script.segmentsS ?? null, segments_text: null },
    },
    events: frames,
    outcome: { state: 'completed', error: null, stage: null, attempts: 1 },
  };
}

/** speech_started / speech_stopped / committed for one turn, received `lagMs` after the audio position. */
export function vadTurn(itemId: string, audioStartMs: number, audioEndMs: number | null, lagMs = 0): { tMs: number; event: Record<string, unknown> }[] {
  const out: { tMs: number; event: Record<string, unknown> }[] = [{ tMs: audioStartMs + 300 + lagMs, event: { type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: audioStartMs } }];
  if (audioEndMs !== null) {
    out.push({ tMs: audioEndMs + lagMs, event: { type: 'input_audio_buffer.speech_stopped', item_id: itemId, audio_end_ms: audioEndMs } });
    out.push({ tMs: audioEndMs + lagMs + 1, event: { type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: null } });
  }
  return out;
}
