import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { buildRecord } from '../../test/helpers/session-record.js';
import { createCassetteWriter, parseCassette } from './cassette.js';

const plan = { chunk_ms: 40, speed: 1, tail_silence_ms: 1500, turn_timeout_ms: 15_000, connect_timeout_ms: 10_000, instructions: '', voice: 'alloy', language: null, prompt: null, include_logprobs: false, keep_audio: false };
const header = { ...buildRecord({ audioMs: 0 }).meta, session_plan: plan };
const frame = '{"t_ms":1,"audio_ms":0,"dir":"in","event":{"type":"session.created"}}';

/** The header with `path` (dotted) set to `value`; undefined removes it. */
function headerWith(path: string, value: unknown): string {
  const copy = JSON.parse(JSON.stringify(header)) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
  if (value === undefined) Reflect.deleteProperty(parent, last);
  else parent[last] = value;
  return `${JSON.stringify(copy)}\n${frame}\n`;
}

describe('cassettes', () => {
  it('round-trips frames and reads the outcome from the end frame', async () => {
    const path = join(tempDir(), 'sub', 'a.jsonl');
    const writer = createCassetteWriter(path, header);
    writer.write({ tMs: 1.5, audioMs: 0, dir: 'in', event: { type: 'session.created' } });
    writer.write({ tMs: 2, audioMs: 40, dir: 'ws', event: { type: 'end', state: 'completed', error: null, stage: null, attempts: 2 } });
    await new Promise((r) => setImmediate(r));
    writer.close();
    const record = parseCassette(readFileSync(path, 'utf8'), path);
    expect(record.events).toHaveLength(2);
    expect(record.outcome).toEqual({ state: 'completed', error: null, stage: null, attempts: 2 });
  });

  it('writes the frames of every session by the next tick, and what is pending on close', async () => {
    const dir = tempDir();
    const writers = [0, 1, 2].map((i) => createCassetteWriter(join(dir, `${i}.jsonl`), header));
    writers.forEach((w, i) => {
      w.write({ tMs: i, audioMs: 0, dir: 'in', event: { type: 'session.created' } });
    });
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 3; i++) expect(readFileSync(join(dir, `${i}.jsonl`), 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(2);
    writers[1]?.write({ tMs: 5, audioMs: 0, dir: 'in', event: { type: 'session.updated' } });
    writers[1]?.close();
    expect(readFileSync(join(dir, '1.jsonl'), 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(3);
    writers[0]?.close();
    writers[2]?.close();
  });

  it('keeps everything before a line cut by a crash and reads the session as aborted', () => {
    const text = `${JSON.stringify(header)}\n{"t_ms":1,"audio_ms":0,"dir":"in","event":{"type":"a"}}\n{"t_ms":2,"aud`;
    const record = parseCassette(text, 'c.jsonl');
    expect(record.events).toHaveLength(1);
    expect(record.outcome.state).toBe('aborted');
  });

  it('names the file and line of a damaged frame', () => {
    const text = `${JSON.stringify(header)}\n{"t_ms":1,"audio_ms":0,"dir":"in","event":{}}\nnot json\n{"t_ms":1,"audio_ms":0,"dir":"in","event":{}}\n`;
    expect(() => parseCassette(text, 'c.jsonl')).toThrow(/c\.jsonl line 3: not valid JSON/);
  });

  it('refuses a cassette from a newer schema version', () => {
    const path = join(tempDir(), 'new.jsonl');
    writeFileSync(path, `${JSON.stringify({ ...header, schema_version: 99 })}\n`);
    expect(() => parseCassette(readFileSync(path, 'utf8'), path)).toThrow(/schema_version 99 is newer .* upgrade rtbench/);
  });

  it.each([
    ['item', 'x', /item must be an object, not "x"/],
    ['config', 5, /config must be an object, not 5/],
    ['item.id', 5, /item\.id must be a non-empty string, not 5/],
    ['item.text', 5, /item\.text must be a string or null, not 5/],
    ['item.speech_segments', [[1]], /item\.speech_segments must be a list of \[start_s, end_s\] pairs/],
    ['config.config_id', undefined, /config\.config_id must be a non-empty string, not missing/],
    ['config.format', 'mp3', /config\.format must be "pcm16", "g711_ulaw" or "g711_alaw", not "mp3"/],
    ['repeat', 'one', /repeat must be a whole number from 1, not "one"/],
    ['protocol', 'v9', /protocol must be "ga" or "beta", not "v9"/],
    ['session_plan', 7, /session_plan must be an object, not 7/],
    ['config.rate_hz', 1, /config\.rate_hz must be 8000, 16000 or 24000, not 1/],
    ['session_plan.chunk_ms', 1e300, /session_plan\.chunk_ms must be a number of ms from 10 to 1000, not 1e\+300/],
    ['session_plan.connect_timeout_ms', 1e-300, /session_plan\.connect_timeout_ms must be a number of ms from 100 to 600000/],
    ['session_plan.speed', 0, /session_plan\.speed must be a number from 0\.01 to 1000, or "max"/],
  ])('refuses a header whose %s it cannot use, naming the file, line 1 and the field', (path, value, message) => {
    expect(() => parseCassette(headerWith(path, value), 'edited.jsonl')).toThrow(/^edited\.jsonl line 1: the header has a field rtbench cannot use: /);
    expect(() => parseCassette(headerWith(path, value), 'edited.jsonl')).toThrow(message);
  });

  it('names every wrong field at once, and a header that is not an object', () => {
    const copy = { ...header, repeat: 0, chunk_ms: 'x', item: { ...header.item, rate_hz: -1 } };
    expect(() => parseCassette(`${JSON.stringify(copy)}\n`, 'c.jsonl')).toThrow(/has 3 fields rtbench cannot use: repeat must be .*; chunk_ms must be .*; item\.rate_hz must be/);
    expect(() => parseCassette('[1,2]\n', 'c.jsonl')).toThrow(/c\.jsonl line 1: the header is not a JSON object/);
    expect(() => parseCassette('null\n', 'c.jsonl')).toThrow(/c\.jsonl line 1: the header is not a JSON object/);
  });

  it('reads absent nullable fields as null', () => {
    const record = parseCassette(headerWith('item.text', undefined), 'c.jsonl');
    expect(record.meta.item.text).toBeNull();
    expect(parseCassette(headerWith('config.eagerness', undefined), 'c.jsonl').meta.config.eagerness).toBeNull();
  });

  it('refuses an outcome with a state it does not know', () => {
    const text = `${JSON.stringify(header)}\n{"t_ms":1,"audio_ms":0,"dir":"ws","event":{"type":"end","state":"exploded"}}\n`;
    expect(() => parseCassette(text, 'c.jsonl')).toThrow(/c\.jsonl line 2: the outcome's state must be one of completed, errored, timed-out, aborted, not "exploded"/);
  });
});
