/**
 * `rtbench bench --quick` as CI runs it: the built command, whole. Only that every figure is
 * produced is checked, never its value (speed targets belong to the benchmark, not to tests).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_VAD_ENGINES } from '../../src/bench/perf/emulator-role.js';
import { BENCH_COLUMNS } from '../../src/bench/perf/render.js';
import { tempDir } from '../helpers/cli.js';

const run = promisify(execFile);

const EXPECTED_METRICS = [
  'pacing_p50_ms_1_stream', 'pacing_p99_ms_1_stream', 'pacing_drift_ms_1_stream',
  'pacing_p50_ms_200_streams', 'pacing_p99_ms_200_streams', 'pacing_drift_ms_200_streams',
  'client_cpu_ms_per_stream_s', 'peak_rss_mb_200_streams', 'capacity_streams',
  'replay_speed_x_real_time', 'peak_rss_mb_long_corpus', 'webrtc_client_cpu_ms_per_stream_s',
  ...BENCH_VAD_ENGINES.map((engine) => `emulator_sessions_${engine}`),
  'decode_x_real_time', 'scoring_utterances_per_s', 'scoring_long_pair_ms',
];

describe('rtbench bench --quick', () => {
  let out: string;
  let stdout: string;
  let rows: Record<string, string>[];

  beforeAll(async () => {
    out = tempDir();
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'rtbench.js');
    ({ stdout } = await run(process.execPath, [bin, 'bench', '--quick', '--out', out], { maxBuffer: 16 * 1024 * 1024 }));
    const [stamp] = readdirSync(join(out, 'bench'));
    rows = parse<Record<string, string>>(readFileSync(join(out, 'bench', stamp ?? '', 'bench.csv'), 'utf8'), { columns: true });
  }, 300_000);

  it('writes bench.csv with its documented columns and one row per figure', () => {
    const [stamp] = readdirSync(join(out, 'bench'));
    expect(readFileSync(join(out, 'bench', stamp ?? '', 'bench.csv'), 'utf8').split('\n')[0]).toBe(BENCH_COLUMNS.join(','));
    expect(rows.map((r) => r.metric)).toEqual(EXPECTED_METRICS);
  });

  it('produces every figure: a number for rtbench and, where there is one, for its alternative', () => {
    for (const row of rows) {
      expect(Number.isFinite(Number.parseFloat(row.rtbench ?? '')), `${row.metric}: ${row.detail ?? ''}`).toBe(true);
      if (row.alternative === '' || row.alternative?.includes('not installed')) continue;
      expect(Number.isFinite(Number.parseFloat(row.alternative_value ?? '')), `${row.metric} alternative: ${row.detail ?? ''}`).toBe(true);
    }
  });

  it('writes bench.md and bench.json beside it and prints the table with the machine', () => {
    const [stamp] = readdirSync(join(out, 'bench'));
    const dir = join(out, 'bench', stamp ?? '');
    expect(readFileSync(join(dir, 'bench.md'), 'utf8')).toMatch(/^### rtbench bench --quick/);
    const json = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as { figures: unknown[]; machine: { cores: number } };
    expect(json.figures).toHaveLength(EXPECTED_METRICS.length);
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(stdout).toContain('send-time error p99, 200 streams');
    expect(stdout).toMatch(/machine: .*cores/);
  });
});
