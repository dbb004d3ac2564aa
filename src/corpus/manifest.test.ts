import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../cli/version.js';
import { CorpusError } from '../errors.js';
import { fileSafeId, loadCorpus } from './manifest.js';

function corpusWith(lines: string[], files: string[] = ['a.wav']): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtbench-corpus-'));
  for (const f of files) writeFileSync(join(dir, f), 'RIFF');
  writeFileSync(join(dir, 'manifest.jsonl'), lines.join('\n'));
  return dir;
}

describe('loadCorpus', () => {
  it('loads the bundled corpus with no problems', () => {
    const corpus = loadCorpus(BUNDLED_CORPUS);
    expect(corpus.problems).toEqual([]);
    expect(corpus.items.length).toBeGreaterThanOrEqual(6);
    expect(corpus.items.some((i) => i.text === '')).toBe(true);
    expect(corpus.items.some((i) => i.segmentsMethod === 'constructed' && (i.speechSegments?.length ?? 0) > 1)).toBe(true);
    expect(corpus.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads expected_tool_call ({name, arguments}), and makes a bad one a problem of its line', () => {
    const dir = corpusWith([
      '{"id":"call","audio":"a.wav","text":"weather?","expected_tool_call":{"name":"get_weather","arguments":{"city":"Boston"}}}',
      '{"id":"json","audio":"a.wav","text":"x","expected_tool_call":{"name":"f","arguments":"{\\"a\\":1}"}}',
      '{"id":"none","audio":"a.wav","text":"x"}',
      '{"id":"bad","audio":"a.wav","text":"x","expected_tool_call":{"arguments":{}}}',
    ]);
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => [i.id, i.expectedToolCall])).toEqual([['call', { name: 'get_weather', arguments: { city: 'Boston' } }], ['json', { name: 'f', arguments: { a: 1 } }], ['none', null]]);
    expect(corpus.problems.map((p) => p.message)).toEqual(['manifest.jsonl line 4 (bad): expected_tool_call.name must be a non-empty string']);
  });

  it('turns each bad line into a problem that names the line and keeps the good ones', () => {
    const dir = corpusWith([
      '{"id":"ok","audio":"a.wav","text":"hi"}',
      'not json',
      '{"id":"ok","audio":"a.wav","text":"dup"}',
      '{"id":"nofile","audio":"b.wav","text":"x"}',
      '{"id":"notext","audio":"a.wav"}',
      '{"id":"out","audio":"../x.wav","text":"x"}',
      '{"id":"abs","audio":"/etc/passwd","text":"x"}',
      '{"id":"seg","audio":"a.wav","text":"x","speech_segments":[[2,1]]}',
      '{"id":5,"audio":"a.wav","text":"x"}',
    ]);
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => i.id)).toEqual(['ok']);
    const messages = corpus.problems.map((p) => p.message);
    expect(messages).toHaveLength(8);
    expect(messages[0]).toMatch(/line 2 is not valid JSON/);
    expect(messages[1]).toMatch(/line 3: duplicate id "ok"/);
    expect(messages[2]).toMatch(/b\.wav" not found/);
    expect(messages[3]).toMatch(/text is missing/);
    expect(messages[4]).toMatch(/outside the corpus folder/);
    expect(messages[5]).toMatch(/absolute path/);
    expect(messages[6]).toMatch(/0 <= start <= end/);
    expect(messages[7]).toMatch(/id is missing or not a non-empty string/);
  });

  it('refuses a link that leads out of the corpus folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'rtbench-outside-'));
    writeFileSync(join(outside, 'secret.wav'), 'RIFF');
    const dir = corpusWith(['{"id":"l","audio":"link.wav","text":"x"}'], []);
    symlinkSync(join(outside, 'secret.wav'), join(dir, 'link.wav'));
    expect(loadCorpus(dir).problems[0]?.message).toMatch(/link to a file outside/);
  });

  it('throws a CorpusError for a missing folder or manifest', () => {
    expect(() => loadCorpus('/nonexistent')).toThrow(CorpusError);
    const empty = mkdtempSync(join(tmpdir(), 'rtbench-empty-'));
    mkdirSync(join(empty, 'x'));
    expect(() => loadCorpus(empty)).toThrow(/manifest\.jsonl not found/);
  });
});

describe('fileSafeId', () => {
  it('keeps safe ids and makes others safe and unique', () => {
    expect(fileSafeId('jfk_16k.wav')).toBe('jfk_16k.wav');
    expect(fileSafeId('a b/c')).toMatch(/^a_b_c~[0-9a-f]{24}$/);
    expect(fileSafeId('a b/c')).not.toBe(fileSafeId('a_b/c'));
    expect(fileSafeId('../x')).not.toContain('/');
    expect(fileSafeId('x'.repeat(3000))).toMatch(/^x{80}~[0-9a-f]{24}$/);
    expect(fileSafeId('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('never gives two ids one name: an id spelled like another id\'s made-safe name keeps its own', () => {
    const madeSafe = fileSafeId('a b');
    const lookalike = madeSafe.replace('~', '-');
    expect(fileSafeId(lookalike)).toBe(lookalike);
    expect(fileSafeId(madeSafe)).not.toBe(madeSafe);
    const ids = ['a b', 'a_b', lookalike, madeSafe, `${'y'.repeat(300)}1`, `${'y'.repeat(300)}2`, '.x', '_x'];
    expect(new Set(ids.map(fileSafeId)).size).toBe(ids.length);
  });
});

describe('placeholder ids and ids that share a file name', () => {
  it('names an unreadable line so that it never takes the id of an item (line-N of a real item)', () => {
    const dir = corpusWith(['not json', '{"id":"line-1","audio":"a.wav","text":"x"}', '{"id":"line-3","audio":"a.wav"}', '{"id":"line-1#2","audio":"a.wav","text":"x"}', '{"id":7}']);
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => i.id)).toEqual(['line-1', 'line-1#2']);
    expect(corpus.problems.map((p) => [p.line, p.id])).toEqual([[1, 'line-1#3'], [3, 'line-3'], [5, 'line-5']]);
    const names = [...corpus.items, ...corpus.problems].map((i) => fileSafeId(i.id).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses ids that differ only in case (one cassette file where names ignore case), and duplicate placeholders stay unique', () => {
    const dir = corpusWith(['{"id":"Good","audio":"a.wav","text":"x"}', '{"id":"good","audio":"a.wav","text":"x"}', '{"id":"Good","audio":"a.wav","text":"x"}', '{"id":"Good#line-3","audio":"a.wav","text":"x"}']);
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => i.id)).toEqual(['Good', 'Good#line-3']);
    expect(corpus.problems.map((p) => p.id)).toEqual(['good#line-2', 'Good#line-3#2']);
    expect(corpus.problems[0]?.message).toMatch(/line 2: id "good" differs from "Good" \(line 1\) only in case/);
    expect(corpus.problems[1]?.message).toMatch(/line 3: duplicate id "Good"/);
  });
});

describe('paths, numbers and encodings', () => {
  it('takes a file whose name starts with two dots inside the folder, refuses .. itself', () => {
    const dir = corpusWith(['{"id":"h","audio":"..hidden.wav","text":"x"}', '{"id":"up","audio":"..","text":"x"}', '{"id":"sub","audio":"d/../..x.wav","text":"x"}'], ['..hidden.wav', '..x.wav']);
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => i.id)).toEqual(['h', 'sub']);
    expect(corpus.problems[0]?.message).toMatch(/audio "\.\." points outside the corpus folder/);
  });

  it('says a segment number is too large to hold (1e309) instead of showing it as null', () => {
    const dir = corpusWith(['{"id":"s","audio":"a.wav","text":"x","speech_segments":[[0,1],[2,1e309]]}']);
    expect(loadCorpus(dir).problems[0]?.message).toMatch(/speech_segments: segment 2 \[2, Infinity\] has a number too large to hold .*1e309/);
  });

  it('refuses a UTF-16 manifest as a whole, with or without a byte order mark, saying to save it as UTF-8', () => {
    const line = '{"id":"a","audio":"a.wav","text":"x"}\n';
    for (const [bytes, encoding] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]), /UTF-16 \(little-endian\)/],
      [Buffer.from(line, 'utf16le'), /UTF-16 \(little-endian, without a byte order mark\)/],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(line, 'utf16le').swap16()]), /UTF-16 \(big-endian\)/],
    ] as const) {
      const dir = corpusWith([]);
      writeFileSync(join(dir, 'manifest.jsonl'), bytes);
      expect(() => loadCorpus(dir)).toThrow(CorpusError);
      expect(() => loadCorpus(dir)).toThrow(new RegExp(`manifest\\.jsonl is ${encoding.source} text, not UTF-8`));
    }
  });

  it('names the line and the byte that is not UTF-8 (Latin-1 text) instead of running with U+FFFD', () => {
    const dir = corpusWith([]);
    const latin1 = Buffer.from('{"id":"caf\u00e9","audio":"a.wav","text":"x"}\n{"id":"ok","audio":"a.wav","text":"na\u00efve"}\n{"id":"good","audio":"a.wav","text":"caf\u00e9 \u2713"}\n', 'latin1');
    const good = Buffer.from('{"id":"utf8","audio":"a.wav","text":"caf\u00e9 \u2713"}\n', 'utf8');
    writeFileSync(join(dir, 'manifest.jsonl'), Buffer.concat([latin1.subarray(0, latin1.indexOf(0x0a, latin1.indexOf(0x0a) + 1) + 1), good]));
    const corpus = loadCorpus(dir);
    expect(corpus.items.map((i) => [i.id, i.text])).toEqual([['utf8', 'caf\u00e9 \u2713']]);
    expect(corpus.problems.map((p) => p.id)).toEqual(['line-1', 'ok']);
    expect(corpus.problems[0]?.message).toMatch(/^manifest\.jsonl line 1 is not UTF-8: byte 11 of the line \(0xE9\) is not UTF-8 \(Latin-1/);
    expect(corpus.problems[1]?.message).toMatch(/^manifest\.jsonl line 2 \(ok\): the line is not UTF-8: byte 38 of the line \(0xEF\)/);
  });
});
