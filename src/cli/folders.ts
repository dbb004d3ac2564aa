import { accessSync, closeSync, constants, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, parse, sep } from 'node:path';
import { describeFileSystemError, fileSystemErrorCode, OutputError } from '../errors.js';

function kindAt(path: string, what: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if (fileSystemErrorCode(error) === 'ENOENT' || fileSystemErrorCode(error) === 'ENOTDIR') return 'missing';
    throw new OutputError(`${what}: cannot use ${path}: ${describeFileSystemError(error)}`, { cause: error });
  }
}

/** `/a/b/c` → `/a`, `/a/b`, `/a/b/c`. */
function ancestors(full: string): string[] {
  const { root } = parse(full);
  const parts = full.slice(root.length).split(sep).filter((p) => p !== '');
  return parts.map((_, i) => root + parts.slice(0, i + 1).join(sep));
}

/**
 * Makes sure `full` is a folder this process can write to, creating it and its missing parents
 * one at a time. Node's `mkdir({ recursive: true })` never returns for a path under `/proc`
 * (the kernel answers ENOENT for ever), and its errors name no part of the path; here the
 * first part that cannot be a folder is named. `what` is how the message introduces the path
 * (`--out results`).
 */
export function makeFolder(full: string, what: string): void {
  for (const part of ancestors(full)) {
    const kind = kindAt(part, what);
    if (kind === 'folder') continue;
    if (kind === 'other') throw new OutputError(`${what}: ${part} exists and is not a folder`, { hint: 'Give a folder (it is created when missing).' });
    try {
      mkdirSync(part);
    } catch (error) {
      if (fileSystemErrorCode(error) === 'EEXIST' && kindAt(part, what) === 'folder') continue;
      throw new OutputError(`${what}: cannot create the folder ${part}: ${describeFileSystemError(error)}`, { hint: 'Give a folder on a writable disk.', cause: error });
    }
  }
  try {
    accessSync(full, constants.W_OK);
  } catch (error) {
    throw new OutputError(`${what}: cannot write in ${full}: ${describeFileSystemError(error)}`, { hint: 'Give a folder on a writable disk.', cause: error });
  }
}

/**
 * Makes sure a file can be written at `full` before any work is done: not a folder, its folder
 * made, the file opened for appending. A file that was not there before is removed again.
 */
export function checkWritableFile(full: string, what: string): void {
  const before = kindAt(full, what);
  if (before === 'folder') throw new OutputError(`${what}: ${full} is a folder; give a file name`, { hint: 'e.g. --junit results/junit.xml' });
  makeFolder(dirname(full), what);
  try {
    closeSync(openSync(full, 'a'));
  } catch (error) {
    throw new OutputError(`${what}: cannot write ${full}: ${describeFileSystemError(error)}`, { hint: 'Give a file on a writable disk.', cause: error });
  }
  if (before === 'missing') unlinkSync(full);
}
