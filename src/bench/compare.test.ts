import { describe, expect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../../test/helpers/items.js';
import { parseGate } from '../config/thresholds.js';
import { ConfigError } from '../errors.js';
import { compareRuns } from './compare.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const slow = (ms: number) => [turn(0, { firstAudio: ms }), turn(1, { firstAudio: ms + 40 })];

describe('compareRuns', () => {
  const baseline = runOf(ids.map((id, i) => item(id, { errors: i % 2, turns: slow(400 + i * 10) })), [], 'base');

  it('passes a candidate within its allowances', () => {
    const candidate = runOf(ids.map((id, i) => item(id, { errors: i % 2, turns: slow(405 + i * 10) })), [], 'cand');
    const result = compareRuns(baseline, candidate, { gate: parseGate(['wer:+0.01,stopped_to_first_audio_ms.p50:+10%']), seed: 1 });
    expect(result.pairs).toEqual([{ baseline: configRecord().config_id, candidate: configRecord().config_id, sharedItems: 6, baselineOnly: 0, candidateOnly: 0 }]);
    expect(result.checks.map((c) => c.failed)).toEqual([false, false]);
    expect(result.checks[1]?.reason).toContain('within the allowance');
  });

  it('fails a significant change over the allowance and says why', () => {
    const candidate = runOf(ids.map((id, i) => item(id, { errors: i % 2, turns: slow(500 + i * 10) })), [], 'cand');
    const result = compareRuns(baseline, candidate, { gate: parseGate(['stopped_to_first_audio_ms.p50:+10%']), seed: 1 });
    expect(result.checks).toHaveLength(1);
    expect(result.checks[0]).toMatchObject({ failed: true, expression: 'stopped_to_first_audio_ms.p50:+10%', kind: 'delta' });
    expect(result.checks[0]?.reason).toMatch(/over the allowance, significant \(p = 0\.00/);
  });

  it('lets a change over the allowance pass when the test cannot tell it from noise', () => {
    const candidate = runOf(ids.map((id, i) => item(id, { errors: i === 0 ? 4 : i % 2, turns: slow(400 + i * 10) })), [], 'cand');
    const check = compareRuns(baseline, candidate, { gate: parseGate(['wer:+0.01']), seed: 1 }).checks[0];
    expect(check).toMatchObject({ failed: false });
    expect(check?.reason).toContain('but not significant');
  });

  it('checks absolute thresholds on the candidate', () => {
    const result = compareRuns(baseline, baseline, { gate: parseGate(['stopped_to_first_audio_ms.p50>100']), seed: 1 });
    expect(result.checks).toMatchObject([{ kind: 'threshold', failed: true }]);
  });

  it('checks a threshold over an expression on the candidate, and shows each metric it uses', () => {
    const result = compareRuns(baseline, baseline, { gate: parseGate(['cer + connect_ms.p95/1000 > 0.01']), seed: 1 });
    expect(result.checks).toMatchObject([{ kind: 'threshold', failed: true }]);
    const metrics = result.rows.map((r) => r.metric);
    expect(metrics).toEqual(expect.arrayContaining(['cer', 'connect_ms.p95']));
    expect(metrics.filter((m) => m.includes(' '))).toEqual([]);
  });

  it('pairs two single-config runs whatever their ids, and refuses runs with nothing in common', () => {
    const other = runOf(ids.map((id) => item(id, { config: configRecord(0.5, 500, 'gpt-realtime-mini') })));
    expect(compareRuns(baseline, other, { gate: parseGate([]), seed: 1 }).pairs[0]).toMatchObject({ baseline: configRecord().config_id, candidate: configRecord(0.5, 500, 'gpt-realtime-mini').config_id });
    const two = runOf([item('a', { config: configRecord(0.3) }), item('a', { config: configRecord(0.7) })]);
    expect(() => compareRuns(baseline, two, { gate: parseGate([]), seed: 1 })).toThrow(ConfigError);
  });

  it('compares only the items both runs have, and lists configs only one has', () => {
    const candidate = runOf([...ids.slice(0, 4).map((id) => item(id)), item('z'), item('a', { config: configRecord(0.9) })]);
    const result = compareRuns(baseline, candidate, { gate: parseGate([]), seed: 1 });
    expect(result.pairs[0]).toMatchObject({ sharedItems: 4, baselineOnly: 2, candidateOnly: 1 });
    expect(result.unmatched.candidate).toEqual([configRecord(0.9).config_id]);
  });
});
