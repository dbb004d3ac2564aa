import { ExitCode, HarnessError } from '../errors.js';
import { canonicalEventType } from '../pipeline/protocol/events.js';
import { readCapture, type LogLine } from './import-rows.js';
import { CASSETTE_SCHEMA_VERSION, END_EVENT_TYPE, outcomeOf, type CassetteHeader, type ConfigRecord, type SessionRecord, type TimedEvent } from '../pipeline/record.js';

/** A log line that cannot be read. */
export class ImportError extends HarnessError {
  readonly exitCode = ExitCode.Usage;
}

/** What the user can tell that the log cannot. */
export interface ImportOptions {
  /** Shown in errors and stored in the header. */
  readonly source: string;
  readonly itemId: string;
  readonly reference: string | null;
  readonly language: string | null;
  readonly speechSegments: readonly (readonly [number, number])[] | null;
  readonly harnessVersion: string;
}

/** The cassette made from a log, what could not be recovered, and the rows left out. */
export interface ImportResult {
  readonly record: SessionRecord;
  readonly lost: readonly string[];
  /** Rows that could not be read (named by line), skipped. */
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Warnings shown one by one; more are counted. */
const MAX_WARNINGS = 20;

function capped(warnings: readonly string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return [...warnings];
  return [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more rows left out`];
}

function configFrom(lines: readonly LogLine[], protocol: 'ga' | 'beta'): ConfigRecord {
  const session = lines.map((l) => l.event.session).filter(isObj).at(-1) ?? {};
  const input = isObj(session.audio) && isObj(session.audio.input) ? session.audio.input : session;
  const td = isObj(input.turn_detection) ? input.turn_detection : null;
  const transcription = isObj(input.transcription) ? input.transcription : isObj(session.input_audio_transcription) ? session.input_audio_transcription : {};
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const kind = session.type === 'transcription' || session.object === 'realtime.transcription_session' ? 'transcription' : 'realtime';
  return {
    config_id: 'imported', model: typeof session.model === 'string' ? session.model : '', transcribe_model: typeof transcription.model === 'string' ? transcription.model : '',
    protocol, session: kind, format: 'pcm16', rate_hz: 24000,
    vad: td === null ? 'none' : td.type === 'semantic_vad' ? 'semantic_vad' : 'server_vad',
    threshold: num(td?.threshold), prefix_padding_ms: num(td?.prefix_padding_ms), silence_duration_ms: num(td?.silence_duration_ms), eagerness: typeof td?.eagerness === 'string' ? td.eagerness : null,
  };
}

/** The capture's first time as an ISO date; the epoch for relative times or times no date can hold. */
function startedAt(t0Ms: number): string {
  return new Date(Number.isFinite(t0Ms) && Math.abs(t0Ms) <= 8.64e15 ? t0Ms : 0).toISOString();
}

/**
 * Turns a log of realtime events captured by another tool (any shape import-rows.ts reads:
 * JSON Lines, a JSON array, pretty-printed objects, a HAR export; with or without timestamps)
 * into a cassette that replay and report can score. What the log cannot tell is listed in
 * `lost` and in the header; rows that cannot be read are `warnings`, and only a log with no
 * event at all is refused.
 */
export function importEvents(text: string, options: ImportOptions): ImportResult {
  const { lines, warnings } = readCapture(text, options.source);
  if (lines.length === 0) {
    throw new ImportError(`${options.source} holds no realtime event that can be read${warnings.length > 0 ? `: ${capped(warnings).join('; ')}` : ''}`, {
      hint: 'Give a log of realtime events: one JSON event per line (bare, or as {"timestamp", "event"}), a JSON array of them, or a browser\'s HAR export.',
    });
  }
  const timed = lines.every((l) => l.atMs !== null);
  const t0 = timed ? Math.min(...lines.map((l) => l.atMs ?? 0)) : 0;
  const hasAppends = lines.some((l) => l.dir === 'out' && l.event.type === 'input_audio_buffer.append');
  const lost = [
    ...(timed ? [] : ['receipt times (no timestamp on every line): latencies are left blank']),
    ...(hasAppends ? [] : ['the audio sent and its send times: speech_end_to_* latencies and audio positions are blank']),
    ...(options.reference === null ? ['the reference transcript (give --reference): WER is blank'] : []),
    ...(options.speechSegments === null ? ['the true speech segments (give --segments): turn scores are blank'] : []),
  ];
  // A log is beta when it has an event by a name only beta uses (one with a different GA name).
  const protocol = lines.some((l) => typeof l.event.type === 'string' && canonicalEventType(l.event.type) !== l.event.type) ? 'beta' : 'ga';
  const config = configFrom(lines, protocol);
  const frames: TimedEvent[] = [{ tMs: 0, audioMs: 0, dir: 'ws', event: { type: 'open', url: 'imported', emulated: false } }];
  for (const l of lines) frames.push({ tMs: timed ? Math.round(((l.atMs ?? 0) - t0) * 1000) / 1000 : 0, audioMs: 0, dir: l.dir, event: l.event });
  const last = frames.at(-1);
  frames.push({ tMs: last?.tMs ?? 0, audioMs: 0, dir: 'ws', event: { type: END_EVENT_TYPE, state: 'completed', error: null, stage: null, attempts: 1 } });
  const meta: CassetteHeader = {
    kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: 'imported', harness_version: options.harnessVersion, protocol, target: 'imported',
    model: config.session === 'transcription' ? config.transcribe_model : config.model, config,
    item: { id: options.itemId, audio: '', audio_sha256: '', rate_hz: config.rate_hz, text: options.reference, language: options.language, speech_segments: options.speechSegments, segments_text: null },
    repeat: 1, chunk_ms: 0, speed: 1, started_at: startedAt(timed ? t0 : 0), api_key_provided: false, session_plan: null,
    imported: { source: options.source, lost, receipt_times: timed },
  };
  return { record: { schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events: frames, outcome: outcomeOf(frames) }, lost, warnings: capped(warnings) };
}
