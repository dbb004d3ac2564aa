import WebSocket from 'ws';
import { realClock } from '../../clock.js';
import { resolveOptions } from '../../config/options.js';
import { sessionQuery } from '../../pipeline/protocol/session-config.js';
import { benchSessionInputs } from './bench-corpus.js';
import { lagStats, type LagStats } from './client-roles.js';
import type { LoadJob, WorkerContext } from './worker-protocol.js';

/** What a load step measured of the server. */
export interface LoadReport {
  readonly sessions: number;
  /** Sessions that connected and were configured. */
  readonly ready: number;
  /** speech_stopped receipt − send of the chunk carrying its `audio_end_ms`. */
  readonly lag: LagStats;
  readonly turns: number;
  readonly wallMs: number;
}

interface LoadSession {
  readonly ws: WebSocket;
  readonly stops: { atMs: number; audioEndMs: number }[];
}

function openSession(url: string, headers: Record<string, string>, update: string): Promise<LoadSession | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    const session: LoadSession = { ws, stops: [] };
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(null);
    }, 15_000);
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      // Only three event types matter here: read them without parsing every event.
      if (text.includes('"session.created"')) ws.send(update);
      else if (text.includes('"session.updated"')) {
        clearTimeout(timer);
        resolve(session);
      } else if (text.includes('"input_audio_buffer.speech_stopped"')) {
        session.stops.push({ atMs: realClock.now(), audioEndMs: (JSON.parse(text) as { audio_end_ms: number }).audio_end_ms });
      }
    });
    ws.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

/**
 * Loads a server with `sessions` real-time sessions as cheaply as a client can (one timer for
 * all of them, every append serialised once), so that what is measured is the server: the
 * same session.update, hint and audio as rtbench's session, and how late each speech_stopped
 * comes after the audio that let the server decide it.
 */
export async function runLoad(job: LoadJob, ctx: WorkerContext): Promise<LoadReport> {
  const options = resolveOptions({ corpus: job.corpusDir }, { cwd: ctx.cwd, env: {}, bundledCorpus: job.corpusDir });
  const inputs = benchSessionInputs(options, job.corpusDir);
  const frames = inputs.chunks.map((chunk) => JSON.stringify({ type: 'input_audio_buffer.append', audio: chunk.toString('base64') }));
  const url = `${job.url}?${new URLSearchParams(sessionQuery(inputs.config)).toString()}`;
  const update = JSON.stringify(inputs.update);
  const opened = await Promise.all(Array.from({ length: job.sessions }, () => openSession(url, inputs.headers, update)));
  const sessions = opened.filter((s): s is LoadSession => s !== null);
  const started = realClock.now();
  const sentMs: number[] = [];
  for (let k = 0; k < frames.length; k++) {
    const dueMs = started + 100 + k * options.chunkMs;
    for (let wait = dueMs - realClock.now(); wait > 1; wait = dueMs - realClock.now()) await realClock.sleep(Math.round(wait));
    sentMs.push(realClock.now());
    for (const s of sessions) s.ws.send(frames[k] ?? '');
  }
  await realClock.sleep(1500);
  const lags = sessions.flatMap((s) => s.stops.map((stop) => stop.atMs - (sentMs[Math.max(0, Math.ceil(stop.audioEndMs / options.chunkMs) - 1)] ?? Number.NaN)));
  for (const s of sessions) s.ws.close();
  return { sessions: job.sessions, ready: sessions.length, lag: lagStats(lags), turns: lags.length, wallMs: realClock.now() - started };
}
