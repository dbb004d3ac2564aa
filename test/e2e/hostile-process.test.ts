import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BIN, rtbench, until } from '../helpers/child.js';
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

/** Whether this machine lets a test mount a small file system in a mount namespace of its own (root, `unshare`). */
const canMount = ((): boolean => {
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { stdio: 'ignore' });
  return probe.status === 0;
})();

describe('a disk that fills up during a run', () => {
  it.runIf(canMount)('says the disk is full, keeps what was written, exits 2; --resume finishes once there is room', () => {
    const dir = tempDir();
    const run = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} run --speed max --vad-engine webrtc --concurrency 1 --items ${ITEMS.join(',')} --out ${JSON.stringify(dir)} --run-id full`;
    // A private mount namespace: the small file system is gone when the shell ends, and nothing outside sees it.
    const script = [
      `mount -t tmpfs -o size=48k tmpfs ${JSON.stringify(dir)}`,
      `${run} > ${JSON.stringify(join(dir, 'stdout'))} 2> ${JSON.stringify(join(dir, 'stderr'))}; echo "exit=$?"`,
      `cat ${JSON.stringify(join(dir, 'stderr'))}`,
      `ls ${JSON.stringify(join(dir, 'full'))}; echo "kept=$(wc -l < ${JSON.stringify(join(dir, 'full', 'items.csv'))})"`,
      `mount -o remount,size=16m ${JSON.stringify(dir)}`,
      `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} run --resume ${JSON.stringify(join(dir, 'full'))} > /dev/null 2>&1; echo "resumed=$?"`,
      `echo "rows=$(wc -l < ${JSON.stringify(join(dir, 'full', 'items.csv'))})"`,
    ].join('\n');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.stdout).toContain('exit=2');
    expect(r.stdout).toMatch(/rtbench: cannot write the results in .*full: the disk is full \(ENOSPC\).*; the run stopped after \d of 4 session\(s\), and what was written is kept/);
    expect(r.stdout).toContain('hint: Free some space (or give another --out), then finish the run with `rtbench run --resume');
    noStackTrace(r.stdout);
    expect(r.stdout).toMatch(/run\.json/);
    expect(Number(/kept=(\d+)/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toContain('resumed=0');
    expect(r.stdout).toContain('rows=5');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
