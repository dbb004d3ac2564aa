import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/bench/runner.js';
import { realClock } from '../../src/clock.js';
import { resolveOptions } from '../../src/config/options.js';
import { TransportError } from '../../src/errors.js';
import { createScriptedTransport } from '../../src/pipeline/transport/scripted.js';
import type { Transport } from '../../src/pipeline/transport/transport.js';
import { createWsTransport } from '../../src/pipeline/transport/ws.js';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import type { ItemResult } from '../../src/metrics/item-result.js';
import type { Reporter } from '../../src/reporters/reporter.js';
import { tempDir } from '../helpers/cli.js';

const refused: Transport = {
  connect: (_signal) => Promise.reject(new TransportError('ws://127.0.0.1/v1/realtime answered HTTP 429 instead of upgrading to a WebSocket', { retryable: true })),
  send: () => undefined,
  subscribe: () => () => undefined,
  close: () => undefined,
};

/** Accepts the socket, then says the caller is rate limited and closes, as a busy server does. */
const rateLimited = (): Transport =>
  createScriptedTransport((event, controls) => {
    if (event !== null) return;
    controls.emit({ type: 'error', error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'too many sessions' } });
    controls.close(1008, 'rate limited', 5);
  }, realClock);

async function run(first: () => Transport, failures: number) {
  const out = tempDir();
  const options = resolveOptions({ speed: 'max', items: ['uberi_one_two_three'], out, runId: 'rl', sessionRate: 20 }, { cwd: process.cwd(), env: {}, bundledCorpus: BUNDLED_CORPUS });
  let attempts = 0;
  const startMs = realClock.now();
  const result = await runBenchmark(options, {
    clock: realClock,
    signal: new AbortController().signal,
    reporters: [],
    harnessVersion: 'test',
    versions: {},
    createTransport: (url, headers) => (++attempts <= failures ? first() : createWsTransport({ url, headers })),
  });
  return { result, attempts, elapsedMs: realClock.now() - startMs, runDir: join(out, 'rl') };
}

describe('a rate-limited target', () => {
  it('gets the session again after a back-off when the upgrade answers 429', async () => {
    const { result, attempts, elapsedMs, runDir } = await run(() => refused, 1);
    expect(attempts).toBe(2);
    expect(result.items[0]).toMatchObject({ status: 'ok', attempts: 2 });
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
    const [configDir = ''] = readdirSync(join(runDir, 'sessions'));
    const cassette = readFileSync(join(runDir, 'sessions', configDir, 'uberi_one_two_three.1.jsonl'), 'utf8');
    expect(cassette).toContain('"type":"session.created"');
    expect(cassette.trim().split('\n').at(-1)).toContain('"attempts":2');
  });

  it('tries again when the server reports rate_limit_exceeded while setting up', async () => {
    const { result, attempts } = await run(rateLimited, 1);
    expect(attempts).toBe(2);
    expect(result.items[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('gives up after three attempts, keeps the error in the row, and ends the run as unable to connect', async () => {
    let attempts = 0;
    const rows = tempDir();
    const options = resolveOptions({ speed: 'max', items: ['uberi_one_two_three'], out: rows, runId: 'rl', sessionRate: 20 }, { cwd: process.cwd(), env: {}, bundledCorpus: BUNDLED_CORPUS });
    const seen: ItemResult[] = [];
    const reporter: Reporter = { name: 'seen', onResult: (r) => void seen.push(r), onRunEnd: () => undefined };
    const running = runBenchmark(options, {
      clock: realClock, signal: new AbortController().signal, reporters: [reporter], harnessVersion: 'test', versions: {},
      createTransport: () => {
        attempts++;
        return refused;
      },
    });
    await expect(running).rejects.toThrow(/^no session could connect to local \(1 tried\): .*HTTP 429/);
    expect(attempts).toBe(3);
    expect(seen[0]).toMatchObject({ status: 'error', attempts: 3 });
    expect(seen[0]?.error).toContain('HTTP 429');
  }, 20_000);
});
