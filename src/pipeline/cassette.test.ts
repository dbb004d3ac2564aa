import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { createCassetteWriter, parseCassette } from './cassette.js';
import type { CassetteHeader } from './record.js';

const header = { kind: 'rtbench.cassette', schema_version: 1, item: { id: 'x' } } as unknown as CassetteHeader;

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
});
