import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRng } from '../metrics/stats.js';
import { EMULATOR_HEADER, frameText } from '../pipeline/transport/ws.js';
import { createIdGenerator } from './ids.js';
import { DEFAULT_PROFILES, type LatencyProfiles } from './profiles.js';
import { EmulatedSession } from './session.js';
import { decodeHint, REFERENCE_HEADER } from './transcriber.js';
import type { VadEngine } from './vad/vad.js';
import { webrtcVad } from './vad/webrtc.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default the WebRTC VAD */
  readonly vad?: VadEngine;
  readonly profiles?: LatencyProfiles;
  /** Seed of everything random; session n uses seed + n. @default 1 */
  readonly seed?: number;
  /** Maximum session length before `session_expired`. @default 60 minutes */
  readonly maxSessionMs?: number;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `ws://host:port/v1/realtime` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}


function closeWithError(ws: WebSocket, code: number, type: string, errorCode: string, message: string): void {
  ws.send(JSON.stringify({ type: 'error', event_id: 'event_rtbench_handshake', error: { type, code: errorCode, message, param: null, event_id: null } }));
  ws.close(code, `${type}.${errorCode}`);
}

function sessionFor(request: IncomingMessage, ws: WebSocket, options: Required<Omit<EmulatorOptions, 'host' | 'port'>>, index: number): EmulatedSession | null {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const protocol = request.headers['openai-beta'] === 'realtime=v1' ? 'beta' : 'ga';
  const intent = url.searchParams.get('intent');
  const model = url.searchParams.get('model');
  if (intent !== 'transcription' && (model === null || model === '')) {
    closeWithError(ws, 4000, 'invalid_request_error', 'missing_model', 'You must provide a model parameter');
    return null;
  }
  const rng = createRng(options.seed + index);
  const hintHeader = request.headers[REFERENCE_HEADER];
  return new EmulatedSession({
    kind: intent === 'transcription' ? 'transcription' : 'realtime',
    protocol,
    model: model ?? '',
    hint: decodeHint(Array.isArray(hintHeader) ? hintHeader[0] : hintHeader),
    vad: options.vad,
    profiles: options.profiles,
    rng,
    id: createIdGenerator(rng),
    maxSessionMs: options.maxSessionMs,
    nowS: () => Date.now() / 1000,
    sendRaw: (event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    },
  });
}

function attach(ws: WebSocket, session: EmulatedSession): void {
  session.open();
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.send(JSON.stringify({ type: 'error', event_id: 'event_rtbench_binary', error: { type: 'invalid_request_error', code: 'invalid_event', message: 'Binary frames are not supported; send JSON text frames.', param: null, event_id: null } }));
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(frameText(data));
    } catch {
      ws.send(JSON.stringify({ type: 'error', event_id: 'event_rtbench_json', error: { type: 'invalid_request_error', code: 'invalid_json', message: 'The server failed to parse the event as JSON.', param: null, event_id: null } }));
      return;
    }
    if (typeof event === 'object' && event !== null && !Array.isArray(event)) session.handle(event as Record<string, unknown>);
  });
  ws.on('close', () => {
    void session.close();
  });
}

/** Starts the emulator: an HTTP server whose `/v1/realtime` upgrades to a Realtime WebSocket. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = { vad: options.vad ?? webrtcVad, profiles: options.profiles ?? DEFAULT_PROFILES, seed: options.seed ?? 1, maxSessionMs: options.maxSessionMs ?? 60 * 60_000 };
  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error' } }));
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  wss.on('headers', (headers) => headers.push(`${EMULATOR_HEADER}: 1`));
  let sessions = 0;
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/v1/realtime') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = sessionFor(request, ws, resolved, sessions++);
      if (session) attach(ws, session);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `ws://${host}:${address.port}/v1/realtime`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
