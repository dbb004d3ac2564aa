import { describe, expect as vitestExpect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../test/helpers/items.js';
import { checkConditions } from './library.js';
import { expect } from './vitest.js';

const run = runOf([
  item('a', { config: configRecord(0.5, 500), errors: 1, words: 10 }),
  item('a', { config: configRecord(0.5, 900), errors: 3, words: 10, turns: [turn(0), turn(1)], splits: 1 }),
]);

describe('checkConditions', () => {
  it('lists each condition a config does not meet, with its value', () => {
    vitestExpect(checkConditions(run, 'wer<0.2')).toEqual([{ expression: 'wer<0.2', configId: configRecord(0.5, 900).config_id, actual: 0.3 }]);
    vitestExpect(checkConditions(run, ['wer<0.5', 'turn_split_rate + silence_duration_ms/1000 < 2'])).toEqual([]);
    vitestExpect(checkConditions(run, 'mint_ms.p50<100').map((u) => u.actual)).toEqual([null, null]);
    vitestExpect(() => checkConditions(run, 'wer:+0.1')).toThrow('condition wer:+0.1: a condition compares a metric with a number');
  });
});

describe('toMeet', () => {
  it('passes when every config meets every condition, and says which do not', () => {
    expect(run).toMeet('wer<0.5, turn_split_rate<=0.5');
    expect(run).not.toMeet('wer<0.2');
    vitestExpect(() => {
      expect(run).toMeet(['wer<0.2', 'mint_ms.p50<100']);
    }).toThrow(
      [
        'expected the run to meet wer<0.2, mint_ms.p50<100:',
        `  wer<0.2 is not met by ${configRecord(0.5, 900).config_id} (actual 0.3)`,
        `  mint_ms.p50<100 is not met by ${configRecord(0.5, 500).config_id} (actual no value)`,
      ].join('\n'),
    );
    vitestExpect(() => {
      expect(run).not.toMeet('wer<1');
    }).toThrow('expected the run not to meet wer<1, but every config (2) meets it');
    vitestExpect(() => {
      expect({ items: [] }).toMeet('wer<1');
    }).toThrow('toMeet expects the result of runBenchmark or replay');
  });
});
