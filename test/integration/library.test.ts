import { existsSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { ConfigError, replay, runBenchmark, startRealtimeServer } from '../../src/index.js';
import { tempDir } from '../helpers/cli.js';

describe('rtbench as a library', () => {
  it('runs a benchmark, replays it to the same scores, and serves its cassettes', async () => {
    const out = tempDir();
    const seen: string[] = [];
    const run = await runBenchmark({ items: ['arctic_axb_a0005'], speed: 'max', vadEngine: 'webrtc', out, runId: 'lib', failOn: ['wer>0.5'], onResult: (r, done, total) => seen.push(`${r.itemId} ${done}/${total}`) });
    expect(run.runDir).toBe(join(out, 'lib'));
    expect(existsSync(join(run.runDir, 'report.html'))).toBe(true);
    expect(seen).toEqual(['arctic_axb_a0005 1/1']);
    expect(run.passed).toBe(true);
    expect(run.items[0]?.status).toBe('ok');

    const again = await replay(run.runDir, { out, runId: 'again', failOn: ['wer>=0'] });
    expect(again.divergences).toEqual([]);
    expect(again.passed).toBe(false);
    expect(again.items.map((i) => [i.hypothesis, i.turnsDetected, i.onsetErrorMs])).toEqual(run.items.map((i) => [i.hypothesis, i.turnsDetected, i.onsetErrorMs]));

    const server = await startRealtimeServer({ cassettes: run.runDir });
    expect(server.kind).toBe('replay');
    const ws = new WebSocket(server.url);
    const first = await new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve((JSON.parse(data.toString()) as { type: string }).type)));
    expect(first).toBe('session.created');
    ws.close();
    await server.close();
  });

  it('checks options before anything runs, and reads no key unless given one', async () => {
    const error = await runBenchmark({ threshold: [2], target: 'openai', out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(expect.arrayContaining([expect.stringContaining('--threshold 2'), expect.stringContaining('--target openai needs an API key')]));
  });
});
