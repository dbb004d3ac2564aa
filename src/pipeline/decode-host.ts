import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioSpec } from './audio-format.js';
import { startDecoder, type DecodedInput } from './ffmpeg-command.js';

/**
 * The decode host: a small process that runs rtbench's ffmpeg commands and streams their
 * output back over a local socket. Starting a process from rtbench's own (hundreds of MB
 * with 200 sessions) blocks its event loop while the kernel copies the page tables: 10–75 ms
 * per session, which every stream already running waits out. The host is small, so starting
 * ffmpeg there costs rtbench one socket instead.
 */

/** First line a client writes on its connection: what to decode. */
export interface DecodeRequest {
  readonly id: number;
  readonly path: string;
  readonly ffmpegPath: string;
  readonly spec: AudioSpec;
}

/** What the host tells rtbench over its IPC channel. */
export type DecodeHostMessage = { readonly type: 'listening'; readonly socketPath: string } | ({ readonly type: 'done' } & DecodeVerdict);

/** How a decode ended: ffmpeg's error in one line (null when it exited cleanly), and what it said about the input. */
export interface DecodeVerdict {
  readonly id: number;
  readonly error: string | null;
  readonly input: DecodedInput;
}

function readRequestLine(socket: Socket, onLine: (line: string) => void): void {
  let text = '';
  const onData = (part: Buffer): void => {
    text += part.toString('utf8');
    const end = text.indexOf('\n');
    if (end < 0) return;
    socket.off('data', onData);
    socket.pause();
    onLine(text.slice(0, end));
  };
  socket.on('data', onData);
}

function serve(socket: Socket, report: (message: DecodeHostMessage) => void): void {
  socket.on('error', () => undefined);
  readRequestLine(socket, (line) => {
    let request: DecodeRequest;
    try {
      request = JSON.parse(line) as DecodeRequest;
    } catch {
      socket.destroy();
      return;
    }
    const decoder = startDecoder(request.path, request.spec, request.ffmpegPath, socket);
    let written = false;
    socket.once('finish', () => {
      written = true;
    });
    // rtbench closed its end before all the output was written (the session stopped, or it was aborted): stop ffmpeg.
    socket.once('close', () => {
      if (!written) decoder.kill();
    });
    decoder.exited.then(
      (input) => {
        report({ type: 'done', id: request.id, error: null, input });
      },
      (error: unknown) => {
        report({ type: 'done', id: request.id, error: error instanceof Error ? error.message : String(error), input: { declaredMs: null, details: '' } });
      },
    );
  });
}

/** Listens on a fresh socket path and serves decodes; returns the server and the path. */
export async function startDecodeHost(report: (message: DecodeHostMessage) => void): Promise<{ server: Server; socketPath: string; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtbench-decode-'));
  const socketPath = join(dir, 'host.sock');
  const server = createServer((socket) => {
    serve(socket, report);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      resolve();
    });
  });
  return {
    server,
    socketPath,
    close: () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
