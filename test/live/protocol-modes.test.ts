import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

/**
 * Against the real API: one short item per protocol mode. Costs a few cents and needs the
 * network, so it runs only with OPENAI_API_KEY set and LIVE=1:
 *
 *     LIVE=1 OPENAI_API_KEY=sk-... npm run test:live
 */

const KEY = process.env.OPENAI_API_KEY ?? '';
const LIVE = process.env.LIVE === '1' && KEY !== '';
/** A 1.5 s sentence ("Will we ever forget it."). */
const ITEM = 'arctic_axb_a0005';

function runDir(out: string): string {
  return join(out, 'live');
}

function items(out: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(runDir(out), 'items.csv'), 'utf8'), { columns: true });
}

/** Every server event received, checked against the schema of its generation (properties may be null, as REALTIME.md §0 says). */
function serverEventProblems(out: string): string[] {
  const sessions = join(runDir(out), 'sessions');
  return readdirSync(sessions).flatMap((config) =>
    readdirSync(join(sessions, config)).flatMap((file) => {
      const record = parseCassette(readFileSync(join(sessions, config, file), 'utf8'), file);
      const schema = realtimeSchema(record.meta.protocol);
      return record.events.filter((f) => f.dir === 'in' && schema.serverTypes.has(String(f.event.type))).flatMap((f) => schema.validateServer(f.event));
    }),
  );
}

async function live(args: string[]) {
  const out = tempDir('rtbench-live-');
  const result = await runCli(['run', '--target', 'openai', '--items', ITEM, '--run-id', 'live', '--out', out, ...args], { env: { OPENAI_API_KEY: KEY } });
  return { ...result, out };
}

describe.skipIf(!LIVE)('the live Realtime API, one short item per protocol mode', () => {
  it.each([
    ['realtime', 'key'],
    ['transcription', 'key'],
    ['realtime', 'ephemeral'],
    ['transcription', 'ephemeral'],
  ])('GA %s session with --auth %s', async (session, auth) => {
    const r = await live(['--protocol', 'ga', '--session', session, '--auth', auth, '--model', 'gpt-realtime', '--transcribe-model', 'gpt-4o-mini-transcribe']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [row] = items(r.out);
    expect(row?.status, row?.error).toBe('ok');
    expect(Number(row?.wer)).toBeLessThan(0.5);
    expect(Number(row?.turns_detected)).toBeGreaterThanOrEqual(1);
    if (auth === 'ephemeral') expect(Number(row?.mint_ms)).toBeGreaterThan(0);
    expect(serverEventProblems(r.out)).toEqual([]);
  });

  it.each([['realtime'], ['transcription']])('beta %s session: runs, or is refused as the service retired beta', async (session) => {
    const r = await live(['--protocol', 'beta', '--session', session, '--model', 'gpt-4o-realtime-preview', '--transcribe-model', 'gpt-4o-transcribe']);
    if (r.code === 4) {
      expect(r.stderr).toMatch(/4000 .*beta_api_shape_disabled/);
      expect(r.stderr).toContain('--protocol ga');
      return;
    }
    expect(r.code).toBe(0);
    expect(items(r.out)[0]?.status).toBe('ok');
  });
});
