import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startRelay, type Relay } from '../helpers/relay.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

/** ws:// targets, handshake headers, API keys and client secrets, against a real server on 127.0.0.1. */

const ENV = { OPENAI_API_KEY: 'sk-test' };
const ITEMS = 'arctic_axb_a0005,uberi_one_two_three,lj001_0002';

let relay: Relay | null = null;
afterEach(async () => {
  await relay?.close();
  relay = null;
});

function rows(runDir: string, file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(runDir, file), 'utf8'), { columns: true });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function run(target: string, args: string[], items = 'arctic_axb_a0005') {
  const out = tempDir();
  const result = await runCli(['run', '--target', target, '--speed', 'max', '--items', items, '--out', out, '--run-id', 'r', ...args], { env: ENV });
  return { ...result, runDir: join(out, 'r') };
}

describe('a ws:// target with handshake headers', () => {
  it('sends --header, the bearer key, the beta header and the transcription intent', async () => {
    const r = await startRelay({ check: (h) => (h['x-relay-token'] === 'abc' && h.authorization === 'Bearer sk-test' ? { accept: true } : { status: 401 }) });
    relay = r;
    const { code, stderr, runDir } = await run(r.url, ['--header', 'X-Relay-Token=abc', '--protocol', 'ga,beta', '--session', 'transcription']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const byProtocol = new Map(r.upgrades.map((u) => [u.headers['openai-beta'] === undefined ? 'ga' : 'beta', u]));
    expect(byProtocol.get('beta')?.headers['openai-beta']).toBe('realtime=v1');
    expect(r.upgrades.map((u) => u.path)).toEqual(['/v1/realtime?intent=transcription', '/v1/realtime?intent=transcription']);
    const items = rows(runDir, 'items.csv');
    expect(items.map((i) => [i.protocol, i.status])).toEqual([['beta', 'ok'], ['ga', 'ok']].sort());
    for (const item of items) expect(item.hypothesis).not.toBe('');
  });

  it('stops the run with exit 4 when the server refuses the upgrade with 401', async () => {
    const r = await startRelay({ check: () => ({ status: 401 }) });
    relay = r;
    const { code, stderr, runDir } = await run(r.url, ['--concurrency', '1'], ITEMS);
    expect(code).toBe(4);
    expect(stderr).toMatch(/answered HTTP 401 instead of upgrading to a WebSocket/);
    expect(stderr).toMatch(/hint: Check the API key/);
    expect(r.upgrades).toHaveLength(1);
    expect(rows(runDir, 'items.csv')).toHaveLength(1);
  });

  it('stops the run with exit 4 and the server message after an auth error and close 3000', async () => {
    const r = await startRelay({ check: () => ({ close: 3000, code: 'invalid_api_key', message: 'Incorrect API key provided: sk-test.' }) });
    relay = r;
    const { code, stderr, runDir } = await run(r.url, ['--concurrency', '1'], ITEMS);
    expect(code).toBe(4);
    expect(stderr).toContain('rtbench: authentication failed: the server closed the session (3000 invalid_request_error.invalid_api_key): Incorrect API key provided: sk-test.');
    expect(r.upgrades).toHaveLength(1);
    const [row] = rows(runDir, 'items.csv');
    expect(row).toMatchObject({ item_id: 'arctic_axb_a0005', status: 'error' });
  });

  it('stops the run with exit 4 after close 4000', async () => {
    const r = await startRelay({ check: () => ({ close: 4000, code: 'invalid_model', message: "Model 'nope' not found." }) });
    relay = r;
    const { code, stderr } = await run(r.url, ['--concurrency', '1', '--model', 'nope'], ITEMS);
    expect(code).toBe(4);
    expect(stderr).toContain("(4000 invalid_request_error.invalid_model): Model 'nope' not found.");
    expect(stderr).toContain('hint: Check --model');
  });
});

describe('--auth ephemeral', () => {
  it('mints a client secret per session, connects with it, records mint_ms, and writes the secret nowhere', async () => {
    const r = await startRelay({ check: (h, secrets) => (secrets.some((s) => h.authorization === `Bearer ${s}`) ? { accept: true } : { status: 401 }) });
    relay = r;
    const { code, stderr, runDir } = await run(r.url, ['--auth', 'ephemeral', '--session', 'realtime,transcription'], 'arctic_axb_a0005,uberi_one_two_three');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(r.mints).toHaveLength(4);
    expect(r.mints.every((m) => m.authorization === 'Bearer sk-test')).toBe(true);
    for (const mint of r.mints) expect(realtimeSchema('ga').validateComponent('RealtimeCreateClientSecretRequest', mint.body, 'client')).toEqual([]);
    expect(r.upgrades.map((u) => u.headers.authorization).sort()).toEqual(r.secrets.map((s) => `Bearer ${s}`).sort());
    const items = rows(runDir, 'items.csv');
    expect(items.every((i) => i.status === 'ok' && Number(i.mint_ms) >= 0 && i.mint_ms !== '')).toBe(true);
    expect(rows(runDir, 'summary.csv').map((s) => s.mint_ms_n)).toEqual(['2', '2']);
    for (const file of filesUnder(runDir)) {
      const text = readFileSync(file, 'utf8');
      for (const secret of [...r.secrets, 'sk-test']) expect(text.includes(secret), `${file} holds a credential`).toBe(false);
    }
  });

  it('ends the run with exit 4 when the mint is refused with 401, before any socket opens', async () => {
    const r = await startRelay({ apiKey: 'sk-other' });
    relay = r;
    const { code, stderr } = await run(r.url, ['--auth', 'ephemeral', '--concurrency', '1'], ITEMS);
    expect(code).toBe(4);
    expect(stderr).toContain(`rtbench: could not mint a client secret at ${r.url.replace('ws://', 'http://').replace(/\/realtime$/, '')}/realtime/client_secrets: HTTP 401 Incorrect API key provided.`);
    expect(r.mints).toHaveLength(1);
    expect(r.upgrades).toHaveLength(0);
  });
});
