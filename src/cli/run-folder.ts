import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeFileSystemError, fileSystemErrorCode, OutputError } from '../errors.js';
import { RESULT_FILES } from '../reporters/results-dir.js';
import { makeFolder } from './folders.js';
import { lockRunFolder } from './run-lock.js';

/** A run folder this process may write, until released. */
export interface RunFolder {
  readonly runDir: string;
  /** Gives up the lock; removes the folder again when this process made it and left it empty. */
  release(): void;
}

/** How a command means to write a run folder. */
export interface ClaimOptions {
  /**
   * `new`: a folder that already holds a run is refused unless `overwrite` (its sessions would
   * be scored with the new ones); `existing`: the command writes into a run on purpose
   * (`--resume`, `report` in place).
   */
  readonly mode: 'new' | 'existing';
  /** Delete the results of the run the folder holds first (`--overwrite`). */
  readonly overwrite: boolean;
  /** The command line, as the lock names it to a second writer. */
  readonly command: string;
  readonly nowIso: string;
  /** Says what to do instead, when a new run's folder already holds one. */
  readonly reuseHint: string;
}

/** Whether a folder holds (part of) a run: run.json, the result files or cassettes. */
export function holdsRun(runDir: string): boolean {
  return [...RESULT_FILES, 'sessions'].some((name) => existsSync(join(runDir, name)));
}

function clearRun(runDir: string): void {
  for (const name of [...RESULT_FILES, 'sessions']) rmSync(join(runDir, name), { recursive: true, force: true });
}

function makeRunDir(runDir: string): boolean {
  try {
    mkdirSync(runDir);
    return true;
  } catch (error) {
    if (fileSystemErrorCode(error) === 'EEXIST') {
      makeFolder(runDir, `run folder ${runDir}`);
      return false;
    }
    throw new OutputError(`cannot create the run folder ${runDir}: ${describeFileSystemError(error)}`, { cause: error });
  }
}

/**
 * Claims `<out>/<runId>` for writing: `out` made (and checked writable) first, then the run
 * folder, then its lock (a second writer is refused, exit 2), then, for a new run, the check
 * that the folder does not hold an earlier run.
 */
export function claimRunFolder(out: string, runId: string, options: ClaimOptions): RunFolder {
  makeFolder(out, `--out ${out}`);
  const runDir = join(out, runId);
  const created = makeRunDir(runDir);
  const lock = lockRunFolder(runDir, options.command, options.nowIso);
  if (options.mode === 'new' && holdsRun(runDir)) {
    if (!options.overwrite) {
      lock.release();
      throw new ConfigError([`--run-id ${runId}: ${runDir} already holds a run; its sessions would be scored with this one's`], { hint: options.reuseHint });
    }
    clearRun(runDir);
  }
  return {
    runDir,
    release() {
      lock.release();
      if (created && existsSync(runDir) && readdirSync(runDir).length === 0) rmdirSync(runDir);
    },
  };
}
