import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { realClock } from '../clock.js';
import { closeWebSocketServer, hostPort, listen } from '../listen.js';
import { textField, type SessionRecord } from '../pipeline/record.js';
import { frameText } from '../pipeline/transport/ws.js';
import { appendMs, scheduleFrames, wireEvent, type ReplayTiming, type ScheduledFrame } from './replay-schedule.js';

/** Options of {@link startReplayServer}. */
export interface ReplayServerOptions {
  /** Sessions to play; connection n gets record n modulo their number. */
  readonly records: readonly SessionRecord[];
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default 'audio' */
  readonly timing?: ReplayTiming;
  /** 2 = twice as fast as recorded. @default 1 */
  readonly speed?: number;
}

/** A running replay server. */
export interface RunningReplayServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The session object of the recording's last session.created or session.updated (what a later session.update echoes). */
function recordedSessionOf(record: SessionRecord): unknown {
  const last = record.events.filter((f) => f.dir === 'in' && typeof f.event.type === 'string' && /(^|_)session\.(created|updated)$/.test(f.event.type)).at(-1);
  return last?.event.session ?? {};
}

function play(ws: WebSocket, record: SessionRecord, timing: ReplayTiming, speed: number): void {
  const plan: ScheduledFrame[] = scheduleFrames(record, timing);
  const recordedSession = recordedSessionOf(record);
  const connectedAt = realClock.now();
  let audioMs = 0;
  const reached: { audioMs: number; atMs: number }[] = [];
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  const dueAt = (s: ScheduledFrame): number | null => {
    if (s.afterAudioMs <= 0) return connectedAt + s.delayMs / speed;
    const when = reached.find((r) => r.audioMs >= s.afterAudioMs);
    return when === undefined ? null : when.atMs + s.delayMs / speed;
  };
  const pump = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (next < plan.length && ws.readyState === ws.OPEN) {
      const s = plan[next] as ScheduledFrame;
      const due = dueAt(s);
      if (due === null) return;
      const wait = due - realClock.now();
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
      next++;
      const { frame } = s;
      if (frame.dir === 'in') ws.send(JSON.stringify(wireEvent(frame)));
      else if (frame.event.type === 'invalid') ws.send(textField(frame.event, 'text'));
      else ws.close(Number(frame.event.code ?? 1011), textField(frame.event, 'reason'));
    }
  };
  let updates = 0;
  ws.on('message', (data) => {
    let event: unknown;
    try {
      event = JSON.parse(frameText(data));
    } catch {
      return;
    }
    if (typeof event !== 'object' || event === null) return;
    const type = (event as { type?: unknown }).type;
    // The first session.update is answered by the recording; later ones (a client's end-of-audio
    // barrier) at once, after everything the audio so far has released.
    if ((type === 'session.update' || type === 'transcription_session.update') && updates++ > 0) {
      ws.send(JSON.stringify({ type: `${type}d`, event_id: `event_replay_update_${updates}`, session: recordedSession }));
      return;
    }
    if (type !== 'input_audio_buffer.append') return;
    audioMs += appendMs(record, (event as { audio?: unknown }).audio);
    reached.push({ audioMs, atMs: realClock.now() });
    pump();
  });
  ws.on('close', () => {
    if (timer) clearTimeout(timer);
  });
  pump();
}

/**
 * A WebSocket server on loopback that answers a client with a recorded session's server events
 * (VAD events included), timed by the client's audio position or by the recorded offsets,
 * with a speed factor. For testing your own realtime client against real traffic offline.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<RunningReplayServer> {
  if (options.records.length === 0) throw new Error('a replay server needs at least one recorded session');
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`replay speed must be above 0, got ${speed}`);
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let connections = 0;
  wss.on('connection', (ws) => {
    const record = options.records[connections++ % options.records.length] as SessionRecord;
    play(ws, record, options.timing ?? 'audio', speed);
  });
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `ws://${hostPort(address)}/v1/realtime`,
    port: address.port,
    close: () => closeWebSocketServer(server, wss),
  };
}
