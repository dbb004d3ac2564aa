import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, startEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { connectClient, typesOf } from '../helpers/emulator-client.js';

/** An IPv4 address of this machine that is not loopback, if it has one. */
const external = Object.values(networkInterfaces()).flat().find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('where the emulator listens', () => {
  it('names loopback addresses and nothing else', () => {
    for (const host of ['127.0.0.1', '127.5.6.7', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.0.2.2', '127.0.0.1.example.com', '10.127.0.1', '::ffff:10.0.0.1', '']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('listens on loopback by default: reachable on 127.0.0.1, not on the machine\'s other addresses', async () => {
    const emulator = await startEmulator({ vad: webrtcVad });
    try {
      expect(emulator.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
      expect(await accepts('127.0.0.1', emulator.port)).toBe(true);
      if (external !== undefined) expect(await accepts(external, emulator.port)).toBe(false);
    } finally {
      await emulator.close();
    }
  });

  it('refuses every other interface without an API key, before anything listens', async () => {
    for (const host of ['0.0.0.0', '::']) await expect(startEmulator({ vad: webrtcVad, host })).rejects.toThrow(`refusing to listen on ${host} without an API key`);
    if (external !== undefined) await expect(startEmulator({ vad: webrtcVad, host: external })).rejects.toThrow(/without an API key/);
  });

  it.skipIf(external === undefined)('listens beyond loopback with an API key, and lets in only clients that present it', async () => {
    const emulator = await startEmulator({ vad: webrtcVad, host: '0.0.0.0', apiKey: 'sk-emulator-test' });
    try {
      const url = `ws://${external ?? ''}:${emulator.port}/v1/realtime?model=gpt-realtime`;
      const stranger = await connectClient(url);
      expect((await stranger.closed).code).toBe(3000);
      const known = await connectClient(url, { Authorization: 'Bearer sk-emulator-test' });
      await known.waitFor((e) => typesOf(e).includes('session.created'));
      known.close();
      const mint = await fetch(`http://${external ?? ''}:${emulator.port}/v1/realtime/client_secrets`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(mint.status).toBe(401);
    } finally {
      await emulator.close();
    }
  });
});
