import { ExitCode, HarnessError } from '../errors.js';
import { canonicalEventType } from '../pipeline/protocol/events.js';
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

/** The cassette made from a log, and what could not be recovered. */
export interface ImportResult {
  readonly record: SessionRecord;
  readonly lost: readonly string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const TIME_FIELDS = ['timestamp', 'ts', 'time', 't_ms', 'received_at', 'receivedAt', 'created_at'];
const WRAPPERS = ['event', 'data', 'message', 'payload'];
const CLIENT_TYPES = new Set(['session.update', 'transcription_session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.truncate', 'conversation.item.delete', 'conversation.item.retrieve', 'response.create', 'response.cancel']);

/** Milliseconds of a timestamp: epoch ms, epoch seconds, ISO text, or already-relative ms. */
function toMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e12 ? value : value > 1e9 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

interface LogLine {
  readonly event: Json;
  readonly atMs: number | null;
  readonly dir: 'in' | 'out';
}

function directionOf(wrapper: Json, event: Json): 'in' | 'out' {
  const dir = wrapper.dir ?? wrapper.direction ?? wrapper.source;
  if (dir === 'out' || dir === 'sent' || dir === 'client' || dir === 'send') return 'out';
  if (dir === 'in' || dir === 'received' || dir === 'server' || dir === 'recv') return 'in';
  return typeof event.type === 'string' && CLIENT_TYPES.has(event.type) ? 'out' : 'in';
}

function readLine(text: string, line: number, source: string): LogLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`${source} line ${line}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { hint: 'Give one JSON event per line.' });
  }
  if (!isObj(raw)) throw new ImportError(`${source} line ${line}: not a JSON object`);
  const wrapped = WRAPPERS.map((k) => raw[k]).find((v): v is Json => isObj(v) && typeof v.type === 'string');
  const event = wrapped ?? (typeof raw.type === 'string' ? { ...raw } : null);
  if (event === null) throw new ImportError(`${source} line ${line}: no event: expected an object with "type", or one under event/data/message/payload`);
  const timeField = TIME_FIELDS.find((k) => raw[k] !== undefined);
  const atMs = timeField === undefined ? null : toMs(raw[timeField]);
  const clean = wrapped === undefined && timeField !== undefined ? Object.fromEntries(Object.entries(event).filter(([k]) => k !== timeField)) : event;
  return { event: clean, atMs, dir: directionOf(raw, event) };
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

/**
 * Turns a raw log of server events captured by another tool (one JSON event per line, with or
 * without a timestamp, optionally wrapped as {timestamp, event}) into a cassette that replay
 * and report can score. What the log cannot tell is listed in `lost` and in the header.
 */
export function importEvents(text: string, options: ImportOptions): ImportResult {
  const lines = text.split('\n').flatMap((l, i) => (l.trim() === '' ? [] : [readLine(l, i + 1, options.source)]));
  if (lines.length === 0) throw new ImportError(`${options.source} holds no events`);
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
    repeat: 1, chunk_ms: 0, speed: 1, started_at: new Date(timed ? t0 : 0).toISOString(), api_key_provided: false, session_plan: null,
    imported: { source: options.source, lost, receipt_times: timed },
  };
  return { record: { schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events: frames, outcome: outcomeOf(frames) }, lost };
}
