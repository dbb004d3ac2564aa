import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { FAST_PROFILES } from '../helpers/emulator-sessions.js';
import { startRelay } from '../helpers/relay.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('secrets never reach a file', () => {
  const key = 'sk-test-rtbench-0123456789abcdefSECRET';
  const relayToken = 'relay-token-SECRET-42';
  let emulator: RunningEmulator;
  let out: string;
  let output = '';

  beforeAll(async () => {
    emulator = await startEmulator();
    out = tempDir();
    const run = await runCli(['run', '--target', emulator.url, '--header', `X-Relay-Token=${relayToken}`, '--speed', 'max', '--items', 'lj001_0002', '--out', out, '--run-id', 'keyed'], { env: { OPENAI_API_KEY: key } });
    expect(run.code, run.stderr).toBe(0);
    output = run.stdout + run.stderr;
    const replay = await runCli(['replay', join(out, 'keyed'), '--out', out, '--run-id', 'replayed']);
    expect(replay.code, replay.stderr).toBe(0);
    output += replay.stdout + replay.stderr;
  }, 60_000);

  afterAll(async () => {
    await emulator.close();
  });

  it('scans every result, cassette and log line for the key and the header value and finds nothing', () => {
    const files = filesUnder(out);
    expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
    expect(files.some((f) => f.endsWith('report.html'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file, 'latin1');
      expect(bytes.includes(key), file).toBe(false);
      expect(bytes.includes(relayToken), file).toBe(false);
    }
    expect(output.includes(key)).toBe(false);
    expect(output.includes(relayToken)).toBe(false);
  });

  it('records that a key was used, and nothing more', () => {
    const run = JSON.parse(readFileSync(join(out, 'keyed', 'run.json'), 'utf8')) as { options: { apiKeyProvided: boolean; headers: string[] } };
    expect(run.options.apiKeyProvided).toBe(true);
    expect(run.options.headers).toEqual(['X-Relay-Token']);
  });
});

/** Every way a credential could be written: as it is, and base64 or base64url encoded. */
function encodings(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64').replace(/=+$/, ''), Buffer.from(secret).toString('base64url')];
}

function findLeaks(files: readonly string[], texts: Readonly<Record<string, string>>, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  const check = (where: string, bytes: string): void => {
    for (const secret of secrets) for (const form of encodings(secret)) if (bytes.includes(form)) leaks.push(`${where} holds ${secret.slice(0, 6)}…`);
    // Any client secret minted by the emulator or the relay, known or not.
    if (/\bek_[0-9a-z_]{8,}/i.test(bytes)) leaks.push(`${where} holds a client secret (ek_…)`);
  };
  for (const file of files) check(file, readFileSync(file, 'latin1'));
  for (const [where, text] of Object.entries(texts)) check(where, text);
  return leaks;
}

describe('client secrets never reach a file either', () => {
  const key = 'sk-test-rtbench-ephemeral-9876543210KEY';
  const relayToken = 'relay-token-SECRET-ephemeral';

  it('mints a secret for every socket (rollovers included) and writes none of them, nor the key, anywhere', async () => {
    const relay = await startRelay({
      apiKey: key,
      check: (h, secrets) => (secrets.some((s) => h.authorization === `Bearer ${s}`) && h['x-relay-token'] === relayToken ? { accept: true } : { status: 401 }),
      emulator: { vad: webrtcVad, profiles: FAST_PROFILES, maxSessionMs: 1500 },
    });
    try {
      const out = tempDir();
      const env = { OPENAI_API_KEY: key };
      const items = 'syn_gaps_300_600_1200ms_16k,arctic_axb_a0005';
      const run = await runCli(['run', '--target', relay.url, '--auth', 'ephemeral', '--header', `X-Relay-Token=${relayToken}`, '--items', items, '--speed', '4', '--out', out, '--run-id', 'eph'], { env });
      expect(run.code, run.stderr).toBe(0);
      // More sockets than sessions: the long item rolled over, and each socket had its own secret.
      expect(relay.secrets.length).toBeGreaterThan(2);
      expect(relay.upgrades).toHaveLength(relay.secrets.length);
      const replay = await runCli(['replay', join(out, 'eph'), '--out', out, '--run-id', 'eph-replayed'], { env });
      const report = await runCli(['report', join(out, 'eph')], { env });
      const resume = await runCli(['run', '--resume', join(out, 'eph'), '--header', `X-Relay-Token=${relayToken}`], { env });
      for (const r of [replay, report, resume]) expect(r.code, r.stderr).toBe(0);
      const texts = Object.fromEntries([run, replay, report, resume].map((r, i) => [`output of command ${i + 1}`, r.stdout + r.stderr]));
      expect(findLeaks(filesUnder(out), texts, [key, relayToken, ...relay.secrets])).toEqual([]);
    } finally {
      await relay.close();
    }
  }, 60_000);

  it('keeps them out of the emulator log of rtbench serve', async () => {
    const dir = tempDir();
    const log = join(dir, 'emulator.jsonl');
    const controller = new AbortController();
    let served = '';
    const serving = runCli(['serve', '--port', '0', '--vad-engine', 'webrtc', '--log', log], { signal: controller.signal, env: { RTBENCH_EMULATOR_API_KEY: key }, stdout: { write: (t) => void (served += t) } });
    while (!/listening on (\S+)/.test(served)) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (\S+)/.exec(served)?.[1] ?? '';
    const run = await runCli(['run', '--target', url, '--auth', 'ephemeral', '--items', 'arctic_axb_a0005', '--speed', 'max', '--out', dir, '--run-id', 'served'], { env: { OPENAI_API_KEY: key } });
    expect(run.code, run.stderr).toBe(0);
    controller.abort();
    await serving;
    expect(readFileSync(log, 'utf8')).toContain('session.open');
    expect(findLeaks(filesUnder(dir), { 'rtbench serve output': served, 'rtbench run output': run.stdout + run.stderr }, [key])).toEqual([]);
  }, 60_000);
});
