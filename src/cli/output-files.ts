import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { CliIo } from './io.js';

/** Declares `--junit` and `--markdown`, the CI outputs of run, report and compare. */
export function declareCiOutputs<T>(y: Argv<T>): Argv<T> {
  return y
    .option('junit', { type: 'string', describe: 'write the threshold checks as JUnit XML to this file (- = stdout)', group: 'CI outputs:' })
    .option('markdown', { type: 'string', describe: 'write a Markdown summary to this file, e.g. $GITHUB_STEP_SUMMARY (- = stdout)', group: 'CI outputs:' });
}

/**
 * Writes text to a path relative to the working folder, or to stdout for `-`. The file named by
 * GITHUB_STEP_SUMMARY is appended to, as GitHub Actions expects; any other file is replaced.
 */
export function writeOutput(io: CliIo, path: string, text: string): void {
  if (path === '-') {
    io.stdout.write(text);
    return;
  }
  const full = isAbsolute(path) ? path : resolve(io.cwd, path);
  mkdirSync(dirname(full), { recursive: true });
  if (io.env.GITHUB_STEP_SUMMARY !== undefined && full === resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY)) appendFileSync(full, `${text}\n`);
  else writeFileSync(full, text);
}

/** Writes the JUnit and Markdown outputs that were asked for. */
export function writeCiOutputs(io: CliIo, argv: Record<string, unknown>, render: { junit: () => string; markdown: () => string }): void {
  if (typeof argv.junit === 'string' && argv.junit !== '') writeOutput(io, argv.junit, render.junit());
  if (typeof argv.markdown === 'string' && argv.markdown !== '') writeOutput(io, argv.markdown, render.markdown());
}
