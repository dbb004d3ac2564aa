import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/pipeline/cassette.js';
import type { SessionRecord } from '../../src/pipeline/record.js';
import { frameText } from '../../src/pipeline/transport/ws.js';
import { serverFrames } from '../../src/replay/replay-schedule.js';
import { startReplayServer, type RunningReplayServer } from '../../src/replay/replay-server.js';
import { recordOneSession, runCli, tempDir } from '../helpers/cli.js';

function items(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
}

describe('the replay server', () => {
  let dir: string;
  let record: SessionRecord;
  let server: RunningReplayServer;

  beforeAll(async () => {
    dir = tempDir();
    const path = await recordOneSession(dir, 'syn_gaps_300_600_1200ms_16k');
    record = parseCassette(readFileSync(path, 'utf8'), path);
    server = await startReplayServer({ records: [record], timing: 'audio' });
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('answers a real client with the recorded events, VAD events included, and the same scores', async () => {
    const r = await runCli(['run', '--target', server.url, '--speed', 'max', '--items', 'syn_gaps_300_600_1200ms_16k', '--out', dir, '--run-id', 'against-replay']);
    expect(r.code, r.stderr).toBe(0);
    const [replayed] = items(join(dir, 'against-replay', 'items.csv'));
    const [orig] = items(join(dir, 'orig', 'items.csv'));
    for (const column of ['status', 'hypothesis', 'wer', 'turns_expected', 'turns_detected', 'onset_error_ms', 'offset_error_ms']) expect(replayed?.[column], column).toBe(orig?.[column]);
  });

  it('holds VAD events until the client has sent the audio they were about', async () => {
    const ws = new WebSocket(server.url);
    const received: { type: string; atAudioMs: number }[] = [];
    let sentMs = 0;
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    let stoppedSeen: () => void = () => undefined;
    const stoppedArrived = new Promise<void>((resolve) => (stoppedSeen = resolve));
    ws.on('message', (data: Buffer) => {
      const type = (JSON.parse(data.toString()) as { type: string }).type;
      received.push({ type, atAudioMs: sentMs });
      if (type === 'input_audio_buffer.speech_stopped') stoppedSeen();
    });
    const started = record.events.find((f) => f.dir === 'in' && f.event.type === 'input_audio_buffer.speech_started');
    for (let i = 0; i < 160; i++) {
      ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: Buffer.alloc(1920).toString('base64') }));
      sentMs += 40;
      await new Promise((r) => setTimeout(r, 5));
    }
    await stoppedArrived;
    ws.close();
    const first = received.find((e) => e.type === 'input_audio_buffer.speech_started');
    expect(first).toBeDefined();
    // the recorded onset: audio_start_ms + prefix_padding_ms (300)
    const onsetMs = Number(started?.event.audio_start_ms) + 300;
    expect(first?.atAudioMs).toBeGreaterThanOrEqual(onsetMs);
    expect(first?.atAudioMs).toBeLessThan(onsetMs + 200);
    const stopped = received.find((e) => e.type === 'input_audio_buffer.speech_stopped');
    const recordedStop = record.events.find((f) => f.dir === 'in' && f.event.type === 'input_audio_buffer.speech_stopped');
    expect(stopped?.atAudioMs).toBeGreaterThanOrEqual(Number(recordedStop?.event.audio_end_ms));
    expect(received[0]?.type).toBe('session.created');
  });

  it('follows the recorded offsets with a speed factor', async () => {
    const fast = await startReplayServer({ records: [record], timing: 'offset', speed: 4 });
    const ws = new WebSocket(fast.url);
    const opened = performance.now();
    // Every recorded server event but the answer to the recorded barrier, which the server gives
    // when a client sends one.
    const expected = serverFrames(record);
    const received: { type: string; atMs: number }[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        received.push({ type: (JSON.parse(frameText(data)) as { type: string }).type, atMs: performance.now() - opened });
        if (received.length === expected.length) resolve();
      });
    });
    ws.close();
    await fast.close();
    expect(received.map((r) => r.type)).toEqual(expected.map((f) => f.event.type));
    // Never earlier than the recorded offset at four times the speed (later is the machine's load).
    const open = record.events.find((f) => f.event.type === 'open')?.tMs ?? 0;
    for (const [i, r] of received.entries()) expect(r.atMs).toBeGreaterThanOrEqual(((expected[i]?.tMs ?? 0) - open) / 4 - 2);
  });
});
