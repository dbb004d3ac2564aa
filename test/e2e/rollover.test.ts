import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUserProfiles } from '../../src/emulator/profiles.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { runCli, tempDir } from '../helpers/cli.js';

type Row = Record<string, string>;
interface Line {
  readonly t_ms: number;
  readonly audio_ms: number;
  readonly dir: string;
  readonly event: Record<string, unknown>;
}

/** Fast answers and no word errors: a transcript that covers the whole item equals its reference. */
const EXACT = withUserProfiles({
  schema_version: 1,
  models: { default: { transcript_completed_ms: { median: 20, p95: 40 }, transcript_delta_gap_ms: { median: 1, p95: 2 }, response_first_audio_ms: { median: 20, p95: 40 }, word_errors: { substitution: 0, deletion: 0, insertion: 0 } } },
});
const ITEM = 'syn_gaps_300_600_1200ms_16k';

interface Ran {
  readonly runDir: string;
  readonly item: Row;
  readonly turns: Row[];
  readonly cassette: Line[];
}

async function run(emulator: RunningEmulator, out: string, runId: string, extra: string[] = []): Promise<Ran> {
  const r = await runCli(['run', '--target', emulator.url, '--items', ITEM, '--speed', '4', '--out', out, '--run-id', runId, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const runDir = join(out, runId);
  const [configDir = ''] = readdirSync(join(runDir, 'sessions'));
  const cassette = readFileSync(join(runDir, 'sessions', configDir, `${ITEM}.1.jsonl`), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as Line);
  const [item = {}] = parse<Row>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true });
  return { runDir, item, turns: parse<Row>(readFileSync(join(runDir, 'turns.csv'), 'utf8'), { columns: true }), cassette };
}

const framesOf = (c: Line[], type: string): Line[] => c.filter((l) => l.dir === 'ws' && l.event.type === type);
const appends = (c: Line[]): Line[] => c.filter((l) => l.dir === 'out' && l.event.type === 'input_audio_buffer.append');

describe('a session longer than the server allows, rolled over and scored as one', () => {
  let short: RunningEmulator;
  let long: RunningEmulator;
  let out: string;
  let rolled: Ran;
  let whole: Ran;

  beforeAll(async () => {
    // 1.5 s of wall clock per session at 4× real time: about 6 s of the item's 13.5 s per socket.
    short = await startEmulator({ vad: webrtcVad, profiles: EXACT, maxSessionMs: 1500 });
    long = await startEmulator({ vad: webrtcVad, profiles: EXACT });
    out = tempDir();
    rolled = await run(short, out, 'rolled');
    whole = await run(long, out, 'whole');
  }, 60_000);

  afterAll(async () => {
    await short.close();
    await long.close();
  });

  it('goes on on a new socket each time the session expires, and ends ok', () => {
    const rollovers = framesOf(rolled.cassette, 'rollover');
    expect(rollovers.length).toBeGreaterThanOrEqual(1);
    expect(framesOf(rolled.cassette, 'open')).toHaveLength(rollovers.length + 1);
    expect(rolled.item).toMatchObject({ status: 'ok', state: 'completed', error: '', attempts: '1' });
    expect(rolled.item.warnings).toMatch(/^rolled over to a new session after session_expired at \d+ ms of audio; audio from \d+ ms sent again/);
    // Each rollover follows the old socket's session_expired and its close 1001.
    for (const r of rollovers) {
      const before = rolled.cassette.slice(0, rolled.cassette.indexOf(r));
      expect(before.filter((l) => l.dir === 'in' && (l.event.error as { code?: string } | undefined)?.code === 'session_expired').length).toBeGreaterThan(0);
      expect(framesOf(before, 'close').at(-1)?.event.code).toBe(1001);
      expect(r.event).toMatchObject({ reason: 'session_expired' });
      expect(Number(r.event.audio_offset_ms)).toBeLessThanOrEqual(Number(r.event.sent_ms));
    }
  });

  it('covers the whole item: every word, every turn, all the audio once', () => {
    expect(rolled.item.hypothesis).toBe(rolled.item.reference);
    expect(rolled.item.wer).toBe('0');
    expect(rolled.item).toMatchObject({ turns_expected: '3', turns_detected: '3', turns_split: '0', turns_merged: '0', false_starts: '0' });
    expect(rolled.item.audio_ms).toBe(whole.item.audio_ms);
    expect(appends(rolled.cassette).at(-1)?.audio_ms).toBe(appends(whole.cassette).at(-1)?.audio_ms);
  });

  it('sends again, decoded anew, the very bytes it had sent at those positions', () => {
    const hashAt = (c: Line[]): Map<number, string> => new Map(appends(c).map((l) => [l.audio_ms, String((l.event.audio as { sha256?: string }).sha256)]));
    const original = hashAt(whole.cassette);
    const firstRollover = rolled.cassette.indexOf(framesOf(rolled.cassette, 'rollover')[0] as Line);
    const resent = appends(rolled.cassette.slice(firstRollover));
    expect(resent.length).toBeGreaterThan(0);
    for (const l of resent) expect((l.event.audio as { sha256?: string }).sha256, `append ending at ${l.audio_ms} ms`).toBe(original.get(l.audio_ms));
  });

  it('puts each turn where the uninterrupted session heard it, on the item audio clock', () => {
    expect(rolled.turns.map((t) => t.transcript)).toEqual(whole.turns.map((t) => t.transcript));
    for (const [i, t] of rolled.turns.entries()) {
      const w = whole.turns[i] ?? {};
      // The VAD frames of a new socket start where its audio does: within two 20 ms frames.
      expect(Math.abs(Number(t.audio_start_ms) - Number(w.audio_start_ms)), `turn ${i} start`).toBeLessThanOrEqual(40);
      expect(Math.abs(Number(t.audio_end_ms) - Number(w.audio_end_ms)), `turn ${i} end`).toBeLessThanOrEqual(40);
      expect(Number(t.stopped_to_transcript_ms)).toBeGreaterThan(0);
    }
  });

  it('replays offline to the same scores, and re-scores from its cassette to the same rows', async () => {
    const replay = await runCli(['replay', rolled.runDir, '--out', out, '--run-id', 'replayed']);
    expect(replay.code, replay.stderr).toBe(0);
    const strip = (dir: string): string[] => readFileSync(join(dir, 'items.csv'), 'utf8').split('\n').map((l) => l.replace(/^[^,]+,/, ''));
    expect(strip(join(out, 'replayed'))).toEqual(strip(rolled.runDir));
    const before = readFileSync(join(rolled.runDir, 'turns.csv'), 'utf8');
    const report = await runCli(['report', rolled.runDir]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(rolled.runDir, 'turns.csv'), 'utf8')).toBe(before);
  });

  it('fails with the reason when a single turn is longer than a whole session', async () => {
    const tiny = await startEmulator({ vad: webrtcVad, profiles: EXACT, maxSessionMs: 250 });
    try {
      const r = await runCli(['run', '--target', tiny.url, '--items', ITEM, '--speed', '1', '--out', out, '--run-id', 'tiny']);
      expect(r.code, r.stderr).toBe(0);
      const [row = {}] = parse<Row>(readFileSync(join(out, 'tiny', 'items.csv'), 'utf8'), { columns: true });
      expect(row).toMatchObject({ status: 'error', state: 'errored', attempts: '1' });
      expect(row.error).toMatch(/^session_expired during (streaming|setup).*: Your session hit the maximum duration/);
    } finally {
      await tiny.close();
    }
  });
});
