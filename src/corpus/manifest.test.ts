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
    expect(fileSafeId('a b/c')).toMatch(/^a_b_c-[0-9a-f]{8}$/);
    expect(fileSafeId('a b/c')).not.toBe(fileSafeId('a_b/c'));
    expect(fileSafeId('../x')).not.toContain('/');
    expect(fileSafeId('x'.repeat(3000))).toMatch(/^x{80}-[0-9a-f]{8}$/);
    expect(fileSafeId('x'.repeat(200))).toBe('x'.repeat(200));
  });
});
