import { describe, expect, it } from 'vitest';
import { parseSettingValues, parseSteps, rangeValues } from './space.js';

describe('ranges of settings', () => {
  it('counts from..to inclusive at the step, without floating-point dust', () => {
    expect(rangeValues(0.2, 0.9, 0.1)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(rangeValues(200, 1500, 300)).toEqual([200, 500, 800, 1100, 1400]);
    expect(rangeValues(0.05, 0.2, 0.05)).toEqual([0.05, 0.1, 0.15, 0.2]);
  });

  it('reads a range with the setting\'s step, its own step, or a list, sorted and without repeats', () => {
    const problems: string[] = [];
    expect(parseSettingValues('threshold', '0.3..0.6', undefined, problems)).toEqual([0.3, 0.4, 0.5, 0.6]);
    expect(parseSettingValues('silenceDurationMs', '200..1400:400', 50, problems)).toEqual([200, 600, 1000, 1400]);
    expect(parseSettingValues('silenceDurationMs', '200..400', 100, problems)).toEqual([200, 300, 400]);
    expect(parseSettingValues('prefixPaddingMs', '500,100,300..400,100', undefined, problems)).toEqual([100, 300, 400, 500]);
    expect(parseSettingValues('threshold', [0.5, 0.7], undefined, problems)).toEqual([0.5, 0.7]);
    expect(parseSettingValues('threshold', undefined, undefined, problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('names what is wrong with a range', () => {
    const problems: string[] = [];
    parseSettingValues('threshold', '0.9..0.2', undefined, problems);
    parseSettingValues('silenceDurationMs', '200..1500:0', undefined, problems);
    parseSettingValues('silenceDurationMs', '0..100000:1', undefined, problems);
    parseSettingValues('prefixPaddingMs', 'lots', undefined, problems);
    expect(problems).toEqual([
      '--threshold 0.9..0.2: the range ends below where it starts',
      '--silence-duration-ms 200..1500:0: the step must be above 0',
      '--silence-duration-ms 0..100000:1: 100001 values at step 1; use a larger step (at most 1000 values)',
      '--prefix-padding-ms lots: not a number or a range (write from..to, from..to:step or a comma list)',
    ]);
  });

  it('reads --step by setting name or flag; a named step wins over a bare one wherever it stands', () => {
    const problems: string[] = [];
    expect(parseSteps(['threshold=0.05,50', 'prefix-padding-ms=20'], problems)).toEqual({ threshold: 0.05, prefixPaddingMs: 20, silenceDurationMs: 50 });
    expect(parseSteps('volume=3,silence_duration_ms=-1', problems)).toEqual({});
    expect(problems).toEqual(['--step volume=3: unknown setting "volume"; use threshold, prefix_padding_ms, silence_duration_ms', '--step silence_duration_ms=-1: the step must be a number above 0']);
  });
});
