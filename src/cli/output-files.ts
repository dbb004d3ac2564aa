import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { describeFileSystemError, OutputError } from '../errors.js';
import { checkWritableFile, makeFolder } from './folders.js';
import type { CliIo } from './io.js';

/** Declares `--junit` and `--markdown`, the CI outputs of run, report and compare. */
export function declareCiOutputs<T>(y: Argv<T>): Argv<T> {
  return y
    .option('junit', { type: 'string', describe: 'write the threshold checks as JUnit XML to this file (- = stdout)', group: 'CI outputs:' })
    .option('markdown', { type: 'string', describe: 'write a Markdown summary to this file, e.g. $GITHUB_STEP_SUMMARY (- = stdout)', group: 'CI outputs:' });
}

const fullPath = (io: CliIo, path: string): string => (isAbsolute(path) ? path : resolve(io.cwd, path));

/**
 * Writes text to a path relative to the working folder, or to stdout for `-`. The file named by
 * GITHUB_STEP_SUMMARY is appended to, as GitHub Actions expects; any other file is replaced.
 */
export function writeOutput(io: CliIo, path: string, text: string, flag = 'output'): void {
  if (path === '-') {
    io.stdout.write(text);
    return;
  }
  const full = fullPath(io, path);
  makeFolder(dirname(full), `${flag} ${path}`);
  try {
    if (io.env.GITHUB_STEP_SUMMARY !== undefined && full === resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY)) appendFileSync(full, `${text}\n`);
    else writeFileSync(full, text);
  } catch (error) {
    throw new OutputError(`${flag} ${path}: cannot write ${full}: ${describeFileSystemError(error)}`, { cause: error });
  }
}

function asked(argv: Record<string, unknown>): { flag: string; path: string }[] {
  return (['junit', 'markdown'] as const).flatMap((name) => {
    const path = argv[name];
    if (path === '') throw new OutputError(`--${name} '': give a file name, or - for stdout`);
    return typeof path === 'string' ? [{ flag: `--${name}`, path }] : [];
  });
}

/**
 * Checks before any work that the JUnit and Markdown files asked for can be written (not a
 * folder, a folder that can be made, a file that opens), so that a run is not lost to a typo
 * found only at its end.
 */
export function checkCiOutputs(io: CliIo, argv: Record<string, unknown>): void {
  for (const { flag, path } of asked(argv)) if (path !== '-') checkWritableFile(fullPath(io, path), `${flag} ${path}`);
}

/** Writes the JUnit and Markdown outputs that were asked for. */
export function writeCiOutputs(io: CliIo, argv: Record<string, unknown>, render: { junit: () => string; markdown: () => string }): void {
  for (const { flag, path } of asked(argv)) writeOutput(io, path, flag === '--junit' ? render.junit() : render.markdown(), flag);
}
