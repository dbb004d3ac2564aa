import WebSocket from 'ws';
import { frameText } from '../../src/pipeline/transport/ws.js';

type Json = Record<string, unknown>;

/** A bare Realtime client for driving the emulator in tests: records every frame it receives. */
export interface TestClient {
  /** Parsed server events, in order of receipt, with the receipt time (ms, monotonic). */
  readonly events: Json[];
  readonly receivedAtMs: number[];
  /** Frames that were not JSON. */
  readonly malformed: string[];
  /** Client events sent. */
  readonly sent: Json[];
  /** Resolves with the close code and reason once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Response headers of the upgrade. */
  readonly upgradeHeaders: Record<string, string | string[] | undefined>;
  send(event: Json): void;
  /** Waits until `predicate` holds over the events received (rejects after `timeoutMs` or on close). */
  waitFor(predicate: (events: readonly Json[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Waits until no frame has arrived for `quietMs`. */
  quiet(quietMs: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects to `url` with `headers` (and optional subprotocols). */
export async function connectClient(url: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<TestClient> {
  const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
  const events: Json[] = [];
  const receivedAtMs: number[] = [];
  const malformed: string[] = [];
  const sent: Json[] = [];
  let lastFrameMs = performance.now();
  let isClosed = false;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  let upgradeHeaders: Record<string, string | string[] | undefined> = {};
  ws.on('upgrade', (res) => {
    upgradeHeaders = res.headers;
  });
  ws.on('message', (data) => {
    lastFrameMs = performance.now();
    const text = frameText(data);
    try {
      events.push(JSON.parse(text) as Json);
      receivedAtMs.push(lastFrameMs);
    } catch {
      malformed.push(text);
    }
    notify();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      isClosed = true;
      notify();
      resolve({ code, reason: reason.toString('utf8') });
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  const waitUntil = (check: () => boolean, timeoutMs: number, what: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last events: ${events.slice(-5).map((e) => String(e.type)).join(', ')}`));
      }, timeoutMs);
      const listener = (): void => {
        if (check()) {
          clearTimeout(timer);
          listeners.delete(listener);
          resolve();
        } else if (isClosed) {
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`socket closed while waiting for ${what}`));
        }
      };
      listeners.add(listener);
      listener();
    });
  return {
    events,
    receivedAtMs,
    malformed,
    sent,
    closed,
    get upgradeHeaders() {
      return upgradeHeaders;
    },
    send(event) {
      sent.push(event);
      ws.send(JSON.stringify(event));
    },
    waitFor: (predicate, timeoutMs = 20_000) => waitUntil(() => predicate(events), timeoutMs, 'the expected events'),
    async quiet(quietMs, timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() - lastFrameMs < quietMs) {
        if (performance.now() > deadline) throw new Error('the server never went quiet');
        await new Promise((r) => setTimeout(r, quietMs / 4));
      }
    },
    close() {
      ws.close(1000, 'done');
    },
  };
}

/** Sends audio as appends of `chunkBytes` (no pacing). */
export function appendAudio(client: TestClient, audio: Buffer, chunkBytes: number): void {
  for (let i = 0; i < audio.length; i += chunkBytes) client.send({ type: 'input_audio_buffer.append', audio: audio.subarray(i, i + chunkBytes).toString('base64') });
}

/** Types of the events received, in order. */
export function typesOf(events: readonly Json[]): string[] {
  return events.map((e) => String(e.type));
}
