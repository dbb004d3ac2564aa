import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LLMock } from '@copilotkit/aimock';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * A third-party Realtime mock (@copilotkit/aimock) that answers the protocol from fixtures and
 * runs no VAD. Against it a session with server_vad hears nothing: that is a finding, not a
 * pass. With manual commits its `committed` event carries no item_id and its transcript names an
 * item nothing committed: the rule broken is named, and the transcript is kept.
 */

function rows(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
}

describe('a third-party mock without VAD', () => {
  const out = tempDir();
  const mock = new LLMock({ host: '127.0.0.1', port: 0 });
  let target = '';

  beforeAll(async () => {
    mock.addFixture({ match: { endpoint: 'realtime-transcription' }, response: { transcription: { text: 'Will we ever forget it.' } } });
    target = `${(await mock.start()).replace(/^http/, 'ws')}/v1/realtime`;
  });

  afterAll(async () => {
    await mock.stop();
  });

  it('says that the server sent no VAD event and no transcript, counts the session, and --fail-on can gate on it', async () => {
    const r = await runCli(['run', '--target', target, '--items', 'arctic_axb_a0005,uberi_one_two_three', '--speed', 'max', '--out', out, '--run-id', 'vad', '--fail-on', 'silent_sessions>0']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/silent_sessions>0/);
    const items = rows(join(out, 'vad', 'items.csv'));
    expect(items).toHaveLength(2);
    for (const row of items) {
      expect(row).toMatchObject({ status: 'ok', state: 'completed', turns_detected: '0', silent_server: 'true' });
      expect(row.warnings).toMatch(/^the server sent no VAD event for \d+\.\d s of speech; the server sent no transcript for \d+\.\d s of speech/);
    }
    expect(rows(join(out, 'vad', 'summary.csv'))[0]?.silent_sessions).toBe('2');
  });

  it('names the rule a commit without item_id breaks, and keeps the transcript that came for another item', async () => {
    const r = await runCli(['run', '--target', target, '--items', 'arctic_axb_a0005', '--session', 'transcription', '--vad', 'none', '--speed', 'max', '--out', out, '--run-id', 'manual']);
    expect(r.code, r.stderr).toBe(0);
    const [row] = rows(join(out, 'manual', 'items.csv'));
    expect(row).toMatchObject({ status: 'ok', hypothesis: 'Will we ever forget it.', wer: '0', silent_server: 'false' });
    expect(row?.warnings).toMatch(/the server broke the protocol: input_audio_buffer\.committed without item_id/);
    expect(row?.warnings).toMatch(/a transcript came for item_\S+, which the server never committed: kept in the hypothesis/);
  });
});
