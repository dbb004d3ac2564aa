import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeSelfSignedCertificate, startTlsProxy, type SelfSignedCertificate, type TlsProxy } from '../../src/bench/perf/tls.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { listen } from '../../src/listen.js';
import { runCli, tempDir } from '../helpers/cli.js';

function items(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
}

/** A TCP server that answers every connection with `answer` and records the sockets. */
async function tcpServer(answer: (socket: Socket) => void): Promise<{ server: Server; port: number; sockets: Set<Socket>; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    answer(socket);
  });
  const { port } = await listen(server, 0, '127.0.0.1');
  return {
    server, port, sockets,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('connection outcomes', () => {
  const out = tempDir();
  let emulator: RunningEmulator;
  let certificate: SelfSignedCertificate;
  let proxy: TlsProxy;

  beforeAll(async () => {
    emulator = await startEmulator({ vad: webrtcVad });
    certificate = await makeSelfSignedCertificate(tempDir());
    proxy = await startTlsProxy(certificate, emulator.port);
  });

  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it('does not retry a certificate it cannot trust, says how to trust it, and exits 4', async () => {
    const target = `wss://127.0.0.1:${proxy.port}/v1/realtime`;
    const r = await runCli(['run', '--target', target, '--speed', 'max', '--items', 'arctic_axb_a0005,lj001_0002', '--out', out, '--run-id', 'untrusted']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(r.stderr).toMatch(/--ca FILE/);
    expect(r.stderr).toMatch(/NODE_EXTRA_CA_CERTS/);
    const rows = items(join(out, 'untrusted', 'items.csv'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ status: 'error', attempts: '1' });
  });

  it('connects with --ca', async () => {
    const target = `wss://127.0.0.1:${proxy.port}/v1/realtime`;
    const r = await runCli(['run', '--target', target, '--ca', certificate.certPath, '--speed', 'max', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'trusted']);
    expect(r.code, r.stderr).toBe(0);
    expect(items(join(out, 'trusted', 'items.csv'))[0]).toMatchObject({ status: 'ok' });
  });

  it('refuses --ca that is not a PEM certificate, or for a target that is not wss', async () => {
    const notPem = await runCli(['run', '--target', `wss://127.0.0.1:${proxy.port}/v1/realtime`, '--ca', join(process.cwd(), 'package.json'), '--out', out]);
    expect(notPem.code).toBe(2);
    expect(notPem.stderr).toMatch(/--ca .*package\.json: holds no PEM certificate/);
    const local = await runCli(['run', '--ca', certificate.certPath, '--out', out]);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/certificates are checked only on wss:\/\/ targets/);
  });

  it('holds --connect-timeout-ms as a deadline against a server that dribbles its handshake', async () => {
    const dribble = await tcpServer((socket) => {
      const text = 'HTTP/1.1 101 Switching Protocols\r\n';
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= text.length) clearInterval(timer);
        else socket.write(text[i++] ?? '');
      }, 100);
      socket.on('close', () => clearInterval(timer));
    });
    try {
      const r = await runCli(['run', '--target', `ws://127.0.0.1:${dribble.port}/v1/realtime`, '--connect-timeout-ms', '600', '--max-attempts', '1', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'dribble']);
      expect(r.code).toBe(4);
      const [row] = items(join(out, 'dribble', 'items.csv'));
      expect(row?.error).toMatch(/no connection within 600 ms \(--connect-timeout-ms\)/);
    } finally {
      await dribble.close();
    }
  });

  it('records an invalid frame and the close after it, and makes the row an error naming it', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (ws: WebSocket & { _socket?: Socket }) => {
      ws.send(JSON.stringify({ type: 'session.created', session: {} }));
      let appends = 0;
      ws.on('message', (data: Buffer) => {
        const type = (JSON.parse(data.toString()) as { type: string }).type;
        if (type === 'session.update') ws.send(JSON.stringify({ type: 'session.updated', session: {} }));
        // A frame with the reserved opcode 3, then the end of the stream.
        if (type === 'input_audio_buffer.append' && ++appends === 5) ws._socket?.end(Buffer.from([0x83, 0x00]));
      });
    });
    try {
      const port = (wss.address() as { port: number }).port;
      const r = await runCli(['run', '--target', `ws://127.0.0.1:${port}/v1/realtime`, '--max-attempts', '1', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'bad-frame']);
      const [row] = items(join(out, 'bad-frame', 'items.csv'));
      expect(row?.status).toBe('error');
      expect(row?.error).toMatch(/the server closed the socket during streaming \(code 1006\): Invalid WebSocket frame: invalid opcode 3/);
      expect(r.code).toBe(0);
      const dir = join(out, 'bad-frame', 'sessions');
      const cassette = readFileSync(join(dir, readdirSync(dir)[0] ?? '', 'arctic_axb_a0005.1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string; event: { type: string } });
      expect(cassette.filter((f) => f.dir === 'ws').map((f) => f.event.type)).toEqual(['open', 'error', 'close', 'end']);
    } finally {
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  it('exits 4 when no session could connect, even if every failure was one that may pass', async () => {
    const reset = await tcpServer((socket) => socket.destroy());
    try {
      const r = await runCli(['run', '--target', `ws://127.0.0.1:${reset.port}/v1/realtime`, '--max-attempts', '2', '--items', 'arctic_axb_a0005,lj001_0002', '--out', out, '--run-id', 'reset']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/no session could connect to ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime \(2 tried\)/);
      for (const row of items(join(out, 'reset', 'items.csv'))) expect(row).toMatchObject({ status: 'error', attempts: '2' });
    } finally {
      await reset.close();
    }
  });
});
