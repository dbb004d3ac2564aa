import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { frameText } from '../../src/pipeline/transport/ws.js';

/**
 * A relay in the shape of a FastAPI voice app's backend, in front of the emulator: it opens its
 * own Realtime session upstream with its own settings, and speaks its own messages to the
 * client — `{"type": "audio", "audio": <base64 pcm16>}` and `{"type": "text", "text": …}` in;
 * `session_ready`, `audio_delta {audio}`, `text_delta {text}`, `response_done` and
 * `error {message, code}` out. Nothing else of the protocol reaches the client: no VAD events,
 * no transcripts, no response ids.
 */

/** Options of {@link startFastApiRelay}. */
export interface FastApiRelayOptions {
  /** The relay's own upstream session (`session.update`'s session). @default server VAD, 24 kHz PCM, audio replies */
  readonly session?: Record<string, unknown>;
  readonly emulator?: EmulatorOptions;
}

/** A running relay and what passed through it. */
export interface FastApiRelay {
  readonly url: string;
  /** Every message the clients sent, by type. */
  readonly received: string[];
  close(): Promise<void>;
}

const DEFAULT_SESSION = {
  type: 'realtime',
  output_modalities: ['audio'],
  audio: {
    input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 } },
    output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' },
  },
};

type Raw = Record<string, unknown>;

/** What the relay tells its client about one upstream event; null: nothing. */
function toClient(event: Raw): Raw | null {
  switch (event.type) {
    case 'response.output_audio.delta':
      return { type: 'audio_delta', audio: event.delta };
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta':
      return { type: 'text_delta', text: event.delta };
    case 'response.done':
      return { type: 'response_done' };
    case 'error': {
      const error = (event.error ?? {}) as Raw;
      return { type: 'error', message: error.message, code: error.code };
    }
    default:
      return null;
  }
}

function relay(client: WebSocket, upstream: WebSocket, session: Raw, received: string[]): void {
  const send = (message: Raw): void => {
    if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(message));
  };
  upstream.on('message', (data: WebSocket.RawData) => {
    const event = JSON.parse(frameText(data)) as Raw;
    if (event.type === 'session.created') upstream.send(JSON.stringify({ type: 'session.update', session }));
    else if (event.type === 'session.updated') send({ type: 'session_ready' });
    const message = toClient(event);
    if (message !== null) send(message);
  });
  client.on('message', (data: WebSocket.RawData) => {
    const message = JSON.parse(frameText(data)) as Raw;
    received.push(String(message.type));
    if (upstream.readyState !== WebSocket.OPEN) return;
    if (message.type === 'audio') upstream.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: message.audio }));
    else if (message.type === 'text') {
      upstream.send(JSON.stringify({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: message.text }] } }));
      upstream.send(JSON.stringify({ type: 'response.create' }));
    } else send({ type: 'error', message: `unknown message type ${String(message.type)}`, code: 'bad_message' });
  });
  upstream.on('close', () => client.close(1000, 'upstream closed'));
  upstream.on('error', () => client.close(1011, 'upstream error'));
  client.on('close', () => upstream.close());
}

/** Starts the emulator and a FastAPI-shaped relay at `/ws` in front of it. */
export async function startFastApiRelay(options: FastApiRelayOptions = {}): Promise<FastApiRelay> {
  const emulator: RunningEmulator = await startEmulator({ seed: 1, ...options.emulator });
  const received: string[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (client: WebSocket, req: IncomingMessage) => {
    // The reference hint lets the emulator transcribe; a relay on this machine passes it on.
    const hint = req.headers['x-rtbench-reference'];
    const upstream = new WebSocket(`${emulator.url}?model=gpt-realtime`, { headers: typeof hint === 'string' ? { 'x-rtbench-reference': hint } : {} });
    relay(client, upstream, options.session ?? DEFAULT_SESSION, received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    received,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    },
  };
}
