import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rtbench, until } from '../helpers/child.js';
import { tempDir } from '../helpers/cli.js';

const ITEMS = ['arctic_axb_a0005', 'lj001_0002', 'uberi_one_two_three', 'lj001_0004_opus'];

const rows = (runDir: string): Record<string, string>[] => parse<Record<string, string>>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true });
const noStackTrace = (text: string): void => {
  expect(text).not.toMatch(/\n\s+at |internal error/);
};

describe('the built bin with hostile arguments, signals and readers', () => {
  it('runs with the default Silero VAD when the command line holds 60 KB of --prompt and --instructions', async () => {
    const out = tempDir();
    const home = tempDir();
    const long = 'please transcribe this carefully. '.repeat(900);
    // Without rtbench's setting, onnxruntime's telemetry reads the command line into a deep recursion (SIGSEGV) and writes under $HOME; it stays off by itself under CI=true.
    const r = await rtbench(['run', '--speed', 'max', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'long', '--prompt', long, '--instructions', long], { ORT_DISABLE_TELEMETRY: undefined, CI: undefined, HOME: home }).exited;
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(rows(join(out, 'long')).map((row) => row.status)).toEqual(['ok']);
    expect(existsSync(join(home, '.cache', 'Microsoft'))).toBe(false);
  }, 120_000);

  it('goes on and writes every file when its reader stops reading (rtbench run … | head -1)', async () => {
    const out = tempDir();
    const child = rtbench(['run', '--speed', 'max', '--vad-engine', 'webrtc', '--concurrency', '1', '--items', ITEMS.join(','), '--out', out, '--run-id', 'piped'], { CI: undefined });
    child.process.stdout?.once('data', () => child.process.stdout?.destroy());
    const r = await child.exited;
    expect(r.code, r.stderr).toBe(0);
    noStackTrace(r.stderr);
    expect(rows(join(out, 'piped')).map((row) => row.item_id).sort()).toEqual([...ITEMS].sort());
    expect(readFileSync(join(out, 'piped', 'report.html'), 'utf8')).toContain('</html>');
  }, 120_000);

  it('stops on SIGTERM as on Ctrl-C: partial results, the report, exit 143; --resume then finishes the run', async () => {
    const out = tempDir();
    const runDir = join(out, 'term');
    const child = rtbench(['run', '--speed', '4', '--vad-engine', 'webrtc', '--concurrency', '1', '--items', ITEMS.join(','), '--out', out, '--run-id', 'term']);
    await until(child, () => existsSync(join(runDir, 'items.csv')) && readFileSync(join(runDir, 'items.csv'), 'utf8').trim().split('\n').length >= 2, 60_000);
    child.process.kill('SIGTERM');
    const stopped = await child.exited;
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toContain('terminated (SIGTERM); finishing the sessions in flight and writing partial results');
    expect(rows(runDir).length).toBeLessThan(ITEMS.length);
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('</html>');
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'))).toMatchObject({ interrupted: true });
    const resumed = await rtbench(['run', '--resume', runDir]).exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(rows(runDir).map((r) => r.item_id).sort()).toEqual([...ITEMS].sort());
  }, 120_000);
});
