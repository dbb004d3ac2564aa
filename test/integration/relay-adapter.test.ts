import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startFastApiRelay, type FastApiRelay } from '../helpers/fastapi-relay.js';

/** A relay with its own message shapes, run, recorded and scored through examples/fastapi-relay.adapter.json. */

const ADAPTER = join(process.cwd(), 'examples', 'fastapi-relay.adapter.json');
const ITEMS = 'arctic_axb_a0005,lj001_0002';

let relay: FastApiRelay | null = null;
afterEach(async () => {
  await relay?.close();
  relay = null;
});

function rows(runDir: string, file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(runDir, file), 'utf8'), { columns: true });
}

async function run(target: string, args: string[]) {
  const out = tempDir();
  const result = await runCli(['run', '--target', target, '--adapter', ADAPTER, '--speed', 'max', '--out', out, '--run-id', 'r', ...args]);
  return { ...result, runDir: join(out, 'r') };
}

describe('a FastAPI-shaped relay through --adapter', () => {
  it('runs and scores it like the service: response latencies measured, what it hides blank and said so', async () => {
    relay = await startFastApiRelay();
    const { code, stderr, stdout, runDir } = await run(relay.url, ['--items', ITEMS, '--save-audio']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The relay heard its own shapes only.
    expect(new Set(relay.received)).toEqual(new Set(['audio']));
    const items = rows(runDir, 'items.csv');
    expect(items.map((i) => [i.item_id, i.status, i.adapter])).toEqual([['arctic_axb_a0005', 'ok', 'fastapi-relay'], ['lj001_0002', 'ok', 'fastapi-relay']]);
    for (const item of items) {
      // No transcripts and no VAD events: not measured, so blank — not WER 1, not 0 turns.
      expect(item).toMatchObject({ wer: '', ref_words: '', turns_expected: '1', turns_detected: '', false_starts: '', turns_split: '', stopped_to_first_audio_ms: '', stopped_to_transcript_ms: '', silent_server: 'false' });
      expect(item.warnings).toContain('the relay (adapter fastapi-relay) exposes no VAD events or input transcripts: turn detection, the stopped_to_* latencies, WER and CER are blank (not measured)');
      expect(item.warnings).toContain('takes no session.update: its own session settings apply');
      expect(Number(item.session_ready_ms)).toBeGreaterThan(0);
      expect(Number(item.speech_end_to_first_audio_ms)).toBeGreaterThan(0);
      expect(Number(item.speech_end_to_response_done_ms)).toBeGreaterThan(Number(item.speech_end_to_first_audio_ms));
      expect(Number(item.audio_bytes_received)).toBeGreaterThan(0);
    }
    const turns = rows(runDir, 'turns.csv');
    expect(turns).toHaveLength(2);
    for (const turn of turns) {
      expect(turn).toMatchObject({ expected_turn: '0', speech_stopped_ms: '', server_item_id: '' });
      expect(turn.reply_text).not.toBe('');
      expect(existsSync(join(runDir, turn.audio_file ?? 'none'))).toBe(true);
    }
    const [summary] = rows(runDir, 'summary.csv');
    expect(summary).toMatchObject({ wer: '', turns_expected: '2', turns_detected: '', turns_split: '', false_starts: '', silent_sessions: '0', speech_end_to_response_done_ms_n: '2' });
    expect(stdout).toMatch(/response latency per model/);
  });

  it('records protocol events, each marked with the relay message it came from, and replays them to the same scores', async () => {
    relay = await startFastApiRelay();
    const { code, runDir } = await run(relay.url, ['--items', 'arctic_axb_a0005']);
    expect(code).toBe(0);
    const [config = ''] = readdirSync(join(runDir, 'sessions'));
    const cassette = parseCassette(readFileSync(join(runDir, 'sessions', config, 'arctic_axb_a0005.1.jsonl'), 'utf8'), 'c');
    expect(cassette.meta.adapter).toMatchObject({ name: 'fastapi-relay', barrier: 'responses', takes_session_update: false });
    const received = cassette.events.filter((f) => f.dir === 'in').map((f) => [f.event.type, (f.event.rtbench_relay as Record<string, unknown> | undefined)?.type ?? 'synthesized']);
    expect(received[0]).toEqual(['session.created', 'session_ready']);
    expect(received).toContainEqual(['response.output_audio.delta', 'audio_delta']);
    expect(received.at(-1)).toEqual(['session.updated', 'synthesized']);
    const replayed = await runCli(['replay', runDir, '--out', join(runDir, '..'), '--run-id', 'again']);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    const pick = (dir: string) => rows(dir, 'items.csv').map((i) => [i.item_id, i.status, i.wer, i.turns_detected, i.speech_end_to_first_audio_ms, i.speech_end_to_response_done_ms]);
    expect(pick(join(runDir, '..', 'again'))).toEqual(pick(runDir));
  });

  it('ends with a timeout naming the barrier when the relay answers fewer turns than the item has', async () => {
    // The relay waits 3 s of silence to end a turn, so the item's four expected turns (at 500 ms) get one answer.
    const session = { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad', silence_duration_ms: 3000 } } } };
    relay = await startFastApiRelay({ session });
    const { code, runDir } = await run(relay.url, ['--items', 'jfk_16k_wav', '--turn-timeout-ms', '8000', '--tail-silence-ms', '4000']);
    expect(code).toBe(0);
    const [item] = rows(runDir, 'items.csv');
    expect(item).toMatchObject({ status: 'error', state: 'timed-out', turns_expected: '4' });
    expect(item?.error).toContain('the answer to the session.update sent after the last audio (the end-of-audio barrier)');
  });

  it('refuses --adapter without a relay to talk to, and an adapter file that is not one', async () => {
    const local = await runCli(['run', '--adapter', ADAPTER, '--speed', 'max']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain(`--adapter ${ADAPTER}: an adapter maps a relay's messages, so it needs --target ws://… or wss://… (the relay), not --target local`);
    const bad = await runCli(['run', '--target', 'ws://127.0.0.1:9/ws', '--adapter', join(process.cwd(), 'package.json'), '--speed', 'max']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--adapter .*package\.json: the file: unknown field\(s\) version, type/);
    expect(bad.stderr).toContain('send.audio is missing: name the message that carries audio');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
