import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWritableFile, makeFolder } from './folders.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'rtbench-folders-'));

describe('makeFolder', () => {
  it('makes the missing parents one by one', () => {
    const dir = join(temp(), 'a', 'b', 'c');
    makeFolder(dir, '--out x');
    expect(existsSync(dir)).toBe(true);
  });

  it('names the part of the path that is not a folder', () => {
    const root = temp();
    writeFileSync(join(root, 'file.txt'), 'x');
    expect(() => makeFolder(join(root, 'file.txt', 'sub'), '--out x')).toThrow(`--out x: ${join(root, 'file.txt')} exists and is not a folder`);
    expect(() => makeFolder('/dev/full', '--out /dev/full')).toThrow('--out /dev/full: /dev/full exists and is not a folder');
    expect(() => makeFolder(join(root, 'y'.repeat(300)), '--out long')).toThrow(/--out long: cannot use .*: the name is too long \(ENAMETOOLONG\)/);
  });

  it.runIf(existsSync('/proc/self') && existsSync('/sys/kernel'))('returns with a reason where folders cannot be made, even as root (/proc, /sys)', () => {
    expect(() => makeFolder('/proc/self/rtbench', '--out /proc/self/rtbench')).toThrow(/cannot create the folder \/proc\/self\/rtbench: no such file or folder, or the file system does not allow creating one \(ENOENT\)/);
    expect(() => makeFolder('/proc/self', '--out /proc/self')).toThrow(/cannot write in \/proc\/self: .*\(EPERM\)/);
    expect(() => makeFolder('/sys/rtbench-results', '--out /sys/rtbench-results')).toThrow(/cannot create the folder \/sys\/rtbench-results: .*\(EPERM\)/);
  });
});

describe('checkWritableFile', () => {
  it('refuses a folder and a place that cannot be written, and leaves no file behind when it can', () => {
    const root = temp();
    expect(() => checkWritableFile(root, '--junit x')).toThrow(`--junit x: ${root} is a folder; give a file name`);
    const file = join(root, 'sub', 'junit.xml');
    checkWritableFile(file, '--junit x');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(root, 'sub'))).toBe(true);
  });

  it.runIf(existsSync('/sys/kernel'))('refuses a read-only place, even as root', () => {
    expect(() => checkWritableFile('/sys/kernel/rtbench.xml', '--junit /sys/kernel/rtbench.xml')).toThrow(/cannot write \/sys\/kernel\/rtbench\.xml: permission denied \(EACCES\)/);
  });
});
