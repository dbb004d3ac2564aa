import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { startEmulator } from '../../src/emulator/server.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';
import { wavHeader } from '../helpers/hostile-corpus.js';

type Row = Record<string, string>;

/** A 16-bit PCM WAV of `samples` frames of `channels` channels at 16 kHz, all one small value. */
function wav(samples: number, channels = 1): Buffer {
  const data = Buffer.alloc(samples * channels * 2, 0x10);
  return Buffer.concat([wavHeader({ channels, rateHz: 16000, bits: 16, dataBytes: data.length }), data]);
}

/** Lines as a reader that ends a line at a bare carriage return (Excel, Python's universal newlines) sees them. */
function physicalLines(csv: string): number {
  let quoted = false;
  let lines = 0;
  for (const c of csv) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === '\r' || c === '\n')) lines++;
  }
  return lines;
}

const rowsOf = (file: string): Row[] => parse<Row>(readFileSync(file, 'utf8'), { columns: true, relax_quotes: false });
const plainRef = 'will we ever forget it';

/** Item id → what its row's error must say (null: the row is ok). */
const EXPECTED: Record<string, RegExp | null> = {
  'line-1': null,
  'line-1#2': /^manifest\.jsonl line 1 is not valid JSON/,
  'carriage\rreturn': null,
  hidden: null,
  one: /cannot decode \S*one\.wav: it holds no audio samples/,
  short: /cannot decode \S*short\.wav: it holds \d\.\d\d ms of audio, too little to stream \(at least 10 ms\)/,
  ch64: /cannot decode \S*ch64\.wav: its channels have no speaker layout ffmpeg can mix down to mono .*save the file as mono or stereo \(ffmpeg: Rematrix is needed between 64 channels and mono/,
  huge: /the reference is too long for the emulator: its hint .* x-rtbench-reference upgrade header\) is 1\.\d\d MB, over the limit of 0\.94 MB .*split the item/,
  infinite: /speech_segments: segment 1 \[0, Infinity\] has a number too large to hold .*1e309/,
};

describe('hostile files: manifest names, CSV quoting, audio the run and the check agree on', () => {
  let corpus: string;
  let out: string;
  let run: CliRun;
  let rows: Row[];

  beforeAll(async () => {
    const root = tempDir('rtbench-hostile-files-');
    corpus = join(root, 'corpus');
    out = join(root, 'results');
    mkdirSync(corpus);
    copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(corpus, 'good.wav'));
    copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(corpus, '..hidden.wav'));
    writeFileSync(join(corpus, 'one.wav'), wav(1));
    writeFileSync(join(corpus, 'short.wav'), wav(50));
    writeFileSync(join(corpus, 'ch64.wav'), wav(1600, 64));
    const item = (id: string, audio = 'good.wav', text = plainRef): string => JSON.stringify({ id, audio, text });
    writeFileSync(join(corpus, 'manifest.jsonl'), [
      'this line is not JSON',
      item('line-1'),
      JSON.stringify({ id: 'carriage\rreturn', audio: 'good.wav', text: 'will we\rever forget it' }),
      item('hidden', '..hidden.wav'),
      item('one', 'one.wav'),
      item('short', 'short.wav'),
      item('ch64', 'ch64.wav'),
      item('huge', 'good.wav', 'word '.repeat(220_000)),
      '{"id": "infinite", "audio": "good.wav", "text": "x", "speech_segments": [[0, 1e309]]}',
    ].join('\n'));
    run = await runCli(['run', '--corpus', corpus, '--speed', 'max', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'files']);
    rows = rowsOf(join(out, 'files', 'items.csv'));
  }, 120_000);

  it('gives every manifest line one row and one cassette: an unreadable line never takes the name of item line-1', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(rows.map((r) => r.item_id).sort()).toEqual(Object.keys(EXPECTED).sort());
    const cassettes = readdirSync(join(out, 'files', 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
    expect(cassettes).toHaveLength(rows.length);
  });

  it('says what is wrong with each hostile item, in plain words, and runs the good ones', () => {
    for (const [id, expected] of Object.entries(EXPECTED)) {
      const row = rows.find((r) => r.item_id === id);
      if (expected === null) expect({ id, status: row?.status, error: row?.error }).toEqual({ id, status: 'ok', error: '' });
      else expect(row?.error, id).toMatch(expected);
    }
    expect(rows.find((r) => r.item_id === 'carriage\rreturn')?.reference).toBe('will we\rever forget it');
  });

  it('quotes carriage returns in every CSV, so that no reader splits a row', () => {
    for (const file of ['items.csv', 'turns.csv', 'summary.csv']) {
      const text = readFileSync(join(out, 'files', file), 'utf8');
      expect(physicalLines(text), file).toBe(parse(text).length);
    }
  });

  it('corpus check finds the audio the run refuses, at the run\'s default rate and at 16 kHz', async () => {
    const check = await runCli(['corpus', 'check', corpus, '--json']);
    expect(check.code).toBe(2);
    const found = (JSON.parse(check.stdout) as { items: { id: string; problem: string | null }[] }).items;
    for (const id of ['one', 'short', 'ch64']) expect(found.find((i) => i.id === id)?.problem, id).toMatch(EXPECTED[id] ?? /never/);
    const at16k = await runCli(['run', '--corpus', corpus, '--items', 'one,short', '--rate', '16000', '--speed', 'max', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'files16k']);
    expect(at16k.code, at16k.stderr).toBe(0);
    expect(rowsOf(join(out, 'files16k', 'items.csv')).map((r) => [r.item_id, r.status])).toEqual([['one', 'error'], ['short', 'error']]);
  });
});

describe('report on a folder with a damaged cassette', () => {
  it('keeps the session as an error row naming the file and line, warns, and --strict refuses', async () => {
    const out = tempDir();
    const recorded = await runCli(['run', '--items', 'arctic_axb_a0005,lj001_0002', '--speed', 'max', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'dmg']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const dir = join(out, 'dmg');
    const [config = ''] = readdirSync(join(dir, 'sessions'));
    const cassette = join(dir, 'sessions', config, 'lj001_0002.1.jsonl');
    const lines = readFileSync(cassette, 'utf8').split('\n');
    lines[3] = (lines[3] ?? '').slice(0, 25);
    writeFileSync(cassette, lines.join('\n'));
    const report = await runCli(['report', dir]);
    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(/^rtbench: warning: damaged cassette \S*lj001_0002\.1\.jsonl: line 4: not valid JSON .*kept as an error row, not scored$/m);
    const rows = rowsOf(join(dir, 'items.csv'));
    expect(rows.map((r) => [r.item_id, r.status])).toEqual([['arctic_axb_a0005', 'ok'], ['lj001_0002', 'error']]);
    expect(rows[1]?.error).toMatch(/^damaged cassette sessions\/\S+\/lj001_0002\.1\.jsonl line 4: not valid JSON .*the session is not scored/);
    expect(rows[1]?.wer).toBe('');
    expect(rowsOf(join(dir, 'summary.csv'))[0]).toMatchObject({ items: '2', items_error: '1' });
    const strict = await runCli(['report', dir, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict: damaged cassette/);
  }, 60_000);
});

describe('replay and resume of folders and cassettes they cannot use', () => {
  it('refuses --resume of a replay\'s folder (an import, say) instead of running the bundled corpus', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'capture.jsonl'), ['{"type":"session.created","session":{}}', '{"type":"input_audio_buffer.speech_started","item_id":"i1","audio_start_ms":0}'].join('\n'));
    expect((await runCli(['import', join(dir, 'capture.jsonl')])).code).toBe(0);
    expect((await runCli(['replay', join(dir, 'capture.cassette.jsonl'), '--out', dir, '--run-id', 'rp'])).code).toBe(0);
    const resumed = await runCli(['run', '--resume', join(dir, 'rp')]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/--resume \S+rp: this folder was written by rtbench replay \(of 1 cassette\(s\)\), not by rtbench run/);
    expect(existsSync(join(dir, 'rp', 'sessions', 'imported'))).toBe(true);
    expect(readdirSync(join(dir, 'rp', 'sessions'))).toEqual(['imported']);
  });

  it('refuses a cassette whose header has fields of the wrong type, naming the field (exit 2, no stack trace)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'capture.jsonl'), '{"type":"session.created","session":{}}\n');
    await runCli(['import', join(dir, 'capture.jsonl')]);
    const cassette = join(dir, 'capture.cassette.jsonl');
    const [header = '', ...rest] = readFileSync(cassette, 'utf8').split('\n');
    for (const [field, value, message] of [['item', 'x', /item must be an object, not "x"/], ['config', 5, /config must be an object, not 5/], ['repeat', 'one', /repeat must be a whole number from 1/]] as const) {
      writeFileSync(cassette, [JSON.stringify({ ...(JSON.parse(header) as object), [field]: value }), ...rest].join('\n'));
      const r = await runCli(['replay', cassette, '--out', dir]);
      expect(r.code, field).toBe(2);
      expect(r.stderr).toMatch(/capture\.cassette\.jsonl line 1: the header has a field rtbench cannot use: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

describe('replay of a source that is neither a cassette nor a folder', () => {
  it('says so (exit 2) instead of a stack trace', async () => {
    const r = await runCli(['replay', '/dev/null', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rtbench: \/dev\/null is neither a cassette file nor a folder/);
  });
});

describe('emulator fault specs that the WebSocket library cannot carry out', () => {
  const longReason = 'r'.repeat(130);

  it('refuses them before anything runs: rtbench run with the fault header, rtbench serve, startEmulator', async () => {
    for (const fault of [`close:code=4001,reason=${longReason}`, 'close:code=2000', 'error:code=server_error,close=1016']) {
      const out = tempDir();
      const r = await runCli(['run', '--items', 'arctic_axb_a0005', '--speed', 'max', '--vad-engine', 'webrtc', '--out', out, '--run-id', 'f', '--header', `x-rtbench-fault=${fault}`]);
      expect(r.code, fault).toBe(2);
      expect(r.stderr).toMatch(/--header x-rtbench-fault: fault ".*": (reason= is 130 bytes|c(ode|lose)= takes a WebSocket close code a server may send)/);
      expect(existsSync(join(out, 'f'))).toBe(false);
    }
    const serve = await runCli(['serve', '--port', '0', '--fault', `close:reason=${longReason}`, '--fault', 'close:code=2000']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/reason= is 130 bytes; a close frame carries at most 123 bytes/);
    expect(serve.stderr).toMatch(/close:code=2000.*close code a server may send/);
    await expect(startEmulator({ vad: webrtcVad, faults: [`close:reason=${longReason}`] })).rejects.toThrow(/reason= is 130 bytes/);
  }, 60_000);
});
