import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

function firstRow(path: string): Record<string, string> {
  const rows = parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
  return rows[0] ?? {};
}

describe('--collar-ms', () => {
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    const common = ['run', '--speed', 'max', '--items', 'syn_gaps_300_600_1200ms_16k', '--out', out];
    expect((await runCli([...common, '--run-id', 'none'])).code).toBe(0);
    expect((await runCli([...common, '--run-id', 'wide', '--collar-ms', '500'])).code).toBe(0);
  }, 120_000);

  it('scores the detection error rate with the collar and says which', () => {
    const none = firstRow(join(out, 'none', 'items.csv'));
    const wide = firstRow(join(out, 'wide', 'items.csv'));
    expect(none.collar_ms).toBe('0');
    expect(wide.collar_ms).toBe('500');
    expect(Number(wide.speech_ms)).toBeLessThan(Number(none.speech_ms));
    expect(Number(wide.detection_error_rate)).toBeLessThanOrEqual(Number(none.detection_error_rate));
  });

  it('is kept by report and replay, and report can change it', async () => {
    expect((await runCli(['report', join(out, 'wide')])).code).toBe(0);
    expect(firstRow(join(out, 'wide', 'items.csv')).collar_ms).toBe('500');
    expect((await runCli(['replay', join(out, 'wide'), '--out', out, '--run-id', 'wide-replay'])).code).toBe(0);
    expect(firstRow(join(out, 'wide-replay', 'items.csv')).collar_ms).toBe('500');
    expect((await runCli(['report', join(out, 'wide'), '--collar-ms', '0'])).code).toBe(0);
    expect(firstRow(join(out, 'wide', 'items.csv')).collar_ms).toBe('0');
    expect(firstRow(join(out, 'wide', 'items.csv')).detection_error_rate).toBe(firstRow(join(out, 'none', 'items.csv')).detection_error_rate);
  });

  it('refuses a negative collar', async () => {
    const r = await runCli(['run', '--collar-ms', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--collar-ms -5');
  });
});
