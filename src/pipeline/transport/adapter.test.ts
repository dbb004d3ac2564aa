import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRelayAdapter, type RelayAdapter } from '../../config/adapter-file.js';
import { appendEvent } from '../protocol/append.js';
import { adapterRecord, createAdapterTransport } from './adapter.js';
import { createHandlerSet, type Transport } from './transport.js';

/** The relay's socket, driven by hand: what the adapter sent, and messages pushed as the relay's. */
function relaySocket(): Transport & { sent: Record<string, unknown>[]; push(message: Record<string, unknown>): void } {
  const { handlers, subscribe } = createHandlerSet();
  const sent: Record<string, unknown>[] = [];
  return {
    sent,
    subscribe,
    push: (message) => {
      handlers.onEvent(message);
    },
    connect: () => {
      const info = { url: 'ws://relay', emulated: false };
      handlers.onOpen?.(info);
      return Promise.resolve(info);
    },
    send: (event) => {
      sent.push(event);
    },
    close: () => undefined,
  };
}

const FASTAPI = ((): RelayAdapter => {
  const problems: string[] = [];
  const adapter = parseRelayAdapter(JSON.parse(readFileSync('examples/fastapi-relay.adapter.json', 'utf8')), problems);
  if (adapter === null) throw new Error(problems.join('\n'));
  return adapter;
})();

const SPEC = { format: 'pcm16', rateHz: 24000 } as const;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function open(adapter: RelayAdapter, expectedTurnEndsMs: number[]) {
  const socket = relaySocket();
  const transport = createAdapterTransport(socket, { adapter, spec: SPEC, expectedTurnEndsMs });
  const events: Record<string, unknown>[] = [];
  transport.subscribe({ onEvent: (e) => events.push(e), onClose: () => undefined });
  return { socket, transport, events, types: () => events.map((e) => e.type) };
}

describe('a relay through the FastAPI adapter', () => {
  it('sends audio and text in the relay\'s shapes and maps its messages to protocol events', async () => {
    const { socket, transport, events, types } = open(FASTAPI, []);
    await transport.connect(new AbortController().signal);
    socket.push({ type: 'session_ready' });
    transport.send(appendEvent(Buffer.from([1, 0, 2, 0])));
    transport.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] } });
    expect(socket.sent).toEqual([{ type: 'audio', audio: Buffer.from([1, 0, 2, 0]).toString('base64') }, { type: 'text', text: 'hello' }]);
    socket.push({ type: 'audio_delta', audio: 'AAAA' });
    socket.push({ type: 'text_delta', text: 'Hi' });
    socket.push({ type: 'response_done' });
    socket.push({ type: 'error', message: 'upstream went away', code: 'upstream' });
    socket.push({ type: 'heartbeat' });
    expect(types()).toEqual(['session.created', 'response.created', 'response.output_audio.delta', 'response.output_text.delta', 'response.done', 'error', 'relay.heartbeat']);
    expect(events[2]).toMatchObject({ response_id: 'resp_relay_1', delta: 'AAAA', rtbench_relay: { type: 'audio_delta' } });
    expect(events[1]).toMatchObject({ rtbench_relay: { synthesized: expect.stringContaining('first delta') as unknown } });
    expect(events[5]).toMatchObject({ error: { code: 'upstream', message: 'upstream went away' } });
  });

  it('answers a session.update once the relay has answered every expected turn ending in the audio sent before it', async () => {
    const { socket, transport, events, types } = open(FASTAPI, [100, 300]);
    await transport.connect(new AbortController().signal);
    // Before any audio nothing is owed: the setup is answered at once, and not sent to the relay.
    transport.send({ type: 'session.update', session: { type: 'realtime' } });
    await tick();
    expect(types()).toEqual(['session.updated']);
    expect(socket.sent).toEqual([]);
    // 400 ms of audio: both turns ended in it, so the barrier waits for two responses.
    transport.send(appendEvent(Buffer.alloc(2 * 24 * 400)));
    transport.send({ type: 'session.update', session: { type: 'realtime' } });
    await tick();
    socket.push({ type: 'audio_delta', audio: 'AAAA' });
    socket.push({ type: 'response_done' });
    await tick();
    expect(types().filter((t) => t === 'session.updated')).toHaveLength(1);
    socket.push({ type: 'audio_delta', audio: 'AAAA' });
    await tick();
    expect(types().filter((t) => t === 'session.updated')).toHaveLength(1);
    socket.push({ type: 'response_done' });
    expect(types().slice(-2)).toEqual(['response.done', 'session.updated']);
    expect(events.at(-1)).toMatchObject({ rtbench_relay: { synthesized: expect.stringContaining('2 response(s)') as unknown } });
  });

  it('answers what the relay cannot take with an error that names the event', async () => {
    const { transport, events } = open(FASTAPI, []);
    await transport.connect(new AbortController().signal);
    transport.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    await tick();
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'unsupported_by_relay', event_id: 'evt_commit', message: 'the relay (adapter fastapi-relay) has no message for input_audio_buffer.commit' }) as unknown }),
    ]);
  });

  it('forwards session.update to a relay that takes it, and passes on its acknowledgement, with nested fields', async () => {
    const problems: string[] = [];
    const adapter = parseRelayAdapter({
      type_field: 'kind',
      send: { audio: { type: 'in.audio', field: 'data.pcm' }, session_update: { type: 'configure', field: 'config' } },
      receive: { audio_delta: { type: 'out.audio', field: 'data.pcm' }, response_done: { type: 'out.done' }, session_updated: { type: 'configured' } },
    }, problems);
    expect(problems).toEqual([]);
    if (adapter === null) return;
    const { socket, transport, types } = open(adapter, [100]);
    await transport.connect(new AbortController().signal);
    await tick();
    transport.send({ type: 'session.update', session: { instructions: 'x' } });
    transport.send(appendEvent(Buffer.from([0, 0])));
    expect(socket.sent).toEqual([{ kind: 'configure', config: { instructions: 'x' } }, { kind: 'in.audio', data: { pcm: 'AAA=' } }]);
    socket.push({ kind: 'configured' });
    socket.push({ kind: 'out.audio', data: { pcm: 'AAAA' } });
    expect(types()).toEqual(['session.created', 'session.updated', 'response.created', 'response.output_audio.delta']);
    expect(adapterRecord(adapter)).toMatchObject({ barrier: 'relay', takes_session_update: true, exposes: ['response.output_audio.delta', 'response.done', 'session.updated'] });
  });
});

describe('parseRelayAdapter', () => {
  it('names every problem of a file that is not an adapter', () => {
    const problems: string[] = [];
    expect(parseRelayAdapter({ send: { audio: { type: 'audio' }, video: {} }, receive: { text_delta: { field: 'text' } }, response_audio: { format: 'opus' } }, problems)).toBeNull();
    expect(problems).toEqual([
      'send: unknown role(s) video (known: audio, text, session_update)',
      'send.audio.field is missing: name the field that holds the payload',
      'receive.response_done is missing: name the message that ends a response',
      'receive.text_delta must be {"type": "<the relay\'s message type>", "field": "<where the payload is>"}',
      'response_audio.format must be pcm16, g711_ulaw or g711_alaw, not "opus"',
    ]);
  });
});
