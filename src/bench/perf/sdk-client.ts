import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { Clock } from '../../clock.js';
import type { ClientEvent } from '../../pipeline/protocol/session-config.js';
import type { StreamSends } from './pacing-stats.js';

/** One stream of the `openai` package's realtime client, as a user of it would write one. */
export interface SdkStreamOptions {
  /** `https://127.0.0.1:<port>/v1`: the client turns it into `wss://…/v1/realtime?model=…`. */
  readonly baseUrl: string;
  readonly model: string;
  /** The self-signed certificate of the local server (PEM). */
  readonly ca: string;
  /** Extra handshake headers (the emulator's reference hint). */
  readonly headers: Readonly<Record<string, string>>;
  /** The same session.update rtbench sends. */
  readonly sessionUpdate: ClientEvent;
  /** The same appends rtbench sends: the item's audio then the tail silence, cut in chunks. */
  readonly chunks: readonly Buffer[];
  readonly chunkMs: number;
  /** Sent after the last append; the stream ends when its session.updated arrives, as rtbench's sessions do. */
  readonly barrier: ClientEvent;
  readonly clock: Clock;
}

/** What one SDK stream did. */
export interface SdkStreamResult {
  readonly sends: StreamSends;
  readonly events: number;
  readonly error: string | null;
}

function waitFor(rt: OpenAIRealtimeWS, type: string, timeoutMs: number, clock: Clock): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = new AbortController();
    const listener = (event: { type: string }): void => {
      if (event.type !== type) return;
      abort.abort();
      rt.off('event', listener);
      resolve();
    };
    rt.on('event', listener);
    clock.sleep(timeoutMs, abort.signal).then(
      () => {
        rt.off('event', listener);
        reject(new Error(`no ${type} within ${timeoutMs} ms`));
      },
      () => undefined,
    );
  });
}

/**
 * Streams the chunks through `OpenAIRealtimeWS` (which always speaks wss): connect, send the
 * session.update, then one `input_audio_buffer.append` per chunk, sleeping `chunkMs` after
 * each send (the common approach), then the end-of-audio barrier.
 */
export async function runSdkStream(options: SdkStreamOptions): Promise<SdkStreamResult> {
  const { clock } = options;
  const client = new OpenAI({ apiKey: 'sk-rtbench-bench', baseURL: options.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: options.model, options: { ca: options.ca, headers: { ...options.headers } } }, client);
  let events = 0;
  rt.on('event', () => {
    events++;
  });
  rt.on('error', () => undefined);
  const sentMs: number[] = [];
  try {
    const created = waitFor(rt, 'session.created', 10_000, clock);
    await created;
    const updated = waitFor(rt, 'session.updated', 10_000, clock);
    rt.send(options.sessionUpdate as unknown as RealtimeClientEvent);
    await updated;
    for (let n = 0; n < options.chunks.length; n++) {
      rt.send({ type: 'input_audio_buffer.append', audio: (options.chunks[n] as Buffer).toString('base64') });
      sentMs.push(clock.now());
      await clock.sleep(options.chunkMs);
    }
    const answered = waitFor(rt, 'session.updated', 30_000, clock);
    rt.send(options.barrier as unknown as RealtimeClientEvent);
    await answered;
    return { sends: { sentMs, dueOffsetMs: sentMs.map((_, n) => n * options.chunkMs) }, events, error: null };
  } catch (error) {
    return { sends: { sentMs, dueOffsetMs: sentMs.map((_, n) => n * options.chunkMs) }, events, error: error instanceof Error ? error.message : String(error) };
  } finally {
    rt.close();
  }
}
