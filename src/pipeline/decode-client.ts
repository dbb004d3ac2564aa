import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AudioSpec } from './audio-format.js';
import type { DecodeHostMessage, DecodeRequest, DecodeVerdict } from './decode-host.js';

/** rtbench's decode host, once it listens. */
interface Host {
  readonly socketPath: string;
  readonly child: ChildProcess;
  /** Decodes waiting for the host's verdict, by request id. */
  readonly pending: Map<number, (verdict: Omit<DecodeVerdict, 'id'>) => void>;
}

const HOST_START_TIMEOUT_MS = 15_000;

let host: Promise<Host | null> | null = null;
let nextId = 1;

/** The host's entry beside this module: compiled JavaScript, or TypeScript under tsx (tests). */
function hostEntry(): { entry: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  return { entry: fileURLToPath(new URL(`../cli/decode-host.${typescript ? 'ts' : 'js'}`, import.meta.url)), execArgv: typescript ? ['--import', 'tsx'] : [] };
}

function launch(): Promise<Host | null> {
  const { entry, execArgv } = hostEntry();
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = fork(entry, [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    } catch {
      resolve(null);
      return;
    }
    const pending = new Map<number, (verdict: Omit<DecodeVerdict, 'id'>) => void>();
    const timer = setTimeout(() => {
      child.kill();
      resolve(null);
    }, HOST_START_TIMEOUT_MS);
    child.on('message', (message: DecodeHostMessage) => {
      if (message.type === 'listening') {
        clearTimeout(timer);
        child.unref();
        resolve({ socketPath: message.socketPath, child, pending });
      } else {
        pending.get(message.id)?.({ error: message.error, input: message.input });
        pending.delete(message.id);
      }
      holdWhileBusy(child, pending);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(null);
      host = null;
      for (const settle of pending.values()) settle({ error: 'the decode host exited', input: { declaredMs: null, details: '' } });
      pending.clear();
    });
  });
}

/**
 * The host serves this process only: it must not keep it alive when idle, but its channel
 * must while an answer is awaited (a verdict can come after the last byte).
 */
function holdWhileBusy(child: ChildProcess, pending: ReadonlyMap<number, unknown>): void {
  if (pending.size > 0) child.channel?.ref();
  else child.channel?.unref();
}

/** The running host, started on first use; null when it cannot start (the caller decodes in-process). */
export function decodeHost(): Promise<Host | null> {
  host ??= launch();
  return host;
}

/** A decode streaming from the host: its buffers as they come, then ffmpeg's verdict. */
export interface HostedDecode {
  readonly buffers: AsyncIterable<Buffer>;
  /** How ffmpeg ended: `error` null when it exited cleanly, else what went wrong; and what it said about the input. */
  readonly verdict: Promise<Omit<DecodeVerdict, 'id'>>;
  /** Closes the connection; the host stops ffmpeg. */
  close(): void;
}

/**
 * Bytes read from the host at a time: about 170 ms of 24 kHz audio. Reading just in time, in
 * small pieces, keeps each piece short-lived: the 64 kB reads of a plain socket held 1.3 s of
 * audio each, long enough to outlive the young generation, so 200 streams left ~100 MB of
 * dead buffers for the next full garbage collection.
 */
const READ_BYTES = 8192;

/** Asks the host to decode `path`. */
export function decodeInHost(running: Host, path: string, spec: AudioSpec, ffmpegPath: string): HostedDecode {
  const id = nextId++;
  const verdict = new Promise<Omit<DecodeVerdict, 'id'>>((resolve) => {
    running.pending.set(id, resolve);
  });
  holdWhileBusy(running.child, running.pending);
  const queue: Buffer[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  // One buffer per connection, reused by every read; each read is copied out and reading pauses until it is taken.
  const socket = connect({
    path: running.socketPath,
    onread: {
      buffer: Buffer.allocUnsafe(READ_BYTES),
      callback: (bytes: number, buffer: Uint8Array) => {
        queue.push(Buffer.from(buffer.subarray(0, bytes)));
        notify();
        return false;
      },
    },
  });
  const finish = (): void => {
    ended = true;
    notify();
  };
  socket.on('error', () => undefined).on('end', finish).on('close', finish);
  socket.write(`${JSON.stringify({ id, path, ffmpegPath, spec } satisfies DecodeRequest)}\n`);
  async function* buffers(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (ended) return;
      socket.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return {
    buffers: buffers(),
    verdict,
    close: () => {
      socket.destroy();
      // Closed before the host answered (an interrupt while ffmpeg starts, say): its verdict may
      // never come, so it is settled here; a later one finds nothing waiting.
      const settle = running.pending.get(id);
      running.pending.delete(id);
      settle?.({ error: 'the decode was stopped before ffmpeg finished', input: { declaredMs: null, details: '' } });
      holdWhileBusy(running.child, running.pending);
    },
  };
}
