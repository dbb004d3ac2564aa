import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';

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
