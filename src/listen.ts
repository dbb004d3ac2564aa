import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import type { WebSocketServer } from 'ws';

/** Listens on `host` and `port` (0 picks a free port); rejects if listening fails (EADDRINUSE, say). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve(server.address() as AddressInfo);
    });
  });
}

/** `host:port` for a URL, with an IPv6 host in brackets (`[::1]:8080`). */
export function hostPort(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${host}:${address.port}`;
}

/** Drops every WebSocket client and HTTP connection, then resolves once the server has closed. */
export function closeWebSocketServer(server: HttpServer, wss: WebSocketServer): Promise<void> {
  return new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
