import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('rtbench corpus check', () => {
  it('decodes every bundled file and finds nothing wrong', async () => {
    const r = await runCli(['corpus', 'check', BUNDLED_CORPUS]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/10 item\(s\), 71\.\d s of audio, 0 problem\(s\)/);
    expect(r.stdout).toMatch(/jfk_16k_wav\s+11\.000\s+text\s+5 \(energy\)\s+ok/);
  });

  it('reports every problem and warning with the item, and exits 2', async () => {
    const dir = tempDir();
    copyFileSync(join(BUNDLED_CORPUS, 'jfk_16k.wav'), join(dir, 'good.wav'));
    writeFileSync(join(dir, 'text.wav'), 'this is not audio');
    writeFileSync(join(dir, 'manifest.jsonl'), [
      '{"id":"good","audio":"good.wav","text":"x","duration_s":12.5,"speech_segments":[[0.3,13]]}',
      '{"id":"fake","audio":"text.wav","text":"y"}',
      '{"id":"gone","audio":"missing.wav","text":"z"}',
      'oops',
    ].join('\n'));
    const r = await runCli(['corpus', 'check', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('warning: good: duration_s says 12.5 s, the file decodes to 11.000 s');
    expect(r.stdout).toContain('warning: good: speech_segments end at 13 s, after the audio (11.000 s)');
    expect(r.stdout).toMatch(/problem: fake: cannot decode .*text\.wav/);
    expect(r.stdout).toContain('problem: gone: manifest.jsonl line 3 (gone): audio file "missing.wav" not found');
    expect(r.stdout).toContain('problem: line-4: manifest.jsonl line 4 is not valid JSON');
    expect(r.stdout).toContain('4 item(s), 11.0 s of audio, 3 problem(s)');
  });

  it('prints JSON on request', async () => {
    const r = await runCli(['corpus', 'check', BUNDLED_CORPUS, '--json']);
    const parsed = JSON.parse(r.stdout) as { items: { id: string; durationS: number }[]; problems: number };
    expect(parsed.problems).toBe(0);
    expect(parsed.items.find((i) => i.id === 'lj001_0002')?.durationS).toBeCloseTo(1.9, 1);
  });

  it('says what to type for an unknown action or a missing folder', async () => {
    expect((await runCli(['corpus', 'list', BUNDLED_CORPUS])).stderr).toContain('the only action is check');
    const missing = await runCli(['corpus', 'check', '/nonexistent']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent does not exist');
  });
});
