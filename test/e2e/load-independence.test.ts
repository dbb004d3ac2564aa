import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * Results must not depend on how busy the machine is: the same `--speed max` sweep over the
 * bundled synthetic items, once with the cores idle and once with every core kept busy by
 * spinning threads, gives the same turns and transcripts. (Latencies may differ: they measure
 * the machine.)
 */

const SWEEP = ['--speed', 'max', '--threshold', '0.3,0.5,0.7', '--silence-duration-ms', '200,500,800', '--items', 'syn_gaps_300_600_1200ms_16k,syn_short_words_44k_stereo'];

function rows(path: string, columns: readonly string[]): string[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true })
    .map((r) => columns.map((c) => `${c}=${r[c] ?? ''}`).join(' | '))
    .sort();
}

function results(dir: string): { items: string[]; turns: string[] } {
  return {
    items: rows(join(dir, 'items.csv'), ['config_id', 'item_id', 'status', 'state', 'error', 'hypothesis', 'wer', 'turns_expected', 'turns_detected', 'turns_split', 'turns_merged', 'false_starts', 'warnings']),
    turns: rows(join(dir, 'turns.csv'), ['config_id', 'item_id', 'turn_index', 'audio_start_ms', 'audio_end_ms', 'expected_turn', 'false_start', 'transcript']),
  };
}

/** Threads that keep a core each busy until terminated, two per core. */
async function busyCores(): Promise<() => Promise<void>> {
  const workers = Array.from({ length: availableParallelism() * 2 }, () => new Worker('for (;;) {}', { eval: true }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('online', resolve))));
  return async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
}

describe('results that do not depend on the machine\'s load', () => {
  it('gives the same turns and transcripts for a --speed max sweep with every core busy as with the cores idle', async () => {
    const out = tempDir();
    const idle = await runCli(['run', ...SWEEP, '--out', out, '--run-id', 'idle']);
    expect(idle.code, idle.stderr).toBe(0);
    const stop = await busyCores();
    let busy;
    try {
      busy = await runCli(['run', ...SWEEP, '--out', out, '--run-id', 'busy']);
    } finally {
      await stop();
    }
    expect(busy.code, busy.stderr).toBe(0);
    const quiet = results(join(out, 'idle'));
    expect(quiet.items).toHaveLength(18);
    expect(quiet.items.every((r) => r.includes('status=ok'))).toBe(true);
    const loaded = results(join(out, 'busy'));
    expect(loaded.items).toEqual(quiet.items);
    expect(loaded.turns).toEqual(quiet.turns);
  }, 600_000);
});
