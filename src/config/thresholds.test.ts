import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseGate, parseThresholds } from './thresholds.js';

describe('parseGate', () => {
  it('reads absolute thresholds and baseline rules from one comma list', () => {
    const gate = parseGate(['wer>0.08,stopped_to_transcript_ms.p95>=1500', 'wer:+0.01,stopped_to_first_audio_ms.p50:+10%', 'false_starts_per_hour:-1']);
    expect(gate.thresholds).toEqual([
      { expression: 'wer>0.08', metric: 'wer', op: '>', value: 0.08 },
      { expression: 'stopped_to_transcript_ms.p95>=1500', metric: 'stopped_to_transcript_ms.p95', op: '>=', value: 1500 },
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

describe('parseThresholds', () => {
  it('sends baseline rules to rtbench compare', () => {
    expect(() => parseThresholds(['wer:+0.01'])).toThrow(/needs one; use `rtbench compare <baseline-dir> <candidate-dir> --fail-on 'wer:\+0\.01'`/);
    expect(parseThresholds(['turn_split_rate>0.05'])).toHaveLength(1);
  });
});
