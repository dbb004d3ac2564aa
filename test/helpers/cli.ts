import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

/** Output captured from one in-process CLI call. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Calls main() in-process with captured output and a clean environment. */
export async function runCli(argv: readonly string[], overrides: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: {},
    cwd: process.cwd(),
    ...overrides,
  });
  return { code, stdout, stderr };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'rtbench-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs one bundled item at full speed into `dir` as run `orig` and returns its cassette's path
 * (the run must succeed).
 */
export async function recordOneSession(dir: string, itemId: string): Promise<string> {
  const run = await runCli(['run', '--speed', 'max', '--items', itemId, '--out', dir, '--run-id', 'orig']);
  if (run.code !== 0) throw new Error(`rtbench run failed (exit ${run.code}): ${run.stderr}`);
  const sessions = join(dir, 'orig', 'sessions');
  const [config] = readdirSync(sessions);
  return join(sessions, config ?? '', `${itemId}.1.jsonl`);
}
