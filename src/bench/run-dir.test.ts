import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { buildRecord } from '../../test/helpers/session-record.js';
import { scoreSession } from '../metrics/score-session.js';
import { frameLine } from '../pipeline/cassette.js';
import type { SessionRecord } from '../pipeline/record.js';
import { readRunDir, readSessions } from './run-dir.js';

function cassetteText(record: SessionRecord): string {
  return `${[JSON.stringify(record.meta), ...record.events.map(frameLine)].join('\n')}\n`;
}

describe('readSessions with a damaged cassette', () => {
  const good = buildRecord({ itemId: 'good', audioMs: 400, text: 'hello there', segmentsS: [[0, 0.3]] });
  const other = buildRecord({ itemId: 'other', audioMs: 400, text: 'a reference', segmentsS: [[0, 0.3]] });

  function runDir(otherText: (text: string) => string): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'sessions', 'c1'), { recursive: true });
    writeFileSync(join(dir, 'sessions', 'c1', 'good.1.jsonl'), cassetteText(good));
    writeFileSync(join(dir, 'sessions', 'c1', 'other.3.jsonl'), otherText(cassetteText(other)));
    return dir;
  }

  it('keeps a session whose body is damaged as an error row from its header, scored as nothing', () => {
    const dir = runDir((text) => text.replace('"dir":"out"', '"dir":"out",,'));
    const { sessions, problems } = readSessions(dir);
    expect(sessions.map((s) => s.record.meta.item.id)).toEqual(['good', 'other']);
    const damaged = sessions[1];
    expect(damaged?.damage).toMatch(/^sessions\/c1\/other\.3\.jsonl line 3: not valid JSON/);
    expect(problems).toEqual([expect.stringMatching(/^damaged cassette .*other\.3\.jsonl: line 3: not valid JSON .*; kept as an error row, not scored$/)]);
    const row = scoreSession(damaged?.record ?? good);
    expect(row).toMatchObject({ itemId: 'other', repeat: 1, status: 'error', wer: null, refWords: null, turnsExpected: null, config: other.meta.config });
    expect(row.error).toMatch(/^damaged cassette sessions\/c1\/other\.3\.jsonl line 3: not valid JSON .*not scored/);
  });

  it('takes the session from the file name and the config from its folder\'s other cassettes when the header itself is damaged', () => {
    const dir = runDir((text) => `{${text}`);
    const { sessions } = readSessions(dir);
    const row = scoreSession(sessions[1]?.record ?? good);
    expect(row).toMatchObject({ itemId: 'other', repeat: 3, status: 'error', config: good.meta.config });
    expect(row.error).toMatch(/line 1: the header is not JSON/);
  });

  it('keeps a row for an empty cassette and for a link to a file that is gone', () => {
    const dir = runDir((text) => text);
    writeFileSync(join(dir, 'sessions', 'c1', 'empty.1.jsonl'), '');
    symlinkSync(join(dir, 'nowhere.jsonl'), join(dir, 'sessions', 'c1', 'gone.2.jsonl'));
    const { sessions, problems } = readSessions(dir);
    const rows = sessions.map((s) => scoreSession(s.record));
    expect(rows.map((r) => [r.itemId, r.repeat, r.status])).toEqual([['empty', 1, 'error'], ['gone', 2, 'error'], ['good', 1, 'ok'], ['other', 1, 'ok']]);
    expect(rows[1]?.error).toMatch(/^damaged cassette sessions\/c1\/gone\.2\.jsonl cannot be read \(ENOENT\)/);
    expect(problems).toHaveLength(2);
  });
});

describe('readRunDir', () => {
  it('refuses a folder whose sessions/ is a file, as one without sessions/', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ schema_version: 1, runId: 'r', options: {} }));
    writeFileSync(join(dir, 'sessions'), '');
    expect(() => readRunDir(dir)).toThrow(/no sessions\/ folder, so there are no cassettes to score/);
  });
});
