import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';

const ITEMS = ['--items', 'syn_gaps_300_600_1200ms_16k,uberi_one_two_three,syn_no_speech_silence_then_noise_16k'];
const BASE = ['run', '--speed', 'max', ...ITEMS, '--repeat', '2', '--concurrency', '6'];

/** Columns that do not depend on timing: the emulator's VAD and words are deterministic, its latencies are not. */
const ITEM_SCORES = ['config_id', 'item_id', 'repeat', 'status', 'audio_ms', 'reference', 'hypothesis', 'wer', 'cer', 'ref_words', 'substitutions', 'deletions', 'insertions', 'turns_expected', 'turns_detected', 'false_starts', 'onset_error_ms', 'offset_error_ms', 'turns_split', 'turns_merged', 'turns_missed', 'non_speech_ms'];
const SUMMARY_SCORES = ['config_id', 'items', 'items_ok', 'items_error', 'wer', 'wer_ci_low', 'wer_ci_high', 'cer', 'ref_words', 'turns_expected', 'turns_detected', 'turns_split', 'turns_merged', 'turns_missed', 'turn_split_rate', 'false_starts', 'non_speech_hours', 'false_starts_per_hour', 'onset_error_ms_mean', 'offset_error_ms_mean'];

function csv(path: string, columns: readonly string[]): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true }).map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? ''])));
}

function cassettes(dir: string): string[] {
  const root = join(dir, 'sessions');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => relative(root, join(root, f))).sort();
}

describe('--shard i/n and merging the shards with rtbench report', () => {
  let out: string;
  let runs: CliRun[];
  let merge: CliRun;
  const dir = (name: string): string => join(out, name);

  beforeAll(async () => {
    out = tempDir();
    runs = await Promise.all([
      runCli([...BASE, '--out', out, '--run-id', 'full']),
      runCli([...BASE, '--out', out, '--run-id', 'shard1', '--shard', '1/2']),
      runCli([...BASE, '--out', out, '--run-id', 'shard2', '--shard', '2/2']),
    ]);
    merge = await runCli(['report', dir('shard1'), dir('shard2'), '--out', dir('merged')]);
  }, 120_000);

  it('splits config × item × repeat into disjoint shards that cover the run', () => {
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const one = cassettes(dir('shard1'));
    const two = cassettes(dir('shard2'));
    expect(one).toHaveLength(3);
    expect(two).toHaveLength(3);
    expect([...one, ...two].sort()).toEqual(cassettes(dir('full')));
    expect(runs[1]?.stdout).toContain('shard 1/2 of 6');
  });

  it('merges the shards into a run with the unsharded run\'s scores', () => {
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stderr).toBe('');
    expect(cassettes(dir('merged'))).toEqual(cassettes(dir('full')));
    expect(csv(join(dir('merged'), 'items.csv'), ITEM_SCORES)).toEqual(csv(join(dir('full'), 'items.csv'), ITEM_SCORES));
    expect(csv(join(dir('merged'), 'summary.csv'), SUMMARY_SCORES)).toEqual(csv(join(dir('full'), 'summary.csv'), SUMMARY_SCORES));
    const meta = JSON.parse(readFileSync(join(dir('merged'), 'run.json'), 'utf8')) as { run_id?: string; runId: string; plannedSessions: number; sources: unknown[]; mergeProblems: unknown[] };
    expect(meta).toMatchObject({ runId: 'merged', plannedSessions: 6, mergeProblems: [] });
    expect(meta.sources).toHaveLength(2);
  });

  it('re-scores one run in place to the same files', async () => {
    const before = ['items.csv', 'turns.csv', 'summary.csv'].map((f) => readFileSync(join(dir('full'), f), 'utf8'));
    const r = await runCli(['report', dir('full')]);
    expect(r.code, r.stderr).toBe(0);
    expect(['items.csv', 'turns.csv', 'summary.csv'].map((f) => readFileSync(join(dir('full'), f), 'utf8'))).toEqual(before);
  });

  it('reports a missing shard, and refuses it with --strict', async () => {
    const partial = await runCli(['report', dir('shard1'), '--out', dir('partial')]);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain('warning: missing shard 2/2: the merged run is incomplete');
    expect(partial.stderr).toContain('3 of 6 planned sessions have no cassette');
    expect(readFileSync(join(dir('partial'), 'report.html'), 'utf8')).toContain('missing shard 2/2');
    const strict = await runCli(['report', dir('shard1'), '--out', dir('strict'), '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('--strict: missing shard 2/2');
    expect(existsSync(dir('strict'))).toBe(false);
  });

  it('reports duplicate sessions and keeps one of each', async () => {
    const r = await runCli(['report', dir('shard1'), dir('full'), '--out', dir('dup')]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/duplicate session/g)).toHaveLength(3);
    expect(r.stderr).toContain(`(kept the one from ${dir('shard1')})`);
    expect(cassettes(dir('dup'))).toEqual(cassettes(dir('full')));
  });

  it('needs --out to merge, and a folder that is not an input', async () => {
    expect((await runCli(['report', dir('shard1'), dir('shard2')])).stderr).toContain('needs --out DIR');
    const r = await runCli(['report', dir('shard1'), dir('shard2'), '--out', dir('shard1')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be a new folder');
    expect((await runCli(['report', out])).stderr).toContain('no run.json here');
  });

  it('compares the merged run with the unsharded one and finds no regression', async () => {
    const r = await runCli(['compare', dir('full'), dir('merged'), '--fail-on', 'wer:+0.01,turn_split_rate:+0,false_starts_per_hour:+0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('3 shared items');
    expect(r.stdout).toMatch(/passed wer:\+0\.01 for .*within the allowance/);
  });

  it('fails a comparison whose candidate is significantly slower, naming the check', async () => {
    // Paced at 4× real time, the server's silence wait takes a quarter of silence_duration_ms
    // of wall time: about 50 ms for 200 ms, about 375 ms for 1500 ms, on every turn.
    const paced = ['run', '--items', 'syn_gaps_300_600_1200ms_16k,uberi_one_two_three', '--speed', '4', '--concurrency', '2', '--out', out];
    const [fast, slow] = await Promise.all([runCli([...paced, '--silence-duration-ms', '200', '--run-id', 'fast']), runCli([...paced, '--silence-duration-ms', '1500', '--run-id', 'slow'])]);
    expect(fast.code, fast.stderr).toBe(0);
    expect(slow.code, slow.stderr).toBe(0);
    const markdown = join(out, 'compare.md');
    const junit = join(out, 'compare.xml');
    const r = await runCli(['compare', dir('fast'), dir('slow'), '--fail-on', 'speech_end_to_stopped_ms.p50:+10%,wer:+0.01', '--markdown', markdown, '--junit', junit]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/FAILED speech_end_to_stopped_ms\.p50:\+10% for gpt-realtime\+gpt-4o-transcribe\.ga\.realtime\.sv-t0\.5-p300-s1500\.pcm24k: .*over the allowance, significant \(p = 0\.0\d+/);
    expect(r.stdout).toMatch(/passed wer:\+0\.01/);
    expect(readFileSync(markdown, 'utf8')).toContain('❌ 1 check(s) failed');
    expect(readFileSync(junit, 'utf8')).toContain('tests="2" failures="1"');
  });
});
