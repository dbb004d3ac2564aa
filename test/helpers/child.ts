import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The built bin (`npm run build` first; `npm test` does). */
export const BIN = join(process.cwd(), 'bin', 'rtbench.js');

/** The built bin running in a child process, and its end. */
export interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * The built bin in a child process, with `CI=true` and no API key in its environment; `env`
 * adds to it, or (undefined) takes out of it.
 */
export function rtbench(args: readonly string[], extra: Record<string, string | undefined> = {}): Child {
  const merged: Record<string, string | undefined> = { ...process.env, CI: 'true', OPENAI_API_KEY: undefined, ...extra };
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return { process: child, exited };
}

/** Every cassette of a run folder. */
export function cassettes(runDir: string): string[] {
  const dir = join(runDir, 'sessions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => join(dir, f));
}

/** Cassettes whose last line is the session's outcome. */
export function finished(runDir: string): string[] {
  return cassettes(runDir).filter((f) => readFileSync(f, 'utf8').trim().split('\n').at(-1)?.includes('"type":"end"') === true);
}

/** Waits until `condition` holds while the child runs; fails with its output if it ends first. */
export async function until(child: Child, condition: () => boolean, timeoutMs: number): Promise<void> {
  const ended: { why: string | null } = { why: null };
  void child.exited.then((r) => (ended.why = `rtbench exited ${String(r.code)} first: ${r.stderr}`));
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (ended.why !== null) throw new Error(ended.why);
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
