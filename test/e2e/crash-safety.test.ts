import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { cassettes, finished, rtbench, until } from '../helpers/child.js';
import { runCli, tempDir } from '../helpers/cli.js';

const ITEMS = ['arctic_axb_a0005', 'lj001_0002', 'uberi_one_two_three', 'lj001_0004_opus'];
const RUN = ['run', '--items', ITEMS.join(','), '--concurrency', '1', '--speed', '4', '--vad-engine', 'webrtc'];

function rows(runDir: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true });
}

describe('crash safety of the built bin', () => {
  it('finishes a run killed with SIGKILL with --resume: every session once, none missing, finished ones kept', async () => {
    const out = tempDir();
    const runDir = join(out, 'killed');
    const first = rtbench([...RUN, '--out', out, '--run-id', 'killed']);
    // Killed while a session is under way: two cassettes end with an outcome, the third is cut off.
    await until(first, () => finished(runDir).length >= 2 && cassettes(runDir).length > finished(runDir).length, 60_000);
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const kept = new Map(finished(runDir).map((f) => [f, readFileSync(f, 'utf8')]));
    expect(kept.size).toBeLessThan(ITEMS.length);
    expect(cassettes(runDir).length).toBeGreaterThan(kept.size);
    expect(existsSync(join(runDir, 'report.html'))).toBe(false);
    // Each session's row is written as it ends: the two sessions before the one cut off have theirs.
    const written = rows(runDir);
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written.every((r) => r.status === 'ok')).toBe(true);

    const resumed = await rtbench(['run', '--resume', runDir]).exited;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming: ${kept.size} finished session(s) kept from the run folder`);
    const after = rows(runDir);
    expect(after.map((r) => r.item_id).sort()).toEqual([...ITEMS].sort());
    expect(after.filter((r) => r.status !== 'ok').map((r) => `${r.item_id}: ${r.state} ${r.error}`)).toEqual([]);
    for (const [file, text] of kept) expect(readFileSync(file, 'utf8'), file).toBe(text);
    expect(finished(runDir)).toHaveLength(ITEMS.length);
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { resumes: { kept: number }[]; interrupted: boolean; endedAt: string | null };
    expect(run).toMatchObject({ resumes: [{ kept: kept.size }], interrupted: false });
    expect(run.endedAt).not.toBeNull();
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
  }, 120_000);

  it('writes partial results and the report on SIGINT and exits 130; --resume then runs what is left', async () => {
    const out = tempDir();
    const runDir = join(out, 'interrupted');
    const first = rtbench([...RUN, '--out', out, '--run-id', 'interrupted']);
    await until(first, () => finished(runDir).length >= 1, 60_000);
    first.process.kill('SIGINT');
    const stopped = await first.exited;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('interrupted');
    const partial = rows(runDir);
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(partial.length).toBeLessThan(ITEMS.length);
    expect(partial.some((r) => r.status === 'ok')).toBe(true);
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('</html>');
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'))).toMatchObject({ interrupted: true });

    const resumed = await rtbench(['run', '--resume', runDir]).exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = rows(runDir);
    expect(after.map((r) => r.item_id).sort()).toEqual([...ITEMS].sort());
    expect(after.filter((r) => r.status !== 'ok' || r.state !== 'completed').map((r) => `${r.item_id}: ${r.state} ${r.error}`)).toEqual([]);
  }, 120_000);
});

describe('--resume refuses what would change the run (exit 2)', () => {
  async function finishedRun(extra: string[] = [], items = 'arctic_axb_a0005'): Promise<string> {
    const out = tempDir();
    const r = await runCli(['run', '--items', items, '--speed', 'max', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'done', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return join(out, 'done');
  }

  it('keeps every session of a finished run and runs nothing', async () => {
    const runDir = await finishedRun();
    const before = readFileSync(finished(runDir)[0] ?? '', 'utf8');
    const r = await runCli(['run', '--resume', runDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('resuming: 1 finished session(s) kept');
    expect(readFileSync(finished(runDir)[0] ?? '', 'utf8')).toBe(before);
  });

  it('refuses options that change what is measured, and a folder that is not a run', async () => {
    const runDir = await finishedRun();
    const changed = await runCli(['run', '--resume', runDir, '--model', 'other', '--threshold', '0.9']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('--model cannot be given with --resume');
    expect(changed.stderr).toContain('--threshold cannot be given with --resume');
    const notRun = await runCli(['run', '--resume', tempDir()]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/no run\.json here, so it is not an rtbench run folder/);
  });

  it('asks for the headers again, whose values were never stored', async () => {
    const runDir = await finishedRun(['--header', 'X-Relay-Token=secret-1']);
    const r = await runCli(['run', '--resume', runDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the run was started with --header X-Relay-Token; give them again');
    const again = await runCli(['run', '--resume', runDir, '--header', 'X-Relay-Token=secret-1']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('refuses a corpus whose manifest changed since the run started', async () => {
    const corpus = tempDir();
    mkdirSync(corpus, { recursive: true });
    copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(corpus, 'a.wav'));
    writeFileSync(join(corpus, 'manifest.jsonl'), '{"id":"a","audio":"a.wav","text":"will we ever forget it"}\n');
    const runDir = await finishedRun(['--corpus', corpus], 'a');
    writeFileSync(join(corpus, 'manifest.jsonl'), '{"id":"a","audio":"a.wav","text":"something else"}\n');
    const r = await runCli(['run', '--resume', runDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the corpus manifest \(.*\) changed since the run started/);
  });
});
