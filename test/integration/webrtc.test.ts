import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

type Row = Record<string, string>;
interface Frame {
  readonly t_ms: number;
  readonly audio_ms: number;
  readonly dir: string;
  readonly event: Record<string, unknown> & { type: string };
}

const ITEM = 'arctic_axb_a0005';

function rows(path: string): Row[] {
  return parse<Row>(readFileSync(path, 'utf8'), { columns: true });
}

function frames(runDir: string, configSuffix: string): Frame[] {
  const config = readdirSync(join(runDir, 'sessions')).find((c) => c.endsWith(configSuffix)) ?? '';
  const [, ...lines] = readFileSync(join(runDir, 'sessions', config, `${ITEM}.1.jsonl`), 'utf8').trim().split('\n');
  return lines.map((l) => JSON.parse(l) as Frame);
}

/** A CSV without its run_id column values (the only column a replay changes). */
function withoutRunId(path: string, runId: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => (line.startsWith(`${runId},`) ? line.slice(runId.length) : line))
    .join('\n');
}

describe('WebRTC beside WebSocket, on loopback with the emulator', () => {
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    const run = await runCli(['run', '--transport', 'websocket,webrtc', '--items', ITEM, '--vad-engine', 'webrtc', '--out', out, '--run-id', 'both']);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);

  it('gives both transports a row with the same turns and transcript, and a transport column', () => {
    const items = rows(join(out, 'both', 'items.csv'));
    expect(items.map((r) => [r.transport, r.status, r.error])).toEqual([
      ['websocket', 'ok', ''],
      ['webrtc', 'ok', ''],
    ]);
    const [ws, rtc] = items;
    expect(rtc?.config_id).toBe(`${ws?.config_id ?? ''}.webrtc`);
    expect(rtc?.hypothesis).toBe(ws?.hypothesis);
    expect(rtc?.turns_detected).toBe('1');
    expect(ws?.turns_detected).toBe('1');
    for (const column of ['connect_ms', 'session_created_ms', 'stopped_to_transcript_ms', 'stopped_to_first_audio_ms', 'mint_ms']) expect(Number(rtc?.[column]), column).toBeGreaterThan(0);
    const summary = rows(join(out, 'both', 'summary.csv'));
    expect(summary.map((r) => r.transport)).toEqual(['websocket', 'webrtc']);
    expect(Number(summary[1]?.connect_ms_p50)).toBeGreaterThan(0);
    expect(summary[1]?.session_created_ms_n).toBe('1');
  });

  it('sends the audio as Opus RTP in 20 ms packets and hears the reply as a track, not as deltas', () => {
    const rtc = frames(join(out, 'both'), '.webrtc');
    const types = rtc.map((f) => f.event.type);
    const appends = rtc.filter((f) => f.dir === 'out' && f.event.type === 'input_audio_buffer.append');
    const packets = rtc.filter((f) => f.event.type === 'rtp.out');
    expect(types.indexOf('webrtc.offer')).toBeLessThan(types.indexOf('webrtc.answer'));
    expect(types.indexOf('webrtc.answer')).toBeLessThan(types.indexOf('open'));
    // One 20 ms packet per append; the last few ms, short of a frame, go out padded before the
    // end-of-audio barrier, the first data-channel event after the audio (ordered after it by its RTP mark).
    const sentMs = appends.at(-1)?.audio_ms ?? 0;
    expect(packets.reduce((n, f) => n + Number(f.event.packets), 0)).toBe(Math.ceil(sentMs / 20));
    const barrier = rtc.findIndex((f) => f.dir === 'out' && f.event.event_id === 'evt_rtbench_barrier');
    expect(barrier).toBeGreaterThan(rtc.indexOf(appends.at(-1) ?? rtc[0]!));
    expect(rtc.slice(barrier).some((f) => f.dir === 'in' && f.event.type === 'session.updated')).toBe(true);
    // Positions from the start of the item's audio, contiguous.
    packets.forEach((p, k) => {
      expect(p.event.offset_ms).toBe(k * 20);
    });
    expect(types).toContain('output_audio_buffer.started');
    expect(types.indexOf('response.done')).toBeLessThan(types.indexOf('output_audio_buffer.stopped'));
    expect(types).not.toContain('response.output_audio.delta');
    const created = rtc.find((f) => f.event.type === 'response.created');
    const firstPacket = rtc.find((f) => f.event.type === 'rtp.in' && f.t_ms >= (created?.t_ms ?? Infinity));
    expect(firstPacket).toBeDefined();
    const turns = rows(join(out, 'both', 'turns.csv')).find((t) => t.config_id?.endsWith('.webrtc'));
    const stopped = rtc.find((f) => f.event.type === 'input_audio_buffer.speech_stopped');
    expect(Number(turns?.stopped_to_first_audio_ms)).toBeCloseTo((firstPacket?.t_ms ?? 0) - (stopped?.t_ms ?? 0), 0);
  });

  it('replays both sessions to the same items, turns and summary', async () => {
    const replay = await runCli(['replay', join(out, 'both'), '--out', out, '--run-id', 'both-replay']);
    expect(replay.code, replay.stderr).toBe(0);
    for (const file of ['items.csv', 'turns.csv', 'summary.csv']) {
      expect(withoutRunId(join(out, 'both-replay', file), 'both-replay'), file).toBe(withoutRunId(join(out, 'both', file), 'both'));
    }
  });

  it('commits over the data channel only after the audio sent before it: a manual commit transcribes all of it', async () => {
    const run = await runCli(['run', '--transport', 'webrtc', '--vad', 'none', '--session', 'transcription', '--items', ITEM, '--vad-engine', 'webrtc', '--out', out, '--run-id', 'manual']);
    expect(run.code, run.stderr).toBe(0);
    const [row] = rows(join(out, 'manual', 'items.csv'));
    expect(row?.status, row?.error).toBe('ok');
    expect(row?.wer).toBe('0');
    // The audio short of a frame went out, padded, before the commit: the track carried every ms appended.
    const sent = frames(join(out, 'manual'), '.webrtc');
    const sentMs = sent.filter((f) => f.event.type === 'input_audio_buffer.append').at(-1)?.audio_ms ?? 0;
    const last = sent.filter((f) => f.event.type === 'rtp.out').at(-1)?.event;
    expect(Number(last?.offset_ms) + Number(last?.length_ms)).toBe(Math.ceil(sentMs / 20) * 20);
  });
});
