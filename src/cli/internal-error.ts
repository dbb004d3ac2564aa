import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextSink } from '../reporters/reporter.js';
import { VERSION } from './version.js';

function traceOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\ncaused by: ${traceOf(error.cause)}`;
  return `${error.stack ?? `${error.name}: ${error.message}`}${cause}`;
}

/**
 * Reports an error rtbench did not expect (a bug): one line on stderr with where the full
 * trace was written (a file in the OS temp folder), so that bad input never meets a stack
 * trace and a bug report still has one. When the file cannot be written the trace is printed.
 */
export function reportInternalError(stderr: TextSink, error: unknown, argv: readonly string[], folder = tmpdir()): void {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const path = join(folder, `rtbench-internal-error-${randomUUID()}.txt`);
  // Only the command's name: its options may hold secrets (--header values).
  const text = `rtbench ${VERSION} (node ${process.version}, ${process.platform}), command: ${argv.find((a) => !a.startsWith('-')) ?? '(none)'}\n\n${traceOf(error)}\n`;
  try {
    writeFileSync(path, text, { mode: 0o600 });
    stderr.write(`rtbench: internal error: ${message}\n(the full trace is in ${path}; please include it in a bug report)\n`);
  } catch {
    stderr.write(`rtbench: internal error: ${traceOf(error)}\n`);
  }
}
