import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startRelay, type Relay } from '../helpers/relay.js';

describe('a session with a minted client secret, recorded and replayed', () => {
  let relay: Relay;
  let out: string;

  beforeAll(async () => {
    relay = await startRelay({ mintFirst: [429] });
    out = tempDir();
    const run = await runCli(['run', '--target', relay.url, '--auth', 'ephemeral', '--speed', 'max', '--items', 'lj001_0002', '--out', out, '--run-id', 'minted'], { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(run.code, run.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await relay.close();
  });

  it('keeps every REST answer in the cassette, with the secret redacted', () => {
    const dir = join(out, 'minted', 'sessions');
    const [config] = readdirSync(dir);
    const text = readFileSync(join(dir, config ?? '', 'lj001_0002.1.jsonl'), 'utf8');
    const mint = text.split('\n').map((l) => (l ? (JSON.parse(l) as { event?: { type?: string; requests?: { status: number; body: { value?: string } }[] } }) : {})).find((f) => f.event?.type === 'mint');
    expect(mint?.event?.requests?.map((r) => r.status)).toEqual([429, 200]);
    expect(mint?.event?.requests?.[1]?.body.value).toBe('<redacted>');
    expect(relay.secrets).toHaveLength(1);
    for (const secret of relay.secrets) expect(text.includes(secret)).toBe(false);
  });

  it('replays the minting through nock, retry included, and gives the same rows', async () => {
    const replay = await runCli(['replay', join(out, 'minted'), '--out', out, '--run-id', 'replayed']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    const strip = (file: string, runId: string): string => readFileSync(join(out, runId, file), 'utf8').split('\n').map((l) => (l.startsWith(`${runId},`) ? l.slice(runId.length) : l)).join('\n');
    expect(strip('items.csv', 'replayed')).toBe(strip('items.csv', 'minted'));
    expect(relay.mints).toHaveLength(2);
  });

  it('says so when the minting code no longer gets its secret from the recorded answers', async () => {
    const dir = join(out, 'minted', 'sessions');
    const [config] = readdirSync(dir);
    const edited = readFileSync(join(dir, config ?? '', 'lj001_0002.1.jsonl'), 'utf8').replace('"status":200', '"status":401');
    const copy = tempDir();
    writeFileSync(join(copy, 'edited.jsonl'), edited);
    const replay = await runCli(['replay', join(copy, 'edited.jsonl'), '--out', copy]);
    expect(replay.stderr).toMatch(/replay diverged: minting the client secret again failed: could not mint a client secret .* HTTP 401/);
  });
});
