import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';

const FAST = ['--speed', 'max', '--vad-engine', 'webrtc'];
const LOCK = '.rtbench.lock';

function expectRefused(r: CliRun, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

async function run(out: string, runId: string, items = 'arctic_axb_a0005', extra: string[] = []): Promise<CliRun> {
  return runCli(['run', ...FAST, '--items', items, '--out', out, '--run-id', runId, ...extra]);
}

const cassettes = (runDir: string): string[] => readdirSync(join(runDir, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => f.split('/').at(-1) ?? '');

/** Waits for a condition the run under test makes true (not for a time). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('--out and the CI outputs must be writable places, checked before the run (exit 2, no stack trace)', () => {
  it.each([
    ['a file', (d: string) => join(d, 'file.txt'), /--out .*file\.txt: .*file\.txt exists and is not a folder/],
    ['a path under a file', (d: string) => join(d, 'file.txt', 'results'), /file\.txt exists and is not a folder/],
    ['/dev/full', () => '/dev/full', /--out \/dev\/full: \/dev\/full exists and is not a folder/],
    ['/proc/self, which Node would try to create for ever', () => '/proc/self/results', /cannot create the folder \/proc\/self\/results/],
    ['a read-only place (/sys, read-only even for root)', () => '/sys/rtbench-results', /cannot create the folder \/sys\/rtbench-results: .*EPERM/],
    ['a name too long for the file system', (d: string) => join(d, 'n'.repeat(300)), /the name is too long \(ENAMETOOLONG\)/],
  ])('--out at %s', async (_kind, outOf, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'x');
    expectRefused(await run(outOf(dir), 'r'), message);
  });

  it.each([
    ['--junit', 'a folder', (d: string) => d, /--junit .*: .* is a folder; give a file name/],
    ['--markdown', 'a folder', (d: string) => d, /--markdown .*: .* is a folder; give a file name/],
    ['--junit', 'a read-only place', () => '/sys/kernel/rtbench.xml', /--junit \/sys\/kernel\/rtbench\.xml: cannot write .*permission denied/],
    ['--markdown', 'a path under a file', (d: string) => join(d, 'file.txt', 'summary.md'), /file\.txt exists and is not a folder/],
  ])('%s at %s is refused before any session runs', async (flag, _kind, pathOf, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'x');
    const out = join(dir, 'results');
    expectRefused(await run(out, 'r', 'arctic_axb_a0005', [flag, pathOf(dir)]), message);
    expect(existsSync(join(out, 'r'))).toBe(false);
  });

  it('--junit on a full disk: the run keeps its own files and says the disk is full (exit 2)', async () => {
    const out = tempDir();
    const r = await run(out, 'r', 'arctic_axb_a0005', ['--junit', '/dev/full']);
    expectRefused(r, /--junit \/dev\/full: cannot write \/dev\/full: the disk is full \(ENOSPC\)/);
    for (const file of ['run.json', 'items.csv', 'summary.json', 'report.html']) expect(existsSync(join(out, 'r', file)), file).toBe(true);
  });

  it('import writes into a folder given as --out, and says when the disk is full', async () => {
    const dir = tempDir();
    const source = join(dir, 'orig');
    expect((await run(source, 'o')).code).toBe(0);
    const log = join(dir, 'capture.jsonl');
    const [cassette] = readdirSync(join(source, 'o', 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
    const frames = readFileSync(join(source, 'o', 'sessions', cassette ?? ''), 'utf8').trim().split('\n').slice(1).map((l) => JSON.stringify((JSON.parse(l) as { event: unknown }).event));
    writeFileSync(log, `${frames.join('\n')}\n`);
    mkdirSync(join(dir, 'cassettes'));
    const into = await runCli(['import', log, '--out', join(dir, 'cassettes')]);
    expect(into.code, into.stderr).toBe(0);
    expect(readdirSync(join(dir, 'cassettes'))).toEqual(['capture.cassette.jsonl']);
    const fresh = await runCli(['import', log, '--out', `${join(dir, 'new')}/`]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(readdirSync(join(dir, 'new'))).toEqual(['capture.cassette.jsonl']);
    expectRefused(await runCli(['import', log, '--out', '/dev/full']), /--out \/dev\/full: cannot write the cassette: the disk is full \(ENOSPC\)/);
  });

  it('serve --log at a folder is refused before the server listens', async () => {
    const dir = tempDir();
    expectRefused(await runCli(['serve', '--port', '0', '--log', dir]), /--log .*: .* is a folder; give a file \(or --log=- for stdout\)/);
  });
});

describe('a run folder has one writer, and holds one run', () => {
  it('refuses to reuse a --run-id whose folder holds a run, unless --overwrite (which leaves nothing of the old run)', async () => {
    const out = tempDir();
    expect((await run(out, 'r', 'arctic_axb_a0005')).code).toBe(0);
    const before = readFileSync(join(out, 'r', 'items.csv'), 'utf8');
    expectRefused(await run(out, 'r', 'lj001_0002'), /--run-id r: .* already holds a run; its sessions would be scored with this one's\nhint: .*--resume .*--overwrite/);
    expect(readFileSync(join(out, 'r', 'items.csv'), 'utf8')).toBe(before);
    const again = await run(out, 'r', 'lj001_0002', ['--overwrite']);
    expect(again.code, again.stderr).toBe(0);
    expect(cassettes(join(out, 'r'))).toEqual(['lj001_0002.1.jsonl']);
    const report = await runCli(['report', join(out, 'r')]);
    expect(report.stdout).toContain('scored 1 session(s)');
  });

  it('refuses to replay into the folder of the recording, with or without --overwrite; another folder only with --overwrite', async () => {
    const out = tempDir();
    expect((await run(out, 'rec')).code).toBe(0);
    const [file] = cassettes(join(out, 'rec'));
    const recording = readdirSync(join(out, 'rec', 'sessions'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(file ?? '')) ?? '';
    const before = readFileSync(join(out, 'rec', 'sessions', recording), 'utf8');
    for (const extra of [[], ['--overwrite']]) {
      expectRefused(await runCli(['replay', join(out, 'rec'), '--out', out, '--run-id', 'rec', ...extra]), /holds the recording being replayed .*; the replay would overwrite it/);
    }
    expect(readFileSync(join(out, 'rec', 'sessions', recording), 'utf8')).toBe(before);
    expect((await run(out, 'other', 'lj001_0002')).code).toBe(0);
    expectRefused(await runCli(['replay', join(out, 'rec'), '--out', out, '--run-id', 'other']), /--run-id other: .* already holds a run/);
    const replaced = await runCli(['replay', join(out, 'rec'), '--out', out, '--run-id', 'other', '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(cassettes(join(out, 'other'))).toEqual([file]);
  });

  it('refuses a second writer while a run writes its folder (run, --resume, report), and the first run keeps every session', async () => {
    const out = tempDir();
    const runDir = join(out, 'busy');
    const first = runCli(['run', '--speed', '2', '--vad-engine', 'webrtc', '--items', 'arctic_axb_a0005,uberi_one_two_three', '--concurrency', '1', '--out', out, '--run-id', 'busy']);
    await until(() => existsSync(join(runDir, LOCK)));
    const holder = new RegExp(`${runDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another rtbench \\(pid ${process.pid}, \`rtbench run --run-id busy\``);
    expectRefused(await run(out, 'busy'), holder);
    expectRefused(await run(out, 'busy', 'arctic_axb_a0005', ['--overwrite']), holder);
    expectRefused(await runCli(['run', '--resume', runDir]), holder);
    await until(() => existsSync(join(runDir, 'sessions')) && cassettes(runDir).length > 0);
    expectRefused(await runCli(['report', runDir]), holder);
    const done = await first;
    expect(done.code, done.stderr).toBe(0);
    expect(existsSync(join(runDir, LOCK))).toBe(false);
    const report = await runCli(['report', runDir]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('scored 2 session(s)');
  });

  it('tune claims its folder as run does: one that holds a run is refused, and so is one another rtbench writes', async () => {
    const out = tempDir();
    expect((await run(out, 'r')).code).toBe(0);
    const tune = ['tune', ...FAST, '--items', 'arctic_axb_a0005', '--objective', 'min turn_split_rate', '--threshold', '0.4,0.6', '--out', out];
    expectRefused(await runCli([...tune, '--run-id', 'r']), /--run-id r: .* already holds a run/);
    mkdirSync(join(out, 't'));
    writeFileSync(join(out, 't', LOCK), JSON.stringify({ pid: process.pid, host: hostname(), command: 'rtbench run', since: 'then', token: 't' }));
    expectRefused(await runCli([...tune, '--run-id', 't']), /is being written by another rtbench/);
  });

  it('takes over the lock of a process that no longer runs, and respects one that does', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'r'));
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(out, 'r', LOCK), JSON.stringify({ pid: child.pid, host: hostname(), command: 'rtbench run', since: 'then', token: 't' }));
      expectRefused(await run(out, 'r'), new RegExp(`is being written by another rtbench \\(pid ${child.pid}`));
    } finally {
      child.kill();
    }
    await new Promise((r) => child.once('exit', r));
    const r = await run(out, 'r');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'r', LOCK))).toBe(false);
  });
});

describe('compare needs items in common', () => {
  it('refuses two runs that share no items (exit 2) instead of passing every rule', async () => {
    const out = tempDir();
    expect((await run(out, 'a', 'arctic_axb_a0005')).code).toBe(0);
    expect((await run(out, 'b', 'lj001_0002')).code).toBe(0);
    const r = await runCli(['compare', join(out, 'a'), join(out, 'b'), '--fail-on', 'wer:+0.01']);
    expectRefused(r, /the two runs share no items, so there is nothing to compare \(baseline: "arctic_axb_a0005"; candidate: "lj001_0002"\)/);
  });
});

describe('terminal escape codes in ids reach no terminal; the files keep them', () => {
  const id = 'evil\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u009b1m\r';

  async function escapeRun(env: Record<string, string>, isTTY: boolean): Promise<{ r: CliRun; runDir: string }> {
    const corpus = tempDir();
    copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(corpus, 'a.wav'));
    writeFileSync(join(corpus, 'manifest.jsonl'), `${JSON.stringify({ id, audio: 'a.wav', text: 'will we ever forget it' })}\n${JSON.stringify({ id: `${id}-broken`, audio: 'missing.wav', text: 'x' })}\n`);
    const out = tempDir();
    const r = await runCli(['run', ...FAST, '--corpus', corpus, '--out', out, '--run-id', 'esc'], { env, isTTY });
    return { r, runDir: join(out, 'esc') };
  }

  it('with NO_COLOR, and into a pipe: no escape character at all', async () => {
    for (const [env, isTTY] of [[{ NO_COLOR: '1' }, true], [{}, false]] as const) {
      const { r, runDir } = await escapeRun(env, isTTY);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('evil\\u001b]0;pwned\\u0007\\u001b[2J');
      // eslint-disable-next-line no-control-regex
      expect(`${r.stdout}${r.stderr}`).not.toMatch(isTTY ? /\u001b(?!\[2K)|[\u0007\u009b]|\r(?!\u001b\[2K)/ : /[\u001b\u0007\u009b\r]/);
      expect(readFileSync(join(runDir, 'items.csv'), 'utf8')).toContain('evil\u001b]0;pwned\u0007');
    }
  });

  it('on a colour terminal: nothing but colours and the progress bar redraw (those in an id included)', async () => {
    const { r } = await escapeRun({}, true);
    expect(r.code, r.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex
    const foreign = [...r.stdout.matchAll(/\u001b(?!\[[0-9;]*m|\[2K)|[\u0007\u009b]/g)];
    expect(foreign).toEqual([]);
    expect(r.stdout).toContain('evil\\u001b]0;pwned\\u0007\\u001b[2J');
  });
});
