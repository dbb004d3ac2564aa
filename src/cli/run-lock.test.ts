import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockRunFolder } from './run-lock.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'rtbench-lock-'));
const holder = (pid: number, host = hostname()): string => JSON.stringify({ pid, host, command: 'rtbench run --run-id x', since: '2026-01-01T00:00:00.000Z', token: 'other' });

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

describe('lockRunFolder', () => {
  it('holds the folder until released; a second writer is refused, naming the holder', () => {
    const dir = folder();
    const lock = lockRunFolder(dir, 'rtbench run --run-id x', '2026-01-01T00:00:00.000Z');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'rtbench run --run-id x' });
    expect(() => lockRunFolder(dir, 'rtbench run --resume x', 'now')).toThrow(new RegExp(`is being written by another rtbench \\(pid ${process.pid}, \`rtbench run --run-id x\`, since 2026-01-01T00:00:00.000Z\\)`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockRunFolder(dir, 'again', 'now').release();
  });

  it('takes over a lock whose process no longer runs', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), holder(deadPid()));
    const lock = lockRunFolder(dir, 'rtbench run --resume x', 'now');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('respects a lock of a running process, of another machine, or one it cannot read', () => {
    const dir = folder();
    for (const content of [holder(process.ppid), holder(deadPid(), 'another-machine'), '{"half":']) {
      writeFileSync(join(dir, LOCK_FILE), content);
      expect(() => lockRunFolder(dir, 'x', 'now'), content).toThrow(/is being written by another rtbench/);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(content);
    }
  });

  it('does not release a lock that another process took over meanwhile', () => {
    const dir = folder();
    const lock = lockRunFolder(dir, 'x', 'now');
    writeFileSync(join(dir, LOCK_FILE), holder(process.ppid));
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(holder(process.ppid));
  });
});
