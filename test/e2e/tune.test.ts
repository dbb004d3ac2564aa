import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TuneFile } from '../../src/bench/tune/tune-file.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cassettes, finished, rtbench, until } from '../helpers/child.js';
import { buildPausedCorpus } from '../helpers/paused-corpus.js';

// Pauses of 400 ms inside turns and gaps of 1200 ms between them: below ~500 ms of silence
// turns are cut, at 1200 the two turns merge, above that there is nothing left to get wrong but
// the wait itself. The objective charges each cut turn, each merge, and 0.01 per 100 ms of wait,
// so the optimum is the shortest silence that keeps the turns whole: 600 ms of this grid.
const OBJECTIVE = 'min turn_split_rate + turns_merged/8 + silence_duration_ms/10000 subject to wer<0.05';
const SEARCH = ['--session', 'transcription', '--vad-engine', 'webrtc', '--speed', 'max', '--concurrency', '4', '--threshold', '0.3,0.5', '--silence-duration-ms', '200..1400:200', '--objective', OBJECTIVE];

function tuneFile(dir: string): TuneFile {
  const raw = JSON.parse(readFileSync(join(dir, 'tune.json'), 'utf8')) as TuneFile & { schema_version: number };
  return { ...raw, schemaVersion: raw.schema_version };
}

function rows(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
}

/** What must come out the same every time: the rounds' decisions and the answer. */
function decisions(file: TuneFile): unknown {
  return {
    order: file.plan.itemOrder,
    rounds: file.rounds.map((r) => ({ items: r.items, ranking: r.ranking.map((s) => [s.configId, s.objective, s.feasible]), kept: r.kept, stop: r.stop })),
    recommended: file.answer?.recommended?.configId,
    runnersUp: file.answer?.runnersUp.map((c) => [c.configId, c.delta, c.pWorse]),
    gate: file.answer?.gate,
  };
}

describe('rtbench tune against the emulator, on speech with constructed pauses', () => {
  let corpus: string;
  let out: string;
  let first: TuneFile;

  beforeAll(async () => {
    out = tempDir();
    corpus = await buildPausedCorpus(join(out, 'corpus'));
  });

  it('finds the known optimum with fewer sessions than the grid, and writes a config file and a gate that rtbench run takes', async () => {
    const r = await runCli(['tune', '--corpus', corpus, ...SEARCH, '--out', out, '--run-id', 'first']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(out, 'first');
    first = tuneFile(dir);
    expect(first.status).toBe('done');
    expect(first.plan.rounds).toEqual([{ items: 2, settings: 14 }, { items: 4, settings: 5 }]);
    expect(first.sessionsUsed).toBe(14 * 2 + 5 * 2);
    expect(r.stdout).toContain('sessions: 38 of 56 for the full grid (68%), 2 of 2 round(s)');
    expect(rows(join(dir, 'items.csv'))).toHaveLength(38);
    expect(first.answer?.recommended?.configId).toMatch(/\.sv-t0\.3-p300-s600\./);
    // The other threshold finds the same turns at 600 ms: a runner-up, not significantly worse.
    expect(first.answer?.runnersUp.map((c) => c.configId)).toEqual([expect.stringMatching(/\.sv-t0\.5-p300-s600\./)]);
    expect(first.settings).toHaveLength(14);
    expect(first.settings.filter((s) => /-s200\./.test(s.configId)).map((s) => [s.round, s.verdict])).toEqual([[0, 'dropped'], [0, 'dropped']]);

    const config = JSON.parse(readFileSync(join(dir, 'recommended.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ target: 'local', corpus, session: ['transcription'], vad: ['server_vad'], threshold: [0.3], silenceDurationMs: [600], speed: 'max' });
    expect(config.failOn).toEqual(['turn_split_rate + turns_merged/8 + silence_duration_ms/10000 > 0.06', 'wer >= 0.05']);
    expect(readFileSync(join(dir, 'gate.txt'), 'utf8').trim()).toBe((config.failOn as string[]).join(','));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const text of ['<h2>Tuning</h2>', 'data-chart="tune-trade-off"', 'data-chart="tune-false-starts"', 'data-chart="tune-objective"', 'id="tune-settings"', '38 sessions</strong> used, of 56']) expect(html).toContain(text);

    const notRun = await runCli(['run', '--resume', dir]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toContain("this folder is a tune's; finish it with `rtbench tune --resume");

    const check = await runCli(['run', '--config', join(dir, 'recommended.config.json'), '--out', out, '--run-id', 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(rows(join(out, 'check', 'items.csv')).map((row) => row.config_id)).toEqual(Array(4).fill(first.answer?.recommended?.configId));
    // The same gate fails a setting that cuts turns.
    const worse = await runCli(['run', '--config', join(dir, 'recommended.config.json'), '--silence-duration-ms', '200', '--out', out, '--run-id', 'worse']);
    expect(worse.code).toBe(3);
    expect(worse.stdout).toContain('threshold failed: turn_split_rate + turns_merged/8 + silence_duration_ms/10000 > 0.06');
  }, 180_000);

  it('is interrupted after a round has started, and --resume finishes it with the same decisions, keeping what finished', async () => {
    const controller = new AbortController();
    let sessions = 0;
    const stdout = {
      write: (text: string): void => {
        sessions += (text.match(/^\[\s*\d+\/\d+\]/gm) ?? []).length;
        if (sessions >= 20) controller.abort(new Error('interrupted'));
      },
    };
    const code = await (await import('../../src/cli/main.js')).main(['tune', '--corpus', corpus, ...SEARCH, '--out', out, '--run-id', 'again'], { stdout, stderr: stdout, env: {}, cwd: process.cwd(), signal: controller.signal });
    expect(code).toBe(130);
    const dir = join(out, 'again');
    const cut = tuneFile(dir);
    expect(cut.status).toBe('interrupted');
    expect(cut.rounds).toEqual([]);
    const cassettes = readdirSync(join(dir, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
    const kept = new Map(cassettes.map((f) => [f, readFileSync(join(dir, 'sessions', f), 'utf8')]));
    expect(kept.size).toBeGreaterThanOrEqual(20);

    const resumed = await runCli(['tune', '--resume', dir]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resuming: \d+ finished session\(s\) of this round kept from the folder/);
    const done = tuneFile(dir);
    expect(done.status).toBe('done');
    expect(done.resumes).toHaveLength(1);
    expect(done.resumes[0]?.kept).toBeGreaterThanOrEqual(19);
    expect(decisions(done)).toEqual(decisions(first));
    expect(rows(join(dir, 'items.csv'))).toHaveLength(38);
    const untouched = [...kept].filter(([f, text]) => readFileSync(join(dir, 'sessions', f), 'utf8') === text);
    expect(untouched.length).toBe(done.resumes[0]?.kept);
  }, 180_000);
});

describe('rtbench tune killed with SIGKILL (the built bin)', () => {
  it('resumes like run --resume: finished sessions kept, the cut-off one run again, every planned session once', async () => {
    const out = tempDir();
    const corpus = await buildPausedCorpus(join(out, 'corpus'));
    const dir = join(out, 'killed');
    const args = ['--session', 'transcription', '--vad-engine', 'webrtc', '--speed', 'max', '--concurrency', '1', '--threshold', '0.5', '--silence-duration-ms', '200..1400:400', '--eta', '2', '--objective', 'min turn_split_rate + turns_merged/8 + silence_duration_ms/10000'];
    const child = rtbench(['tune', '--corpus', corpus, ...args, '--out', out, '--run-id', 'killed']);
    await until(child, () => finished(dir).length >= 3 && cassettes(dir).length > finished(dir).length, 90_000);
    child.process.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const kept = new Map(finished(dir).map((f) => [f, readFileSync(f, 'utf8')]));
    expect(tuneFile(dir).status).toBe('running');

    const resumed = await rtbench(['tune', '--resume', dir]).exited;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const done = tuneFile(dir);
    expect(done.status).toBe('done');
    expect(done.plan.rounds).toEqual([{ items: 1, settings: 4 }, { items: 2, settings: 2 }, { items: 4, settings: 1 }]);
    expect(done.answer?.recommended?.configId).toMatch(/\.sv-t0\.5-p300-s600\./);
    const sessions = rows(join(dir, 'items.csv')).map((r) => `${r.config_id}/${r.item_id}`);
    expect(sessions).toHaveLength(4 + 2 + 2);
    expect(new Set(sessions).size).toBe(sessions.length);
    expect(done.resumes[0]?.kept).toBe(kept.size);
    for (const [file, text] of kept) expect(readFileSync(file, 'utf8'), file).toBe(text);
  }, 180_000);
});

describe('rtbench tune on a corpus with a line it cannot read', () => {
  it('leaves the line out of the search and says so', async () => {
    const out = tempDir();
    const corpus = await buildPausedCorpus(join(out, 'corpus'), { items: 1 });
    appendFileSync(join(corpus, 'manifest.jsonl'), '{"id": "broken", "audio": 5}\n');
    const r = await runCli(['tune', '--corpus', corpus, '--session', 'transcription', '--vad-engine', 'webrtc', '--speed', 'max', '--silence-duration-ms', '600', '--objective', 'min turn_split_rate', '--out', out, '--run-id', 'one']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/left out of the search \(its manifest line cannot be read\): broken: /);
    const file = tuneFile(join(out, 'one'));
    expect(file.plan).toMatchObject({ itemOrder: ['paused_0'], fullGridSessions: 1, rounds: [{ items: 1, settings: 1 }] });
    expect(file.answer?.recommended?.configId).toMatch(/-s600\./);
    expect(readFileSync(join(out, 'one', 'report.html'), 'utf8')).toContain('<strong>Left out of the search:</strong><ul><li>broken: ');
  });
});

describe('rtbench tune refuses what it cannot do (exit 2)', () => {
  it('names each problem at once', async () => {
    const r = await runCli(['tune', '--threshold', '0.9..0.2', '--silence-duration-ms', '200..1500:0', '--shard', '1/2', '--fail-on', 'wer>0.1', '--objective', 'min turn_split_rate + latency']);
    expect(r.code).toBe(2);
    for (const text of ['--shard cannot be given to rtbench tune', '--fail-on cannot be given to rtbench tune', '--threshold 0.9..0.2: the range ends below where it starts', '--silence-duration-ms 200..1500:0: the step must be above 0', '--objective: unknown metric "latency"']) {
      expect(r.stderr).toContain(text);
    }
    const none = await runCli(['tune']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--objective is required');
    const notTune = await runCli(['tune', '--resume', tempDir()]);
    expect(notTune.code).toBe(2);
    expect(notTune.stderr).toContain('no tune.json here');
  });
});
