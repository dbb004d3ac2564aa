import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, HarnessError } from '../errors.js';
import { headerProblems, normalizeHeader } from './cassette-header.js';
import { CASSETTE_SCHEMA_VERSION, END_EVENT_TYPE, outcomeOf, SESSION_STATES, type CassetteHeader, type SessionRecord, type TimedEvent } from './record.js';

/** Appends a session's frames to its cassette as they happen. */
export interface CassetteWriter {
  write(frame: TimedEvent): void;
  /** Flushes and closes; later writes are ignored. */
  close(): void;
}

/** The file form of one frame (DESIGN.md §7). */
export function frameLine(frame: TimedEvent): string {
  return JSON.stringify({ t_ms: frame.tMs, audio_ms: frame.audioMs, dir: frame.dir, event: frame.event });
}

/** Writers with frames waiting, flushed together once per tick of the event loop. */
const dirty = new Set<() => void>();
let flushScheduled = false;

function flushAll(): void {
  flushScheduled = false;
  const writers = [...dirty];
  dirty.clear();
  for (const flush of writers) flush();
}

/**
 * Opens `path` (creating folders) and writes the header line at once. Frames are batched per
 * tick of the event loop and written with one system call per cassette, so a crash keeps
 * everything up to the last tick while the hot path stays cheap; the writers of every session
 * share one callback per tick. A write that fails later (a full disk) stops the writer: it is
 * handed to `onError`, or, without one, thrown by `close()`; the header's failure is thrown.
 */
export function createCassetteWriter(path: string, header: CassetteHeader, onError?: (error: unknown) => void): CassetteWriter {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  let pending: string[] = [];
  let closed = false;
  let failure: { error: unknown } | null = null;
  const flush = (): void => {
    if (pending.length === 0 || closed || failure !== null) return;
    const text = pending.join('');
    pending = [];
    try {
      writeSync(fd, text);
    } catch (error) {
      failure = { error };
      onError?.(error);
    }
  };
  return {
    write(frame) {
      if (closed || failure !== null) return;
      pending.push(`${frameLine(frame)}\n`);
      dirty.add(flush);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushAll);
      }
    },
    close() {
      if (closed) return;
      dirty.delete(flush);
      flush();
      closed = true;
      closeSync(fd);
      if (failure !== null && onError === undefined) throw failure.error;
    },
  };
}

/** A cassette that cannot be read; names the file and line. */
export class CassetteFormatError extends HarnessError {
  readonly exitCode = ExitCode.Usage;

  constructor(source: string, line: number, reason: string) {
    super(`${source} line ${line}: ${reason}`, { hint: 'Cassettes are JSONL: a header line, then one frame per line (see the README).' });
  }
}

function parseFrame(value: unknown, source: string, line: number): TimedEvent {
  const f = value as Record<string, unknown> | null;
  if (typeof f !== 'object' || f === null) throw new CassetteFormatError(source, line, 'not a JSON object');
  const { t_ms: tMs, audio_ms: audioMs, dir, event } = f;
  if (typeof tMs !== 'number' || typeof audioMs !== 'number') throw new CassetteFormatError(source, line, 't_ms and audio_ms must be numbers');
  if (dir !== 'in' && dir !== 'out' && dir !== 'ws') throw new CassetteFormatError(source, line, `dir must be in, out or ws, not ${JSON.stringify(dir)}`);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new CassetteFormatError(source, line, 'event must be an object');
  const { type, state } = event as Record<string, unknown>;
  if (dir === 'ws' && type === END_EVENT_TYPE && !(SESSION_STATES as readonly unknown[]).includes(state)) {
    throw new CassetteFormatError(source, line, `the outcome's state must be one of ${SESSION_STATES.join(', ')}, not ${state === undefined ? 'missing' : JSON.stringify(state)}`);
  }
  return { tMs, audioMs, dir, event: event as Record<string, unknown> };
}

/** Parses a cassette's text into a SessionRecord; a damaged line or a newer format throws, naming the line. */
export function parseCassette(text: string, source: string): SessionRecord {
  const lines = text.split('\n');
  let parsed: unknown;
  try {
    parsed = JSON.parse(lines[0] ?? '');
  } catch (error) {
    throw new CassetteFormatError(source, 1, `the header is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CassetteFormatError(source, 1, 'the header is not a JSON object');
  const header = parsed as Record<string, unknown>;
  if (header.kind !== 'rtbench.cassette') throw new CassetteFormatError(source, 1, 'not an rtbench cassette (kind is not "rtbench.cassette")');
  if (typeof header.schema_version !== 'number' || header.schema_version > CASSETTE_SCHEMA_VERSION) {
    throw new CassetteFormatError(source, 1, `schema_version ${String(header.schema_version)} is newer than this rtbench reads (${CASSETTE_SCHEMA_VERSION}); upgrade rtbench`);
  }
  const problems = headerProblems(header);
  if (problems.length > 0) throw new CassetteFormatError(source, 1, `the header has ${problems.length === 1 ? 'a field' : `${problems.length} fields`} rtbench cannot use: ${problems.join('; ')}`);
  const events: TimedEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (last) break; // a line cut by a crash: everything before it stands
      throw new CassetteFormatError(source, i + 1, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    events.push(parseFrame(value, source, i + 1));
  }
  return { schemaVersion: header.schema_version, meta: normalizeHeader(header), events, outcome: outcomeOf(events) };
}
