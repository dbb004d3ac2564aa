import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { closeWebSocketServer, hostPort, listen } from './listen.js';

describe('listen', () => {
  it('listens on a free port, and closeWebSocketServer drops a connected client', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const address = await listen(server, 0, '127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    const client = new WebSocket(`ws://${hostPort(address)}/`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    await closeWebSocketServer(server, wss);
    expect(await closed).toBe(1006);
    expect(server.listening).toBe(false);
  });

  it('rejects when the port is taken', async () => {
    const first = createServer();
    const { port } = await listen(first, 0, '127.0.0.1');
    await expect(listen(createServer(), port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise((resolve) => first.close(resolve));
  });
});

describe('hostPort', () => {
  it('brackets an IPv6 host only', () => {
    expect(hostPort({ address: '::1', family: 'IPv6', port: 80 })).toBe('[::1]:80');
    expect(hostPort({ address: '127.0.0.1', family: 'IPv4', port: 80 })).toBe('127.0.0.1:80');
  });
});
