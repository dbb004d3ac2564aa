import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

/** Name of the lock file inside a run folder. */
export const LOCK_FILE = '.rtbench.lock';

/** What a lock file says about its holder. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  readonly token: string;
}

/** A run folder held by this process; release it when done writing. */
export interface RunLock {
  readonly path: string;
  release(): void;
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as Holder) : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/** Writes the lock with its whole content in one step: a hard link of a finished file either appears or fails. */
function tryCreate(path: string, holder: Holder): boolean {
  const temp = `${path}.${holder.token}`;
  writeFileSync(temp, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    // A file system without hard links: create it exclusively instead.
    try {
      writeFileSync(path, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
      return true;
    } catch (inner) {
      if (codeOf(inner) === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves aside a lock whose holder died, unless another process replaced it meanwhile (then
 * it is put back). Returns whether the stale lock is gone.
 */
function breakStale(path: string, stale: Holder): boolean {
  const aside = `${path}.stale.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return true;
  }
  const moved = readHolder(aside);
  if (moved !== null && moved.token === stale.token && moved.pid === stale.pid) {
    unlinkSync(aside);
    return true;
  }
  renameSync(aside, path);
  return false;
}

function heldError(runDir: string, path: string, holder: Holder | null): ConfigError {
  const who = holder === null ? 'another rtbench (its lock file cannot be read)' : `another rtbench (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, \`${holder.command}\`, since ${holder.since})`;
  return new ConfigError([`${runDir} is being written by ${who}; two writers would mix their sessions`], {
    hint: `Wait for it to end, or use another --run-id. If no rtbench is writing there, delete ${path}.`,
  });
}

/**
 * Takes the lock of a run folder, so that a second run, resume, replay or report writing the
 * same folder is refused. A lock left by a process of this machine that no longer runs (killed,
 * crashed) is taken over; one from another machine is respected.
 */
export function lockRunFolder(runDir: string, command: string, clockIso: string): RunLock {
  const path = join(runDir, LOCK_FILE);
  const holder: Holder = { pid: process.pid, host: hostname(), command, since: clockIso, token: randomUUID() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, holder)) {
      return {
        path,
        release() {
          if (readHolder(path)?.token === holder.token) unlinkSync(path);
        },
      };
    }
    const current = readHolder(path);
    const stale = current !== null && current.host === hostname() && !isAlive(current.pid);
    if (!stale || !breakStale(path, current)) throw heldError(runDir, path, current);
  }
  throw heldError(runDir, path, readHolder(path));
}
