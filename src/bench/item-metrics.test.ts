import { describe, expect, it } from 'vitest';
import { metricValue, THRESHOLD_METRICS } from '../config/thresholds.js';
import { summarizeConfig } from '../metrics/summary.js';
import { configRecord, item, turn } from '../../test/helpers/items.js';
import { metricOfItems } from './item-metrics.js';

describe('metricOfItems', () => {
  const items = [
    item('a', { words: 12, errors: 2, turns: [turn(0, { transcript: 400, firstAudio: 300 }), turn(1, { transcript: 900 }), turn(2, {}, true)], splits: 1 }),
    item('b', { words: 8, errors: 0, turns: [turn(0, { transcript: 700, endToStopped: 650 })] }),
    item('c', { words: 5, errors: 5, status: 'error', turns: [] }),
  ];

  it('agrees with summary.csv on every threshold metric', () => {
    const summary = summarizeConfig(configRecord(), items, 1);
    for (const metric of THRESHOLD_METRICS) {
      const direct = metricOfItems(items, metric);
      const fromSummary = metricValue(summary, metric);
      if (fromSummary === null) expect(direct, metric).toBeNull();
      else expect(direct, metric).toBeCloseTo(fromSummary, 9);
    }
  });

  it('pools WER over words, not over items', () => {
    expect(metricOfItems(items, 'wer')).toBeCloseTo(7 / 25, 12);
    expect(metricOfItems([], 'wer')).toBeNull();
    expect(metricOfItems(items, 'stopped_to_transcript_ms.p50')).toBe(650);
  });
});
