/**
 * Scoring on real sessions: the emulator (real WebSocket, real VAD on the audio) runs the
 * synthetic files at several silence_duration_ms values; every cassette is then re-scored from
 * disk. Scores are pure functions of the record, so the CSVs come out byte for byte the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../src/bench/run-result.js';
import { scoreSession } from '../../src/metrics/score-session.js';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { renderItemsCsv, renderTurnsCsv } from '../../src/reporters/csv.js';
import { runCli, tempDir } from '../helpers/cli.js';

const ITEMS = ['syn_gaps_300_600_1200ms_16k', 'syn_short_words_44k_stereo'];
const SILENCES = [300, 700, 1500];

describe('scores of emulator sessions on the synthetic files', () => {
  let runDir: string;
  beforeAll(async () => {
    const out = tempDir();
    const run = await runCli(['run', '--speed', 'max', '--items', ITEMS.join(','), '--silence-duration-ms', SILENCES.join(','), '--out', out, '--run-id', 'r']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    runDir = join(out, 'r');
  }, 120_000);

  const cassettes = () =>
    readdirSync(join(runDir, 'sessions')).flatMap((config) =>
      readdirSync(join(runDir, 'sessions', config)).map((file) => parseCassette(readFileSync(join(runDir, 'sessions', config, file), 'utf8'), file)));

  it('re-scores every cassette into byte-identical items.csv and turns.csv, twice', () => {
    const first = cassettes().map((r) => scoreSession(r)).sort(compareResults);
    const second = cassettes().map((r) => scoreSession(r)).sort(compareResults);
    expect(first).toHaveLength(ITEMS.length * SILENCES.length);
    expect(renderItemsCsv(second)).toBe(renderItemsCsv(first));
    expect(renderItemsCsv(first)).toBe(readFileSync(join(runDir, 'items.csv'), 'utf8'));
    expect(renderTurnsCsv(first)).toBe(readFileSync(join(runDir, 'turns.csv'), 'utf8'));
  });

  it('expects the turns the exact segments give at each silence_duration_ms', () => {
    const manifest = new Map(readFileSync(join(import.meta.dirname, '../../corpus/manifest.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { id: string; speech_segments: [number, number][] }).map((i) => [i.id, i.speech_segments]));
    for (const row of parse<Record<string, string>>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true })) {
      const segments = manifest.get(row.item_id ?? '') ?? [];
      const silence = Number(row.silence_duration_ms);
      const gaps = segments.slice(1).map(([s], k) => (s - (segments[k]?.[1] ?? 0)) * 1000);
      expect(Number(row.turns_expected), `${row.item_id} at ${silence} ms`).toBe(1 + gaps.filter((g) => g >= silence - 1e-6).length);
      expect(Number(row.detection_error_rate)).toBeGreaterThanOrEqual(0);
      expect(Number(row.speech_ms)).toBeGreaterThan(0);
    }
  });
});
