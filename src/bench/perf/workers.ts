import { fork, type ChildProcess } from 'node:child_process';
import type { ParentMessage, WorkerJob, WorkerMessage } from './worker-protocol.js';

/** How to start a worker process: the CLI knows the node binary and the worker's entry file. */
export interface WorkerLauncher {
  /** The worker entry (dist/cli/bench-worker.js, or the .ts file under a TypeScript loader). */
  readonly entry: string;
  /** Node options of the worker, e.g. `--import tsx` for the .ts entry. */
  readonly execArgv: readonly string[];
  /** Environment of every worker. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A running worker. */
export interface WorkerHandle<Info, Result> {
  /** Resolves when a server role is up. */
  readonly ready: Promise<Info>;
  /** Resolves with the role's result; rejects when it failed or the process died. */
  readonly result: Promise<Result>;
  /** Asks a server role to stop (its result follows). */
  stop(): void;
  /** CPU time and peak RSS of the worker so far. */
  probe(): Promise<{ cpuMs: number; maxRssBytes: number }>;
}

interface Pending {
  resolve: (value: { cpuMs: number; maxRssBytes: number }) => void;
}

function listen<Info, Result>(child: ChildProcess, stderr: () => string) {
  let resolveReady: (info: Info) => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<Info>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const probes: Pending[] = [];
  const result = new Promise<Result>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      rejectReady(error);
      if (!settled) reject(error);
      settled = true;
    };
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolveReady(message.info as Info);
      else if (message.type === 'probe') probes.shift()?.resolve({ cpuMs: message.cpuMs, maxRssBytes: message.maxRssBytes });
      else if (message.type === 'error') fail(new Error(`bench worker failed: ${message.message}`));
      else {
        settled = true;
        resolve(message.result as Result);
      }
    });
    child.on('exit', (code, signal) => {
      fail(new Error(`bench worker exited (${signal ?? `code ${String(code)}`}) before reporting${stderr() ? `: ${stderr().trim().split('\n').slice(-5).join(' | ')}` : ''}`));
    });
    child.on('error', fail);
  });
  ready.catch(() => undefined);
  result.catch(() => undefined);
  return { ready, result, probes };
}

/** Forks a worker process and hands it one job; `execArgv` adds Node options (e.g. `--expose-gc`). */
export function startWorker<Info = unknown, Result = unknown>(launcher: WorkerLauncher, job: WorkerJob, env: Readonly<Record<string, string>> = {}, execArgv: readonly string[] = []): WorkerHandle<Info, Result> {
  const child = fork(launcher.entry, [], { cwd: launcher.cwd, execArgv: [...launcher.execArgv, ...execArgv], env: { ...launcher.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (part: Buffer) => {
    stderr = (stderr + part.toString('utf8')).slice(-4000);
  });
  const { ready, result, probes } = listen<Info, Result>(child, () => stderr);
  const post = (message: ParentMessage): void => {
    if (child.connected) child.send(message);
  };
  post({ type: 'job', job });
  return {
    ready,
    result,
    stop: () => {
      post({ type: 'stop' });
    },
    probe: () =>
      new Promise((resolve) => {
        probes.push({ resolve });
        post({ type: 'probe' });
      }),
  };
}
