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
  close(): void;
}

/** Connects to `url` with `headers` (and optional subprotocols). */
export async function connectClient(url: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<TestClient> {
  const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
  const events: Json[] = [];
  const receivedAtMs: number[] = [];
  const malformed: string[] = [];
  const sent: Json[] = [];
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
    const atMs = performance.now();
    const text = frameText(data);
    try {
      events.push(JSON.parse(text) as Json);
      receivedAtMs.push(atMs);
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
    close() {
      ws.close(1000, 'done');
    },
  };
}

/** Sends audio as appends of `chunkBytes` (no pacing). */
export function appendAudio(client: TestClient, audio: Buffer, chunkBytes: number): void {
  for (let i = 0; i < audio.length; i += chunkBytes) client.send({ type: 'input_audio_buffer.append', audio: audio.subarray(i, i + chunkBytes).toString('base64') });
}

/**
 * True once the server owes nothing for what it has announced: every committed item has its
 * transcript (completed or failed) and every response created is done; with `answersLastTurn`,
 * a response also began after the last commit (a server that answers turns). What to wait for
 * after a barrier, instead of a quiet spell.
 */
export function nothingOwed(events: readonly Json[], answersLastTurn = false): boolean {
  const ids = (type: string, id: (e: Json) => unknown): Set<unknown> => new Set(events.filter((e) => e.type === type).map(id));
  const committed = ids('input_audio_buffer.committed', (e) => e.item_id);
  const transcribed = new Set([...ids('conversation.item.input_audio_transcription.completed', (e) => e.item_id), ...ids('conversation.item.input_audio_transcription.failed', (e) => e.item_id)]);
  const created = ids('response.created', (e) => (e.response as Json).id);
  const done = ids('response.done', (e) => (e.response as Json).id);
  const types = events.map((e) => e.type);
  const answered = !answersLastTurn || types.lastIndexOf('response.created') > types.lastIndexOf('input_audio_buffer.committed');
  return [...committed].every((id) => transcribed.has(id)) && [...created].every((id) => done.has(id)) && answered;
}

/**
 * Sends a session.update that changes nothing (the harness's end-of-audio barrier) and waits for
 * its answer, which the server sends after handling everything sent before it; then waits until
 * it owes nothing ({@link nothingOwed}).
 */
export async function settleAfterBarrier(client: TestClient, mode: { protocol: 'ga' | 'beta'; kind: 'realtime' | 'transcription' }, answersLastTurn = false): Promise<void> {
  const updated = mode.protocol === 'beta' && mode.kind === 'transcription' ? 'transcription_session.updated' : 'session.updated';
  const before = client.events.filter((e) => e.type === updated).length;
  if (mode.protocol === 'ga') client.send({ type: 'session.update', session: { type: mode.kind } });
  else client.send({ type: mode.kind === 'transcription' ? 'transcription_session.update' : 'session.update', session: {} });
  await client.waitFor((e) => e.filter((x) => x.type === updated).length > before);
  await client.waitFor((e) => nothingOwed(e, answersLastTurn));
}

/** Types of the events received, in order. */
export function typesOf(events: readonly Json[]): string[] {
  return events.map((e) => String(e.type));
}
