import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { TransportError } from '../../errors.js';
import { createWsTransport } from './ws.js';

/** The ws transport against a real server on 127.0.0.1. */

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that answers upgrades with `status`, or accepts them (status 101) and says hello. */
async function listen(status: number, seen: IncomingHttpHeaders[] = []): Promise<string> {
  const wss = new WebSocketServer({ noServer: true });
  server = createServer();
  server.on('upgrade', (req, socket, head) => {
    seen.push(req.headers);
    if (status !== 101) {
      socket.end(`HTTP/1.1 ${status} Nope\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: 'session.created', session: {} }));
      ws.send('not json');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime?intent=transcription`;
}

async function connectError(url: string): Promise<TransportError> {
  const error = await createWsTransport({ url, headers: {} }).connect(new AbortController().signal).then(() => null, (e: unknown) => e);
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

describe('createWsTransport', () => {
  it('sends the handshake headers and delivers events and invalid frames', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const url = await listen(101, seen);
    const transport = createWsTransport({ url, headers: { Authorization: 'Bearer sk-test', 'X-Relay-Token': 'abc', 'OpenAI-Beta': 'realtime=v1' } });
    const events: unknown[] = [];
    const invalid: string[] = [];
    const done = new Promise<void>((resolve) => {
      transport.subscribe({ onEvent: (e) => events.push(e), onInvalid: (_t, reason) => (invalid.push(reason), resolve()), onClose: () => undefined });
    });
    await transport.connect(new AbortController().signal);
    await done;
    transport.close();
    expect(seen[0]).toMatchObject({ authorization: 'Bearer sk-test', 'x-relay-token': 'abc', 'openai-beta': 'realtime=v1' });
    expect(events).toEqual([{ type: 'session.created', session: {} }]);
    expect(invalid[0]).toMatch(/^invalid JSON/);
  });

  it('marks 401 and 403 on the upgrade fatal, 503 retryable', async () => {
    expect((await connectError(await listen(401))).fatal).toBe(true);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    expect((await connectError(await listen(403))).fatal).toBe(true);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const busy = await connectError(await listen(503));
    expect([busy.fatal, busy.retryable]).toEqual([false, true]);
  });

  it('marks a refused connection fatal, with what to check', async () => {
    const url = await listen(101);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    const error = await connectError(url);
    expect(error.fatal).toBe(true);
    expect(error.message).toMatch(/^cannot connect to ws:\/\/127.0.0.1:\d+\/v1\/realtime\?intent=transcription: connect ECONNREFUSED/);
    expect(error.hint).toMatch(/--target/);
  });
});
