import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { configRecord, item, runOf } from '../../test/helpers/items.js';
import { parseGate, parseThresholds } from './thresholds.js';

describe('parseGate', () => {
  it('reads absolute thresholds and baseline rules from one comma list', () => {
    const gate = parseGate(['wer>0.08,stopped_to_transcript_ms.p95>=1500', 'wer:+0.01,stopped_to_first_audio_ms.p50:+10%', 'false_starts_per_hour:-1']);
    expect(gate.thresholds).toMatchObject([
      { expression: 'wer>0.08', metric: 'wer', op: '>', value: 0.08, metrics: ['wer'] },
      { expression: 'stopped_to_transcript_ms.p95>=1500', metric: 'stopped_to_transcript_ms.p95', op: '>=', value: 1500, metrics: ['stopped_to_transcript_ms.p95'] },
    ]);
    expect(gate.deltas).toEqual([
      { expression: 'wer:+0.01', metric: 'wer', allowance: 0.01, relative: false },
      { expression: 'stopped_to_first_audio_ms.p50:+10%', metric: 'stopped_to_first_audio_ms.p50', allowance: 0.1, relative: true },
      { expression: 'false_starts_per_hour:-1', metric: 'false_starts_per_hour', allowance: -1, relative: false },
    ]);
  });

  it('names every bad expression at once', () => {
    let error: unknown;
    try {
      parseGate(['wer>>1', 'latency.p50>3', 'wer:+1.2.3', 'turn_split_rate>0.05']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('--fail-on wer>>1: write it as metric>value');
    expect(problems[1]).toContain('unknown metric "latency.p50"');
    expect(problems[2]).toContain('"+1.2.3" is not a number');
  });
});

describe('thresholds over expressions', () => {
  it('takes an expression over metrics and settings on the left', () => {
    const [t] = parseThresholds(['turn_split_rate + false_starts_per_hour/100 >= 0.2']);
    expect(t).toMatchObject({ metric: 'turn_split_rate + false_starts_per_hour/100', op: '>=', value: 0.2, metrics: ['turn_split_rate', 'false_starts_per_hour'] });
    expect(parseThresholds(['silence_duration_ms/1000 + wer > 1'])[0]?.metrics).toEqual(['wer']);
  });

  it('checks the expression on every config, settings taken from the config', () => {
    const items = [item('a', { config: configRecord(0.5, 500), splits: 1 }), item('a', { config: configRecord(0.5, 900) })];
    const run = runOf(items, ['turn_split_rate + silence_duration_ms/1000 > 0.8']);
    expect(run.thresholds.map((t) => [t.configId.includes('s500') ? 500 : 900, t.actual, t.failed])).toEqual([
      [500, 1.5, true],
      [900, 0.9, true],
    ]);
    const loose = runOf(items, ['turn_split_rate + silence_duration_ms/1000 > 1']);
    expect(loose.thresholds.map((t) => t.failed)).toEqual([true, false]);
  });

  it('says what is wrong with a bad expression', () => {
    expect(() => parseThresholds(['(wer + cer > 1'])).toThrow('--fail-on (wer + cer > 1: write it as metric>value (wer>0.08, stopped_to_transcript_ms.p95>1500, turn_split_rate + false_starts_per_hour/100 > 0.2) (a "(" is not closed)');
    expect(() => parseThresholds(['wer + latency > 1'])).toThrow('unknown metric "latency"');
  });
});

describe('parseThresholds', () => {
  it('sends baseline rules to rtbench compare', () => {
    expect(() => parseThresholds(['wer:+0.01'])).toThrow(/needs one; use `rtbench compare <baseline-dir> <candidate-dir> --fail-on 'wer:\+0\.01'`/);
    expect(parseThresholds(['turn_split_rate>0.05'])).toHaveLength(1);
  });
});
