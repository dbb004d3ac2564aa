/**
 * The realtime code of an imaginary dictation app: it opens a transcription session with server
 * VAD, streams 24 kHz PCM16 audio, and collects what the server says. This is the code under
 * test in dictation-client.test.ts; rtbench provides the server it talks to.
 */
import WebSocket from 'ws';

type ServerEvent = { readonly type: string } & Record<string, unknown>;

/** What the app asks of the server. */
export interface DictationOptions {
  /** server_vad silence that ends a turn. */
  readonly silenceDurationMs: number;
}

/** One dictation session: what the app sends, and every event the server sent back. */
export class DictationClient {
  readonly events: ServerEvent[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    // Listening before the socket opens: a server may send session.created in the same packet as the upgrade.
    socket.on('message', (data: Buffer) => {
      this.events.push(JSON.parse(data.toString('utf8')) as ServerEvent);
      for (const wake of this.waiters) wake();
    });
  }

  /** Connects to a realtime endpoint (`wss://api.openai.com/v1/realtime`, or a test server's URL) and configures the session. */
  static async open(baseUrl: string, options: DictationOptions): Promise<DictationClient> {
    const url = new URL(baseUrl);
    url.searchParams.set('intent', 'transcription');
    const socket = new WebSocket(url);
    const client = new DictationClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    client.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: options.silenceDurationMs } } },
      },
    });
    await client.until((events) => events.some((e) => e.type === 'session.updated'));
    return client;
  }

  /** Streams audio in 40 ms appends (unpaced: servers under test take it as fast as it comes). */
  sendAudio(pcm: Buffer): void {
    const chunk = 24000 * 2 * 0.04;
    for (let at = 0; at < pcm.length; at += chunk) this.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(at, at + chunk).toString('base64') });
  }

  /** Ends of turns the server detected so far. */
  turns(): number {
    return this.events.filter((e) => e.type === 'input_audio_buffer.speech_stopped').length;
  }

  /** Final transcripts so far, in the order of their turns (transcripts may arrive out of order). */
  transcripts(): string[] {
    const byItem = new Map(this.events.filter((e) => e.type === 'conversation.item.input_audio_transcription.completed').map((e) => [e.item_id, String(e.transcript)]));
    return this.events.filter((e) => e.type === 'input_audio_buffer.committed' && byItem.has(e.item_id)).map((e) => byItem.get(e.item_id) ?? '');
  }

  /** Resolves when `done` holds for the events so far; rejects after `timeoutMs` (a server that never answers). */
  until(done: (events: readonly ServerEvent[]) => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done(this.events)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no answer within ${timeoutMs} ms; events so far: ${this.events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }

  private send(event: object): void {
    this.socket.send(JSON.stringify(event));
  }
}
