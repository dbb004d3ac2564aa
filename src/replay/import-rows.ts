import { captureValues } from './import-values.js';

/**
 * The realtime events of a capture file, each with its time and direction, from every shape a
 * capture tool writes: bare events, events wrapped as `{timestamp, event}` (or under `data`,
 * `message`, `payload`, as objects or as JSON text), rtbench's own `{t_ms, dir, event}` rows,
 * a JSON array of any of these, and a browser's HAR export (`_webSocketMessages`). A row that
 * cannot be read is a warning and is skipped.
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One event of the capture. */
export interface LogLine {
  readonly event: Json;
  /** When it was sent or received (ms on the capture's clock); null when the row does not say. */
  readonly atMs: number | null;
  readonly dir: 'in' | 'out';
}

/** The events read, and a warning for every row left out. */
export interface CaptureRows {
  readonly lines: LogLine[];
  readonly warnings: string[];
}

const TIME_FIELDS = ['timestamp', 'ts', 'time', 't_ms', 'received_at', 'receivedAt', 'created_at'];
const WRAPPERS = ['event', 'data', 'message', 'payload'];
const CLIENT_TYPES = new Set(['session.update', 'transcription_session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.truncate', 'conversation.item.delete', 'conversation.item.retrieve', 'response.create', 'response.cancel']);
const NO_EVENT = 'no event: expected an object with "type", or one under event/data/message/payload';

/** Milliseconds of a timestamp: epoch ms, epoch seconds, ISO text, or already-relative ms. */
function toMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e12 ? value : value > 1e9 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function directionOf(wrapper: Json, event: Json): 'in' | 'out' {
  const dir = wrapper.dir ?? wrapper.direction ?? wrapper.source;
  if (dir === 'out' || dir === 'sent' || dir === 'client' || dir === 'send') return 'out';
  if (dir === 'in' || dir === 'received' || dir === 'server' || dir === 'recv' || dir === 'receive') return 'in';
  return typeof event.type === 'string' && CLIENT_TYPES.has(event.type) ? 'out' : 'in';
}

/** An event object, from an object or from JSON text holding one. */
function asEvent(value: unknown): Json | null {
  if (isObj(value)) return typeof value.type === 'string' ? value : null;
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return null;
  try {
    return asEvent(JSON.parse(value));
  } catch {
    return null;
  }
}

/** A row's event, time and direction; `problem` says why there is none; null for an rtbench socket frame (`dir: ws`). */
function readRow(raw: unknown): LogLine | { readonly problem: string } | null {
  if (!isObj(raw)) return { problem: 'not a JSON object' };
  if (raw.dir === 'ws') return null;
  const wrapped = WRAPPERS.map((k) => asEvent(raw[k])).find((e) => e !== null);
  if (wrapped === undefined && 'event' in raw && !isObj(raw.event)) return { problem: `no event (event is ${JSON.stringify(raw.event)})` };
  const event = wrapped ?? (typeof raw.type === 'string' ? { ...raw } : null);
  if (event === null) return { problem: NO_EVENT };
  const timeField = TIME_FIELDS.find((k) => raw[k] !== undefined);
  const atMs = timeField === undefined ? null : toMs(raw[timeField]);
  const clean = wrapped === undefined && timeField !== undefined ? Object.fromEntries(Object.entries(event).filter(([k]) => k !== timeField)) : event;
  return { event: clean, atMs, dir: directionOf(raw, event) };
}

const isHar = (value: unknown): value is { log: { entries: unknown[] } } => isObj(value) && isObj(value.log) && Array.isArray(value.log.entries);

/** The WebSocket messages of a HAR entry that carry realtime events. */
function harMessages(entry: Json, label: string): CaptureRows {
  const rows: CaptureRows = { lines: [], warnings: [] };
  const messages = entry._webSocketMessages as unknown[];
  let binary = 0;
  messages.forEach((m, k) => {
    const event = isObj(m) ? asEvent(m.data) : null;
    if (isObj(m) && m.opcode !== undefined && m.opcode !== 1) binary++;
    else if (!isObj(m) || event === null) rows.warnings.push(`${label} message ${k + 1}: ${isObj(m) ? 'its data is not a realtime event (JSON with "type")' : 'not a JSON object'}, skipped`);
    // HAR times are seconds since the epoch.
    else rows.lines.push({ event, atMs: typeof m.time === 'number' && Number.isFinite(m.time) ? m.time * 1000 : null, dir: m.type === 'send' ? 'out' : 'in' });
  });
  if (binary > 0) rows.warnings.push(`${label}: ${binary} binary message(s) left out (realtime events are text)`);
  return rows;
}

/** A browser's HAR export: the WebSocket connection that carries realtime events (the first, when several do). */
function harRows(har: { log: { entries: unknown[] } }, source: string): CaptureRows {
  const sockets = har.log.entries.filter((e): e is Json => isObj(e) && Array.isArray(e._webSocketMessages));
  const urlOf = (e: Json): string => (isObj(e.request) && typeof e.request.url === 'string' ? e.request.url : 'a WebSocket');
  const read = sockets.map((e, i) => ({ url: urlOf(e), rows: harMessages(e, `${source} WebSocket ${i + 1} (${urlOf(e)})`) }));
  const used = read.find((r) => r.rows.lines.length > 0);
  if (used === undefined) return { lines: [], warnings: [sockets.length === 0 ? `${source}: the HAR holds no WebSocket messages (_webSocketMessages); export it from the browser's network panel after the session` : `${source}: no WebSocket message of the HAR is a realtime event`] };
  const others = read.filter((r) => r !== used && r.rows.lines.length > 0);
  const left = others.length === 0 ? [] : [`${source}: ${others.length} more WebSocket connection(s) with realtime events left out (${others.map((o) => o.url).join(', ')}): a cassette holds one session`];
  return { lines: used.rows.lines, warnings: [...used.rows.warnings, ...left] };
}

/** Every event of a capture file, in file order, with a warning for each row left out. */
export function readCapture(text: string, source: string): CaptureRows {
  const rows: CaptureRows = { lines: [], warnings: [] };
  let sockets = 0;
  const take = (raw: unknown, at: string): void => {
    const row = readRow(raw);
    if (row === null) sockets++;
    else if ('problem' in row) rows.warnings.push(`${source} ${at}: ${row.problem}, skipped`);
    else rows.lines.push(row);
  };
  for (const v of captureValues(text)) {
    if ('error' in v) rows.warnings.push(`${source} ${v.at}: ${v.error}, skipped`);
    else if (isHar(v.value)) {
      const har = harRows(v.value, source);
      rows.lines.push(...har.lines);
      rows.warnings.push(...har.warnings);
    } else if (Array.isArray(v.value)) v.value.forEach((raw, k) => { take(raw, `item ${k + 1} of the JSON array${v.at === 'the file' ? '' : ` at ${v.at}`}`); });
    else take(v.value, v.at);
  }
  if (sockets > 0) rows.warnings.push(`${source}: ${sockets} socket frame(s) (dir "ws") left out: the cassette gets its own; to score an rtbench cassette, replay it`);
  return rows;
}
