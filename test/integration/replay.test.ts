import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** A CSV with its run_id column (the first) blanked: the only column allowed to differ between a run and its replay. */
function withoutRunId(path: string, runId: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => (line.startsWith(`${runId},`) ? line.slice(runId.length) : line))
    .join('\n');
}

function cassettes(runDir: string): string[] {
  return readdirSync(join(runDir, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => join(runDir, 'sessions', f));
}

describe('replay of a run on the emulator', () => {
  let out: string;
  const items = 'syn_gaps_300_600_1200ms_16k,syn_no_speech_silence_then_noise_16k,lj001_0002,uberi_one_two_three';

  beforeAll(async () => {
    out = tempDir();
    const common = ['--speed', 'max', '--items', items, '--out', out, '--concurrency', '4'];
    const ga = await runCli(['run', ...common, '--run-id', 'ga', '--threshold', '0.4,0.6', '--silence-duration-ms', '300,800', '--vad', 'server_vad,none']);
    expect(ga.code, ga.stderr).toBe(0);
    const beta = await runCli(['run', ...common, '--run-id', 'beta', '--protocol', 'beta', '--session', 'realtime,transcription']);
    expect(beta.code, beta.stderr).toBe(0);
  }, 120_000);

  it.each(['ga', 'beta'])('gives the same items, turns and summary as the %s run', async (runId) => {
    const replay = await runCli(['replay', join(out, runId), '--out', out, '--run-id', `${runId}-replay`]);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/replayed \d+ session\(s\)/);
    for (const file of ['items.csv', 'turns.csv', 'summary.csv']) {
      expect(withoutRunId(join(out, `${runId}-replay`, file), `${runId}-replay`), file).toBe(withoutRunId(join(out, runId, file), runId));
    }
  });

  it('replays a run with kept audio from the audio itself', async () => {
    const kept = await runCli(['run', '--speed', 'max', '--items', 'lj001_0002', '--out', out, '--run-id', 'kept', '--keep-audio']);
    expect(kept.code, kept.stderr).toBe(0);
    const [file] = cassettes(join(out, 'kept'));
    expect(readFileSync(file ?? '', 'utf8')).toMatch(/"type":"input_audio_buffer.append","audio":"[A-Za-z0-9+/]/);
    const replay = await runCli(['replay', join(out, 'kept'), '--out', out, '--run-id', 'kept-replay']);
    expect(replay.stderr).toBe('');
    for (const file of ['items.csv', 'turns.csv', 'summary.csv']) {
      expect(withoutRunId(join(out, 'kept-replay', file), 'kept-replay'), file).toBe(withoutRunId(join(out, 'kept', file), 'kept'));
    }
  });

  it('keeps the recorded send times of a paced run, chunks a live pacer released early included', async () => {
    // A long tail: every server event comes before the last chunk, so the barrier is the last thing the session waits for.
    const paced = await runCli(['run', '--speed', '2', '--tail-silence-ms', '4000', '--items', 'arctic_axb_a0005', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'paced']);
    expect(paced.code, paced.stderr).toBe(0);
    const [file = ''] = cassettes(join(out, 'paced'));
    const [header = '', ...frames] = readFileSync(file, 'utf8').trim().split('\n');
    const parsed = frames.map((l) => JSON.parse(l) as { t_ms: number; dir: string; event: { type: string } });
    // As a loaded machine's pacer does (it releases a chunk its timer woke for up to 1 ms before
    // it is due): the last chunk and the barrier after it went out 3 ms early. Replayed on the
    // pacer's schedule, the session would send them later than the recorded answer to the barrier.
    const last = parsed.map((f) => f.dir === 'out' && f.event.type === 'input_audio_buffer.append').lastIndexOf(true);
    expect(parsed.slice(last + 1).map((f) => f.event.type)).toEqual(['session.update', 'session.updated', 'close', 'end']);
    expect(parsed[last]?.t_ms ?? 0).toBeGreaterThan((parsed[last - 1]?.t_ms ?? 0) + 3);
    const shifted = parsed.map((f, i) => (i === last || i === last + 1 ? { ...f, t_ms: Math.round((f.t_ms - 3) * 1000) / 1000 } : f));
    const dir = tempDir();
    writeFileSync(join(dir, 'early.jsonl'), [header, ...shifted.map((f) => JSON.stringify(f))].join('\n') + '\n');
    const replay = await runCli(['replay', join(dir, 'early.jsonl'), '--out', dir, '--run-id', 'early']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(readFileSync(join(dir, 'early', 'items.csv'), 'utf8')).not.toContain('replay diverged');
  });

  it('replays single cassettes too', async () => {
    const files = cassettes(join(out, 'ga')).slice(0, 2);
    const replay = await runCli(['replay', ...files, '--out', out, '--run-id', 'two']);
    expect(replay.code).toBe(0);
    expect(readFileSync(join(out, 'two', 'items.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('reports a session that no longer sends what it sent', async () => {
    const [file] = cassettes(join(out, 'ga')).filter((f) => f.includes('lj001_0002'));
    const dir = tempDir();
    const lines = readFileSync(file ?? '', 'utf8').split('\n');
    const update = lines.findIndex((l) => l.includes('"dir":"out"') && l.includes('session.update'));
    lines[update] = (lines[update] ?? '').replace('"type":"session.update"', '"type":"session.reconfigure"');
    writeFileSync(join(dir, 'edited.jsonl'), lines.join('\n'));
    const replay = await runCli(['replay', join(dir, 'edited.jsonl'), '--out', dir, '--run-id', 'edited']);
    expect(replay.stderr).toContain(`line ${update + 1}: the recording sent session.reconfigure, the session sent session.update`);
    expect(readFileSync(join(dir, 'edited', 'items.csv'), 'utf8')).toContain('replay diverged');
  });

  it('names the line of a damaged cassette and refuses a newer format', async () => {
    const dir = tempDir();
    const [file] = cassettes(join(out, 'ga'));
    const lines = readFileSync(file ?? '', 'utf8').split('\n');
    writeFileSync(join(dir, 'damaged.jsonl'), [...lines.slice(0, 3), '{"t_ms":', ...lines.slice(3)].join('\n'));
    const damaged = await runCli(['replay', join(dir, 'damaged.jsonl'), '--out', dir]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/damaged\.jsonl line 4: not valid JSON/);
    const header = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    writeFileSync(join(dir, 'newer.jsonl'), [JSON.stringify({ ...header, schema_version: 2 }), ...lines.slice(1)].join('\n'));
    const newer = await runCli(['replay', join(dir, 'newer.jsonl'), '--out', dir]);
    expect(newer.code).toBe(2);
    expect(newer.stderr).toMatch(/newer\.jsonl line 1: schema_version 2 is newer than this rtbench reads \(1\); upgrade rtbench/);
  });

  it('says what to give when the source is missing', async () => {
    const r = await runCli(['replay', '/nonexistent/run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/run does not exist');
  });
});
