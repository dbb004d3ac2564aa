import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const FAST = ['--items', 'arctic_axb_a0005', '--speed', 'max', '--vad-engine', 'webrtc'];

/** A usage error: exit 2, the message, no stack trace, and nothing run. */
function expectRefused(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stdout).not.toContain('session(s) on');
}

describe('empty values are refused, never read as "none" or 0 (exit 2)', () => {
  it.each([
    ['--threshold', "--threshold '': give at least one value"],
    ['--rate', "--rate '': give at least one value"],
    ['--vad', "--vad '': give at least one value"],
    ['--model', "--model '': give at least one value"],
    ['--transcribe-model', "--transcribe-model '': give at least one value"],
    ['--protocol', "--protocol '': give at least one value"],
    ['--session', "--session '': give at least one value"],
    ['--eagerness', "--eagerness '': give at least one value"],
    ['--transport', "--transport '': give at least one value"],
    ['--prefix-padding-ms', "--prefix-padding-ms '': give at least one value"],
    ['--silence-duration-ms', "--silence-duration-ms '': give at least one value"],
    ['--items', "--items '': give at least one value"],
    ['--fail-on', "--fail-on '': give at least one value"],
    ['--collar-ms', "--collar-ms '': give a number"],
    ['--seed', "--seed '': give a number"],
    ['--concurrency', "--concurrency '': give a number"],
    ['--limit', "--limit '': give a number"],
    ['--speed', "--speed '': not a number"],
    ['--out', "--out '': give a value"],
    ['--shard', "--shard '': give a value"],
  ])('%s ""', async (flag, message) => {
    const root = tempDir();
    const r = await runCli(['run', '--vad-engine', 'webrtc', flag, ''], { cwd: root });
    expectRefused(r, new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(readdirSync(root)).toEqual([]);
  });

  it('the same with --flag= and in a config file', async () => {
    expectRefused(await runCli(['run', '--threshold=', '--rate=', '--out', tempDir()]), /2 problems:[\s\S]*--threshold '': give at least one value[\s\S]*--rate '': give at least one value/);
    expectRefused(await runCli(['run', '--seed=', '--collar-ms=', '--out', tempDir()]), /2 problems:[\s\S]*--seed '': give a number[\s\S]*--collar-ms '': give a number/);
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), '{"threshold": [], "vad": ""}');
    const r = await runCli(['run', '--config', 'c.json'], { cwd: dir });
    expectRefused(r, /2 problems:/);
    expect(r.stderr).toContain('--threshold []: give at least one value');
    expect(r.stderr).toContain("--vad '': give at least one value");
  });

  it('replay, report and compare take no empty numbers either', async () => {
    expectRefused(await runCli(['replay', tempDir(), '--seed', '']), /--seed '': give a number/);
    expectRefused(await runCli(['report', tempDir(), '--collar-ms', '']), /--collar-ms '': give a number/);
    expectRefused(await runCli(['compare', tempDir(), tempDir(), '--alpha', '']), /--alpha '': give a number/);
  });
});

describe('values that start with a dash, numbers that are not numbers, options given twice', () => {
  it('an option that takes one value keeps the last one given', async () => {
    const out = tempDir();
    const r = await runCli(['run', '--speed', '1', ...FAST, '--out', join(out, 'first'), '--out', out, '--run-id', 'a', '--run-id', 'twice']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['twice']);
  });

  it('--shard -1/2 is read as the value it is', async () => {
    expectRefused(await runCli(['run', '--shard', '-1/2', '--out', tempDir()]), /--shard -1\/2: write it as i\/n/);
  });

  it('--port null names what was given', async () => {
    expectRefused(await runCli(['serve', '--port', 'null']), /--port null: not a number/);
    expectRefused(await runCli(['serve', '--port', '70000']), /--port 70000: must be a whole number from 0 to 65535/);
  });

  it('--junit - and --markdown - write to stdout', async () => {
    const r = await runCli(['run', ...FAST, '--out', tempDir(), '--fail-on', 'wer>0.5', '--junit', '-', '--markdown', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<?xml version="1.0" encoding="UTF-8"?>');
    expect(r.stdout).toContain('| config |');
  });
});

describe('--header is checked before any session (exit 2)', () => {
  it.each([
    ['a space in the name', 'X Token=abc', /the name "X Token" is not a valid HTTP header name/],
    ['a colon in the name', 'X-Token:=abc', /the name "X-Token:" is not a valid HTTP header name/],
    ['a line break in the value', 'X-Token=abc\r\nX-Injected: 1', /the value holds a character a header cannot carry/],
    ['a character outside Latin-1', 'X-Token=price €5', /the value holds a character a header cannot carry/],
  ])('%s', async (_kind, header, message) => {
    expectRefused(await runCli(['run', '--header', header, '--out', tempDir()]), message);
  });

  it('takes a valid header, Latin-1 included', async () => {
    const r = await runCli(['run', ...FAST, '--out', tempDir(), '--header', 'X-Relay-Token=café;v=1']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('run ids name one folder inside --out', () => {
  it.each([
    ['..', /--run-id "\.\.": a run id names one folder/],
    ['.', /--run-id "\.": a run id names one folder/],
    ['.hidden', /--run-id "\.hidden"/],
    ['a/b', /--run-id "a\/b"/],
    ['x'.repeat(300), /--run-id x{40}… \(300 characters\): a run id names one folder: 1 to 128/],
  ])('%s is refused and nothing is written', async (runId, message) => {
    const root = tempDir();
    const out = join(root, 'results');
    mkdirSync(out);
    expectRefused(await runCli(['run', ...FAST, '--out', out, '--run-id', runId]), message);
    expect(readdirSync(root)).toEqual(['results']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('replay checks its run id the same way', async () => {
    expectRefused(await runCli(['replay', tempDir(), '--run-id', '..']), /--run-id "\.\.": a run id names one folder/);
  });
});

describe('config files are checked as strictly as flags', () => {
  function config(content: string | Buffer): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'rtbench.config.json'), content);
    return dir;
  }

  it('refuses unknown keys with the nearest name, and values of the wrong type, all at once', async () => {
    const dir = config('{"silenceDuration": [300], "keepAudio": "false", "out": 5}');
    const r = await runCli(['run', '--config', 'rtbench.config.json'], { cwd: dir });
    expectRefused(r, /3 problems:/);
    expect(r.stderr).toContain('unknown key "silenceDuration" (did you mean "silenceDurationMs"?)');
    expect(r.stderr).toContain('keepAudio must be true or false (got the string "false")');
    expect(r.stderr).toContain('out must be a string (got the number 5)');
  });

  it('takes a file that starts with a UTF-8 byte order mark, and its CI outputs and --overwrite', async () => {
    const dir = config(`\uFEFF${JSON.stringify({ items: 'arctic_axb_a0005', speed: 'max', 'vad-engine': 'webrtc', out: 'results', runId: 'bom', markdown: 'summary.md', overwrite: true })}`);
    const first = await runCli(['run', '--config', 'rtbench.config.json'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, 'results', 'bom', 'items.csv'))).toBe(true);
    expect(existsSync(join(dir, 'summary.md'))).toBe(true);
    const again = await runCli(['run', '--config', 'rtbench.config.json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
  });
});
