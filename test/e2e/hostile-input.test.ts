import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_REALTIME_MODELS } from '../../src/config/models.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';
import { writeHostileCorpus, type HostileCase } from '../helpers/hostile-corpus.js';

type Row = Record<string, string>;

describe('a corpus of hostile input', () => {
  let cases: HostileCase[];
  let run: CliRun;
  let rows: Row[];
  let runDir: string;

  beforeAll(async () => {
    const root = tempDir('rtbench-hostile-');
    const corpus = join(root, 'corpus');
    mkdirSync(corpus);
    cases = writeHostileCorpus(corpus, join(root, 'outside'));
    const out = join(root, 'results');
    run = await runCli(['run', '--corpus', corpus, '--speed', 'max', '--vad-engine', 'webrtc', '--concurrency', '8', '--out', out, '--run-id', 'hostile']);
    runDir = join(out, 'hostile');
    rows = parse<Row>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true });
  }, 120_000);

  it('runs to the end without a crash: exit 0, nothing on stderr', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(cases.length).toBeGreaterThanOrEqual(48);
    expect(new Set(cases.map((c) => c.kind)).size).toBe(cases.length);
  });

  it('gives every manifest line exactly one row', () => {
    const ids = rows.map((r) => (r.item_id ?? '').replace(/^'/, ''));
    expect(ids.sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it('turns each hostile item into an error row saying what is wrong with it', () => {
    const wrong = cases.filter((k) => k.expect !== 'ok').flatMap((c) => {
      const row = rows.find((r) => r.item_id === c.id);
      return row?.status === 'error' && (c.expect as RegExp).test(row.error ?? '') ? [] : [{ kind: c.kind, status: row?.status, error: row?.error, expected: String(c.expect) }];
    });
    expect(wrong).toEqual([]);
  });

  it('runs the items with awkward but valid names, and the good item after the byte order mark', () => {
    for (const c of cases.filter((k) => k.expect === 'ok')) {
      const row = rows.find((r) => (r.item_id ?? '').replace(/^'/, '') === c.id);
      expect(row, c.kind).toBeDefined();
      expect({ kind: c.kind, status: row?.status, error: row?.error }).toEqual({ kind: c.kind, status: 'ok', error: '' });
      expect(row?.hypothesis, c.kind).not.toBe('');
    }
  });

  it('escapes ids, references and transcripts a spreadsheet would run as formulas, in every CSV', () => {
    expect(rows.some((r) => r.item_id === `'=HYPERLINK("http://example.invalid","click")`)).toBe(true);
    const formula = rows.find((r) => r.item_id === 'formula-text');
    expect(formula?.reference).toBe(`'=cmd|' /C calc'!A0 +SUM(1,2) @now -1`);
    expect(formula?.hypothesis?.startsWith(`'=cmd|'`)).toBe(true);
    for (const file of ['items.csv', 'turns.csv', 'summary.csv']) {
      const table: string[][] = parse(readFileSync(join(runDir, file), 'utf8'));
      const cells = table.flat();
      const live = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(c));
      expect(live, file).toEqual([]);
    }
  });

  it('keeps every cassette inside the run folder, with a file-safe name', () => {
    const files = readdirSync(join(runDir, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
    expect(files).toHaveLength(cases.length);
    for (const f of files) {
      expect(resolve(runDir, 'sessions', f).startsWith(join(runDir, 'sessions'))).toBe(true);
      expect(f.split('/').at(-1)?.length ?? 0).toBeLessThan(120);
    }
  });

  it('writes the report with every row', () => {
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).not.toContain('<img src=x onerror=alert(1)>');
    const summary = parse<Row>(readFileSync(join(runDir, 'summary.csv'), 'utf8'), { columns: true });
    expect(Number(summary[0]?.items)).toBe(cases.length);
    expect(Number(summary[0]?.items_error)).toBe(cases.filter((c) => c.expect !== 'ok').length);
  });
});

describe('an unusable corpus folder stops the run before anything starts (exit 2)', () => {
  it.each([
    ['a corpus path that is a file', (dir: string) => join(dir, 'file.txt'), /is not a folder/],
    ['a folder without manifest.jsonl', (dir: string) => dir, /manifest\.jsonl not found/],
    ['an empty manifest', (dir: string) => join(dir, 'empty'), /has no items/],
  ])('%s', async (_kind, corpusOf, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'x');
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'manifest.jsonl'), '\n\n');
    const r = await runCli(['run', '--corpus', corpusOf(dir), '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('bad option values: exit 2, every problem named at once', () => {
  const cases: [kind: string, argv: string[], message: RegExp, env?: Record<string, string>][] = [
    ['negative silence', ['--silence-duration-ms', '-200'], /--silence-duration-ms -200: must be a whole number from 0 to 10000/],
    ['threshold above 1', ['--threshold', '1.5'], /--threshold 1\.5: must be a number from 0 to 1/],
    ['rate 11025', ['--rate', '11025'], /--rate 11025: PCM input must be 24000 or 16000 Hz/],
    ['a threshold that is not a number', ['--threshold', 'high'], /--threshold high: not a number/],
    ['unknown model with --target openai', ['--target', 'openai', '--model', 'gpt-realtme'], new RegExp(`--model gpt-realtme: not a realtime model of --target openai; known: ${KNOWN_REALTIME_MODELS.join(', ')}`), { OPENAI_API_KEY: 'sk-test' }],
    ['--target openai without a key', ['--target', 'openai'], /--target openai needs an API key: set OPENAI_API_KEY in the environment \(export OPENAI_API_KEY=sk-\.\.\.\)/],
    ['16 kHz to the live API', ['--target', 'openai', '--rate', '16000'], /--rate 16000 cannot be used with --target openai/, { OPENAI_API_KEY: 'sk-test' }],
    ['a target that is not a WebSocket URL', ['--target', 'ftp://example.com'], /--target ftp:\/\/example\.com: the URL must start with ws:\/\/ or wss:\/\//],
    ['credentials in the target URL', ['--target', 'wss://user:pw@example.com/v1/realtime'], /do not put credentials in the URL/],
    ['concurrency 0', ['--concurrency', '0'], /--concurrency 0: must be a whole number from 1/],
    ['a fractional repeat', ['--repeat', '1.5'], /--repeat 1\.5: must be a whole number/],
    ['speed below zero', ['--speed', '-1'], /--speed -1: must be a number from 0\.01/],
    ['a chunk size that is not a number', ['--chunk-ms', 'abc'], /--chunk-ms abc: not a number/],
    ['an unknown VAD', ['--vad', 'loud'], /--vad loud: must be one of server_vad, semantic_vad, none/],
    ['an unknown format', ['--format', 'mp3'], /--format mp3: must be one of pcm16, g711_ulaw, g711_alaw/],
    ['an unknown protocol', ['--protocol', 'v2'], /--protocol v2: must be one of ga, beta/],
    ['a run id that climbs out of the results folder', ['--run-id', '../../etc'], /--run-id "\.\.\/\.\.\/etc": a run id names one folder: 1 to 128 letters, digits/],
    ['a shard beyond the count', ['--shard', '3/2'], /--shard 3\/2/],
    ['a header without a value', ['--header', 'X-Token'], /--header "X-Token": write it as name=value/],
    ['a prefix padding too long', ['--prefix-padding-ms', '20000'], /--prefix-padding-ms 20000/],
    ['a turn timeout too short', ['--turn-timeout-ms', '5'], /--turn-timeout-ms 5/],
    ['a session rate of 0', ['--session-rate', '0'], /--session-rate 0/],
    ['G.711 with a PCM rate', ['--format', 'g711_ulaw', '--rate', '24000'], /G\.711 is 8000 Hz by definition/],
  ];

  it.each(cases)('%s', async (_kind, argv, message, env) => {
    const r = await runCli(['run', ...argv, '--out', tempDir()], env ? { env } : {});
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('internal error');
  });

  it('lists every problem of one command line at once', async () => {
    const r = await runCli(['run', '--silence-duration-ms', '-1', '--threshold', '2', '--rate', '11025', '--vad', 'loud', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rtbench: 5 problems:/);
  });

  it('names a config file that cannot be read, or is not a JSON object', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{"threshold": [0.5],');
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    for (const [file, message] of [['missing.json', /--config missing\.json: cannot read it/], ['bad.json', /--config bad\.json: .*JSON/], ['list.json', /--config list\.json: the file must hold one JSON object/]] as const) {
      const r = await runCli(['run', '--config', file], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('names unknown item ids and thresholds it cannot read', async () => {
    const items = await runCli(['run', '--items', 'no_such_item', '--out', tempDir()]);
    expect(items.code).toBe(2);
    expect(items.stderr).toMatch(/--items: no item with id no_such_item/);
    const failOn = await runCli(['run', '--fail-on', 'wer>>1', '--out', tempDir()]);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toMatch(/wer>>1/);
  });

  it('refuses bad serve options all at once', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '-1', '--fault', 'explode', '--max-session-ms', '0', '--vad-engine', 'loud']);
    expect(r.code).toBe(2);
    for (const m of [/--host 0\.0\.0\.0: listening beyond this machine needs --api-key/, /--port -1/, /--fault fault "explode": unknown kind/, /--max-session-ms 0/, /--vad-engine "loud"/]) expect(r.stderr).toMatch(m);
  });
});
