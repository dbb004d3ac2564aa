/**
 * Faults on demand, written as `KIND[:key=value[,key=value…]]` (the `--fault` option of
 * `rtbench serve`, `faults` of startEmulator, or the `x-rtbench-fault` handshake header for the
 * connecting session only, several joined with `;`).
 *
 * Kinds:
 * - `drop`: the socket dies without a close frame (the client sees 1006).
 * - `close`: a close frame, `code=` (default 1011) and `reason=` (default `server_error`).
 * - `stall`: nothing more is sent for `for=` ms (default: until the client gives up); what the
 *   session produced meanwhile is then sent in order.
 * - `error`: an `error` event, `code=` `server_error` (default), `rate_limit_exceeded` or
 *   `session_expired`; `session_expired` then closes 1001 as the service does; `close=CODE`
 *   closes after any other.
 * - `malformed`: one text frame that is not JSON.
 * - `auth`: the handshake is refused as for a wrong key (error `invalid_api_key`, close 3000;
 *   a WebRTC call's `POST /v1/realtime/calls` answers 401).
 * - `sdp`: a WebRTC call's offer is refused with HTTP `code=` (default 400).
 * - `ice`: a WebRTC call is answered, but its ICE never connects (no check is answered).
 *
 * Over WebRTC the data channel stands for the socket: `close` and `error …,close=` close the
 * channel, `drop` closes the whole peer connection.
 *
 * When (one of; default `after=0`, i.e. right after session.created):
 * - `after=MS`: wall-clock ms after the session opened;
 * - `audio=MS`: once MS of input audio have been received (deterministic at any pacing speed);
 * - `on=EVENT` or `on=EVENT#N`: right after the server sends its Nth (default first) EVENT,
 *   e.g. `on=input_audio_buffer.committed#2`.
 *
 * Which sessions: `session=N` (the Nth connection to this emulator, from 1), `session=N-M`,
 * `session=N+` (N and later) or `session=*` (default: every session).
 */

/** The handshake header that asks the emulator for faults on the connecting session. */
export const FAULT_HEADER = 'x-rtbench-fault';

/** Fault kinds. */
export type FaultKind = 'drop' | 'close' | 'stall' | 'error' | 'malformed' | 'auth' | 'sdp' | 'ice';

/** When a fault fires. */
export type FaultTrigger = { readonly afterMs: number } | { readonly audioMs: number } | { readonly onEvent: string; readonly nth: number };

/** One parsed fault. */
export interface FaultSpec {
  readonly kind: FaultKind;
  readonly trigger: FaultTrigger;
  /** First and last session number (1-based, inclusive) it applies to. */
  readonly sessions: readonly [number, number];
  /** close code (close), error code (error), HTTP status (sdp). */
  readonly code: string | null;
  readonly reason: string | null;
  /** stall duration; null = forever. */
  readonly forMs: number | null;
  /** close code after an error event. */
  readonly closeCode: number | null;
  /** The text it was parsed from. */
  readonly text: string;
}

const KINDS: readonly FaultKind[] = ['drop', 'close', 'stall', 'error', 'malformed', 'auth', 'sdp', 'ice'];
const ERROR_CODES = ['server_error', 'rate_limit_exceeded', 'session_expired'];
const KEYS = ['session', 'after', 'audio', 'on', 'for', 'code', 'reason', 'close'];

function fail(text: string, why: string): never {
  throw new Error(`fault "${text}": ${why}. Syntax: KIND[:key=value,…], KIND one of ${KINDS.join(', ')}; keys ${KEYS.join(', ')}`);
}

/** Longest wait a timer can hold (Node fires longer ones after 1 ms). */
const MAX_MS = 2 ** 31 - 1;

/** Longest close reason a close frame carries (RFC 6455 §5.5: 125 bytes of payload, 2 of them the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

function msValue(text: string, key: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) fail(text, `${key}= takes milliseconds, got "${value}"`);
  const ms = Number(value);
  if (ms > MAX_MS) fail(text, `${key}=${value} is longer than a timer can wait (at most ${MAX_MS} ms, about 24.8 days)`);
  return ms;
}

/** Whether a server may send `code` in a close frame (RFC 6455 §7.4: 1000-1003, 1007-1014, 3000-4999; 1004-1006 and 1015 are reserved). */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999));
}

function closeCode(text: string, key: string, value: string): number {
  const n = Number(value);
  if (!isSendableCloseCode(n)) fail(text, `${key}= takes a WebSocket close code a server may send (1000-1003, 1007-1014 or 3000-4999), got "${value}"`);
  return n;
}

function closeReason(text: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_CLOSE_REASON_BYTES) fail(text, `reason= is ${bytes} bytes; a close frame carries at most ${MAX_CLOSE_REASON_BYTES} bytes of reason (UTF-8)`);
  return value;
}

/** The keys each kind takes (`auth` acts at the handshake, `sdp` and `ice` on a WebRTC call's offer, so they take no when). */
const KIND_KEYS: Readonly<Record<FaultKind, readonly string[]>> = {
  drop: ['session', 'after', 'audio', 'on'],
  close: ['session', 'after', 'audio', 'on', 'code', 'reason'],
  stall: ['session', 'after', 'audio', 'on', 'for'],
  error: ['session', 'after', 'audio', 'on', 'code', 'close'],
  malformed: ['session', 'after', 'audio', 'on'],
  auth: ['session'],
  sdp: ['session', 'code'],
  ice: ['session'],
};

function sessions(text: string, value: string): [number, number] {
  if (value === '*') return [1, Infinity];
  const m = /^(\d+)(?:(\+)|-(\d+))?$/.exec(value);
  if (!m || Number(m[1]) < 1) fail(text, `session= takes N, N-M, N+ or * (sessions count from 1), got "${value}"`);
  const first = Number(m[1]);
  const last = m[2] ? Infinity : m[3] ? Number(m[3]) : first;
  if (last < first) fail(text, `session=${value} ends before it starts`);
  return [first, last];
}

function trigger(text: string, params: Map<string, string>): FaultTrigger {
  const given = ['after', 'audio', 'on'].filter((k) => params.has(k));
  if (given.length > 1) fail(text, `give one of after=, audio=, on= (got ${given.join(', ')})`);
  const on = params.get('on');
  if (on !== undefined) {
    const m = /^([a-z_.]+)(?:#(\d+))?$/.exec(on);
    if (!m?.[1] || (m[2] !== undefined && Number(m[2]) < 1)) fail(text, `on= takes a server event type, optionally #N (N from 1), got "${on}"`);
    return { onEvent: m[1], nth: m[2] === undefined ? 1 : Number(m[2]) };
  }
  const audio = params.get('audio');
  if (audio !== undefined) return { audioMs: msValue(text, 'audio', audio) };
  return { afterMs: msValue(text, 'after', params.get('after') ?? '0') };
}

/** Parses one SPEC; throws an Error naming the spec and what is wrong. */
export function parseFaultSpec(text: string): FaultSpec {
  const [head = '', rest] = text.trim().split(/:(.*)/s, 2);
  const kind = KINDS.find((k) => k === head);
  if (kind === undefined) fail(text, `unknown kind "${head}"`);
  const params = new Map<string, string>();
  for (const part of (rest ?? '').split(',').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 0 || !KEYS.includes(key)) fail(text, `"${part}" is not key=value with a known key`);
    if (!KIND_KEYS[kind].includes(key)) fail(text, `${key}= does not apply to ${kind} (it takes ${KIND_KEYS[kind].map((k) => `${k}=`).join(', ')})`);
    params.set(key, part.slice(eq + 1).trim());
  }
  const code = params.get('code') ?? null;
  if (kind === 'error' && code !== null && !ERROR_CODES.includes(code)) fail(text, `code= of an error is one of ${ERROR_CODES.join(', ')}`);
  if (kind === 'close' && code !== null) closeCode(text, 'code', code);
  if (kind === 'sdp' && code !== null && !/^[45]\d\d$/.test(code)) fail(text, `code= of sdp is the HTTP status of the refusal (400-599), got "${code}"`);
  const forValue = params.get('for');
  return {
    kind,
    trigger: trigger(text, params),
    sessions: sessions(text, params.get('session') ?? '*'),
    code,
    reason: closeReason(text, params.get('reason')),
    forMs: forValue === undefined ? null : msValue(text, 'for', forValue),
    closeCode: params.has('close') ? closeCode(text, 'close', params.get('close') ?? '') : null,
    text,
  };
}

/** Parses the `x-rtbench-fault` header: specs joined by `;`, all for this session. */
export function parseFaultHeader(value: string): FaultSpec[] {
  return value
    .split(';')
    .filter((s) => s.trim() !== '')
    .map((s) => ({ ...parseFaultSpec(s), sessions: [1, Infinity] as const }));
}

/** The faults that apply to session number `n` (1-based). */
export function faultsForSession(specs: readonly FaultSpec[], n: number): FaultSpec[] {
  return specs.filter((f) => n >= f.sessions[0] && n <= f.sessions[1]);
}
