import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { FAST_PROFILES } from '../helpers/emulator-sessions.js';

type Row = Record<string, string>;

const CONNECT_TIMEOUT_MS = 1000;
const TURN_TIMEOUT_MS = 2000;
const MAX_ATTEMPTS = 3;
/** The slowest a session may take at --speed max: setup, audio, the wait, its close. */
const SESSION_BOUND_MS = 2 * CONNECT_TIMEOUT_MS + TURN_TIMEOUT_MS + 3000;
/** Every attempt, and the backoffs between them (at most 1 s and 2 s, or 1.5 s and 3 s after a rate limit). */
const RUN_BOUND_MS = MAX_ATTEMPTS * SESSION_BOUND_MS + 4500;

interface FaultCase {
  /** The fault, as `rtbench serve --fault` takes it. */
  readonly spec: string;
  /** `every`: every connection (the x-rtbench-fault header); `first`: the first connection only. */
  readonly scope: 'every' | 'first';
  readonly exit?: number;
  /** @default arctic_axb_a0005 (1.6 s, one turn) */
  readonly item?: string;
  readonly row?: { status: 'ok' | 'error'; state: string; attempts: number; error?: RegExp; warnings?: RegExp };
}

const CASES: readonly FaultCase[] = [
  { spec: 'drop:on=session.created', scope: 'every', row: { status: 'error', state: 'errored', attempts: 3, error: /^the server closed the socket during setup \(code 1006/, warnings: /attempt 1 errored \(transient, retried after \d+ ms\).*attempt 2 errored/ } },
  { spec: 'drop:on=session.created', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /^attempt 1 errored \(transient, retried after \d+ ms\): the server closed the socket during setup \(code 1006/ } },
  { spec: 'drop:audio=500', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /attempt 1 errored .*during (streaming|the wait for results) \(code 1006/ } },
  { spec: 'drop:on=conversation.item.input_audio_transcription.completed', scope: 'every', row: { status: 'error', state: 'errored', attempts: 1, error: /the server closed the socket during (streaming|the wait for results) \(code 1006/ } },
  { spec: 'close:code=1011,on=session.created', scope: 'every', row: { status: 'error', state: 'errored', attempts: 3, error: /^the server closed the socket during setup \(code 1011, server_error\)/ } },
  { spec: 'close:code=1011,on=session.created', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /^attempt 1 errored \(transient.*during setup \(code 1011, server_error\)/ } },
  { spec: 'close:code=1008,reason=policy_violation,on=session.created', scope: 'every', row: { status: 'error', state: 'errored', attempts: 1, error: /^the server closed the socket during setup \(code 1008, policy_violation\)/ } },
  { spec: 'close:code=4000,reason=invalid_request_error.invalid_model,on=session.created', scope: 'every', exit: 4 },
  { spec: 'auth', scope: 'every', exit: 4 },
  { spec: 'stall:on=session.created', scope: 'every', row: { status: 'error', state: 'errored', attempts: 3, error: /^no session\.updated within 1000 ms after session\.update/ } },
  { spec: 'stall:on=session.created', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /attempt 1 errored \(transient.*no session\.updated within 1000 ms/ } },
  { spec: 'stall:on=input_audio_buffer.committed', scope: 'every', row: { status: 'error', state: 'timed-out', attempts: 1, error: /^timed out after 2000 ms waiting for the transcript of item_/ } },
  { spec: 'stall:on=session.updated,for=500', scope: 'every', row: { status: 'ok', state: 'completed', attempts: 1 } },
  { spec: 'error:code=server_error,audio=500', scope: 'every', row: { status: 'ok', state: 'completed', attempts: 1, warnings: /^server error server_error: The server had an error/ } },
  { spec: 'error:code=server_error,close=1011,audio=500', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /attempt 1 errored \(transient.*code 1011.*after error server_error/ } },
  { spec: 'error:code=server_error,close=1011,audio=500', scope: 'every', row: { status: 'error', state: 'errored', attempts: 3, error: /^the server closed the socket during (streaming|the wait for results) \(code 1011, server_error\) after error server_error/ } },
  { spec: 'error:code=rate_limit_exceeded,close=1013,on=session.created', scope: 'first', row: { status: 'ok', state: 'completed', attempts: 2, warnings: /attempt 1 errored \(rate limited, retried after \d+ ms\)/ } },
  { spec: 'error:code=rate_limit_exceeded,audio=500', scope: 'every', row: { status: 'ok', state: 'completed', attempts: 1, warnings: /server error rate_limit_exceeded/ } },
  { spec: 'error:code=session_expired,audio=6000', scope: 'first', item: 'syn_gaps_300_600_1200ms_16k', row: { status: 'ok', state: 'completed', attempts: 1, warnings: /^rolled over to a new session after session_expired at [\d.]+ ms of audio; audio from \d+ ms sent again; server error session_expired/ } },
  { spec: 'error:code=session_expired,audio=1000', scope: 'every', row: { status: 'error', state: 'errored', attempts: 1, error: /^session_expired during (streaming|the wait for results): .*; rolling over cannot help: a turn that began at the start of the session had not finished/ } },
  { spec: 'error:code=session_expired,on=session.updated', scope: 'every', row: { status: 'error', state: 'errored', attempts: 1, error: /^session_expired during streaming: / } },
  { spec: 'malformed:on=response.created', scope: 'every', row: { status: 'ok', state: 'completed', attempts: 1, warnings: /^1 frame\(s\) from the server were not JSON events \(first: invalid JSON/ } },
];

describe('every emulator fault ends in a row that says what happened, within the timeouts', () => {
  let emulator: RunningEmulator | null = null;

  afterEach(async () => {
    await emulator?.close();
    emulator = null;
  });

  it.each(CASES)('$spec on $scope connection(s)', async (c) => {
    emulator = await startEmulator({ vad: webrtcVad, profiles: FAST_PROFILES, faults: c.scope === 'first' ? [`${c.spec},session=1`] : [] });
    const out = tempDir();
    const header = c.scope === 'every' ? ['--header', `x-rtbench-fault=${c.spec}`] : [];
    const started = performance.now();
    const r = await runCli([
      'run', '--target', emulator.url, ...header, '--items', c.item ?? 'arctic_axb_a0005', '--speed', 'max', '--out', out, '--run-id', 'fault',
      '--connect-timeout-ms', String(CONNECT_TIMEOUT_MS), '--turn-timeout-ms', String(TURN_TIMEOUT_MS), '--max-attempts', String(MAX_ATTEMPTS),
    ]);
    expect(performance.now() - started).toBeLessThan(RUN_BOUND_MS);
    expect(r.code, r.stderr).toBe(c.exit ?? 0);
    const rows = parse<Row>(readFileSync(join(out, 'fault', 'items.csv'), 'utf8'), { columns: true });
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? {};
    if (c.exit === 4) {
      expect(r.stderr).toMatch(/the server closed the session \((3000|4000)/);
      expect(row).toMatchObject({ status: 'error', attempts: '1' });
      return;
    }
    const want = c.row;
    if (!want) throw new Error('a case needs an exit code or a row');
    expect({ status: row.status, state: row.state, attempts: Number(row.attempts) }, `${row.error ?? ''} / ${row.warnings ?? ''}`).toEqual({ status: want.status, state: want.state, attempts: want.attempts });
    if (want.error) expect(row.error).toMatch(want.error);
    else expect(row.error).toBe('');
    if (want.warnings) expect(row.warnings).toMatch(want.warnings);
    const [configDir = ''] = readdirSync(join(out, 'fault', 'sessions'));
    const cassette = readFileSync(join(out, 'fault', 'sessions', configDir, `${c.item ?? 'arctic_axb_a0005'}.1.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir?: string; event?: Record<string, unknown> });
    // The cassette keeps every attempt: one retry frame per attempt made again, then the end.
    expect(cassette.filter((l) => l.dir === 'ws' && l.event?.type === 'retry')).toHaveLength(want.attempts - 1);
    expect(cassette.filter((l) => l.dir === 'ws' && l.event?.type === 'open').length).toBeGreaterThanOrEqual(want.attempts);
    expect(cassette.at(-1)?.event).toMatchObject({ type: 'end', attempts: want.attempts, state: want.state });
    // Replayed, the session ends the same way.
    const replay = await runCli(['replay', join(out, 'fault'), '--out', out, '--run-id', 'replayed']);
    expect(replay.code, replay.stderr).toBe(0);
    const [replayed] = parse<Row>(readFileSync(join(out, 'replayed', 'items.csv'), 'utf8'), { columns: true });
    expect({ status: replayed?.status, state: replayed?.state, error: replayed?.error }).toEqual({ status: row.status, state: row.state, error: row.error });
  }, 40_000);
});
