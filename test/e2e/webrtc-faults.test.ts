import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { runCli, tempDir } from '../helpers/cli.js';

type Row = Record<string, string>;

const CONNECT_TIMEOUT_MS = 2000;

describe('WebRTC faults where they happen: each an error row, the run goes on', () => {
  let emulator: RunningEmulator;
  const logs: { session: number; event: string }[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      vad: webrtcVad,
      faults: ['sdp:code=400,session=1', 'ice:session=2', 'close:on=input_audio_buffer.speech_started,session=3'],
      onLog: (entry) => logs.push({ session: entry.session, event: entry.event }),
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('refused offer, ICE that never connects, a data channel closed mid-turn, then a call that works', async () => {
    const out = tempDir();
    const run = await runCli([
      'run', '--target', emulator.url, '--transport', 'webrtc', '--items', 'arctic_axb_a0005', '--repeat', '4', '--concurrency', '1', '--max-attempts', '1',
      '--connect-timeout-ms', String(CONNECT_TIMEOUT_MS), '--out', out, '--run-id', 'faults',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const items = parse<Row>(readFileSync(join(out, 'faults', 'items.csv'), 'utf8'), { columns: true });
    expect(items.map((r) => [r.repeat, r.status])).toEqual([
      ['1', 'error'],
      ['2', 'error'],
      ['3', 'error'],
      ['4', 'ok'],
    ]);
    expect(items[0]?.error).toMatch(/\/v1\/realtime\/calls refused the SDP offer: HTTP 400 invalid_offer: The SDP offer was refused/);
    expect(items[1]?.error).toMatch(new RegExp(`^ICE did not connect within \\d+ ms of the SDP answer \\(ICE (checking|new)`));
    expect(items[2]?.error).toMatch(/during (streaming|the wait for results) \(code 1006, the server closed the data channel\)/);
    expect(items[3]?.wer).toBe('0');
    expect(logs.filter((l) => l.event === 'fault').map((l) => l.session)).toEqual([1, 2, 3]);
  }, 120_000);

  it('a refused client secret on the call (401) stops the run with exit 4', async () => {
    const out = tempDir();
    const run = await runCli(['run', '--target', emulator.url, '--transport', 'webrtc', '--items', 'arctic_axb_a0005', '--header', 'x-rtbench-fault=auth', '--max-attempts', '1', '--out', out, '--run-id', 'auth']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/refused the SDP offer: HTTP 401 invalid_api_key: Incorrect API key provided/);
  }, 60_000);
});
