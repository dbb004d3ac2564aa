import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { frameText } from '../../src/pipeline/transport/ws.js';

/**
 * A relay on 127.0.0.1 in front of the emulator, as a compatible server or proxy would be:
 * it checks the handshake headers, mints client secrets at `POST /v1/realtime/client_secrets`
 * for the key it was given, and pipes accepted sockets to the emulator.
 */

/** What the relay does with an upgrade: accept it, answer with an HTTP status, or accept and close like the service does. */
export type UpgradeVerdict = { accept: true } | { status: number } | { close: number; code: string; message: string };

/** Options of {@link startRelay}. */
export interface RelayOptions {
  /** Decides on each upgrade from its headers. @default accept */
  readonly check?: (headers: IncomingHttpHeaders, secrets: readonly string[]) => UpgradeVerdict;
  /** The key the mint endpoint accepts. @default 'sk-test' */
  readonly apiKey?: string;
  /** Answer every mint with this status instead. */
  readonly mintStatus?: number;
  /** Answer the first mints with these statuses (with `retry-after-ms: 20`), then mint. */
  readonly mintFirst?: readonly number[];
  /** Options of the emulator behind the relay. @default seed 1 */
  readonly emulator?: EmulatorOptions;
}

/** A running relay and what it saw. */
export interface Relay {
  readonly url: string;
  /** Headers and path of every upgrade request. */
  readonly upgrades: { headers: IncomingHttpHeaders; path: string }[];
  /** Every mint request: its Authorization header and body. */
  readonly mints: { authorization: string | undefined; body: Record<string, unknown> }[];
  /** The client secrets handed out. */
  readonly secrets: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (part: Buffer) => (text += part.toString('utf8')));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function pipe(client: WebSocket, upstream: WebSocket): void {
  const pending: string[] = [];
  client.on('message', (data: WebSocket.RawData) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(frameText(data));
    else pending.push(frameText(data));
  });
  upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
  upstream.on('message', (data: WebSocket.RawData) => client.readyState === WebSocket.OPEN && client.send(frameText(data)));
  upstream.on('close', (code, reason) => client.readyState === WebSocket.OPEN && client.close(code === 1005 ? 1000 : code, reason.toString()));
  client.on('close', () => upstream.close());
  upstream.on('error', () => client.close(1011, 'upstream error'));
}

const FORWARDED = ['openai-beta', 'x-rtbench-reference', 'x-rtbench-fault'];

/** Starts the emulator and a relay in front of it. */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const emulator: RunningEmulator = await startEmulator({ seed: 1, ...options.emulator });
  const relay: Omit<Relay, 'url' | 'close'> = { upgrades: [], mints: [], secrets: [] };
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/realtime/client_secrets') return json(res, 404, { error: { message: 'Not found' } });
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      relay.mints.push({ authorization: req.headers.authorization, body });
      const early = options.mintFirst?.[relay.mints.length - 1];
      if (early !== undefined) return json(res, early, { error: { message: `busy (${early})`, type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after-ms': '20' });
      if (options.mintStatus !== undefined) return json(res, options.mintStatus, { error: { message: `refused with ${options.mintStatus}`, type: 'invalid_request_error', code: null } });
      if (req.headers.authorization !== `Bearer ${options.apiKey ?? 'sk-test'}`) return json(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      const value = `ek_relay_${relay.secrets.length + 1}_${Math.random().toString(36).slice(2)}`;
      relay.secrets.push(value);
      json(res, 200, { value, expires_at: 1_900_000_000, session: body.session });
    })();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    relay.upgrades.push({ headers: req.headers, path: req.url ?? '' });
    const verdict = options.check?.(req.headers, relay.secrets) ?? { accept: true };
    if ('status' in verdict) {
      socket.end(`HTTP/1.1 ${verdict.status} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      if ('close' in verdict) {
        client.send(JSON.stringify({ type: 'error', event_id: 'event_relay', error: { type: 'invalid_request_error', code: verdict.code, message: verdict.message, param: null, event_id: null } }));
        client.close(verdict.close, `invalid_request_error.${verdict.code}`);
        return;
      }
      const headers = Object.fromEntries(FORWARDED.flatMap((name) => (typeof req.headers[name] === 'string' ? [[name, req.headers[name]]] : [])));
      pipe(client, new WebSocket(`${emulator.url}${new URL(req.url ?? '', 'http://x').search}`, { headers }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...relay,
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    },
  };
}
