import { describe, expect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../../../test/helpers/items.js';
import { parseObjective } from '../../config/objective.js';
import { parseThresholds, evaluateThresholds } from '../../config/thresholds.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { answerOf, gateOf, roundOutward, settingOptions } from './answer.js';
import { settingEvidence } from './evidence.js';
import { decideRound, type RoundRules, type SettingResults } from './round.js';

const ITEMS = ['a', 'b', 'c', 'd', 'e'];

function setting(gridIndex: number, config: ConfigRecord, splits: readonly number[]): SettingResults {
  return { config, gridIndex, results: ITEMS.map((id, k) => item(id, { config, splits: splits[k] ?? 0, turns: [turn(0), turn(1)] })) };
}

const rules = (objective: string): RoundRules => ({ objective: parseObjective(objective), eta: 3, alpha: 0.05, seed: 1, resamples: 300 });

describe('answerOf', () => {
  const configs = [configRecord(0.5, 500), configRecord(0.6, 500), configRecord(0.5, 300), configRecord(0.4, 500)];
  const settings = [
    setting(0, configs[0] as ConfigRecord, [0, 1, 0, 0, 0]),
    setting(1, configs[1] as ConfigRecord, [0, 0, 1, 0, 0]),
    setting(2, configs[2] as ConfigRecord, [2, 2, 1, 2, 2]),
    setting(3, configs[3] as ConfigRecord, [0, 0, 0, 0, 0]),
  ];

  it('recommends the leader, lists the settings not significantly worse, and those that are', () => {
    const r = rules('min turn_split_rate');
    const last = decideRound(1, true, settings, ITEMS, r);
    const answer = answerOf(last, settings, r);
    expect(answer.recommended?.configId).toBe(configs[3]?.config_id);
    expect(answer.runnersUp.map((c) => c.configId)).toEqual([configs[0]?.config_id, configs[1]?.config_id]);
    expect(answer.runnersUp[0]).toMatchObject({ objective: 0.1, delta: 0.1, items: 5 });
    expect(answer.worse.map((c) => [c.configId, c.delta])).toEqual([[configs[2]?.config_id, 0.9]]);
    expect(answer.worse[0]?.pWorse).toBeLessThan(0.05);
    const evidence = settingEvidence([last], answer);
    expect(evidence.map((e) => e.verdict)).toEqual(['runner-up', 'runner-up', 'worse', 'recommended']);
  });

  it('reports a max objective the right way up', () => {
    const r = rules('max -turn_split_rate');
    const answer = answerOf(decideRound(1, true, settings, ITEMS, r), settings, r);
    expect(answer.recommended?.configId).toBe(configs[3]?.config_id);
    expect(answer.worse[0]).toMatchObject({ configId: configs[2]?.config_id, objective: -0.9, delta: -0.9 });
    expect(answer.worse[0]?.ciHigh).toBeLessThan(0);
    expect(answer.gate).toEqual(['-turn_split_rate < 0']);
  });

  it('has no recommendation when no setting meets the conditions', () => {
    const r = rules('min turn_split_rate subject to turn_split_rate<0');
    const answer = answerOf(decideRound(1, true, settings, ITEMS, r), settings, r);
    expect(answer).toMatchObject({ recommended: null, runnersUp: [], gate: [] });
  });

  it('writes a gate the recommended setting passes and a worse one fails', () => {
    const r = rules('min turn_split_rate + silence_duration_ms/10000 subject to wer<0.1');
    const answer = answerOf(decideRound(1, true, settings.slice(0, 2), ITEMS, r), settings.slice(0, 2), r);
    expect(answer.recommended?.configId).toBe(configs[0]?.config_id);
    expect(answer.gate[1]).toBe('wer >= 0.1');
    const run = runOf([...(settings[0]?.results ?? []), ...(settings[2]?.results ?? [])]);
    const checks = evaluateThresholds(parseThresholds(answer.gate), run.summary);
    expect(checks.filter((c) => c.failed).map((c) => c.configId)).toEqual([configs[2]?.config_id]);
  });
});

describe('the gate and the config file', () => {
  it('rounds the bound outward to 4 significant digits', () => {
    expect(roundOutward(0.0601, true)).toBe(0.0601);
    expect(roundOutward(0.06 + 1e-12, true)).toBe(0.06);
    expect(roundOutward(0.0600001, true)).toBe(0.06001);
    expect(roundOutward(0.06, true)).toBe(0.06);
    expect(roundOutward(1234.56, true)).toBe(1235);
    expect(roundOutward(1234.56, false)).toBe(1234);
    expect(roundOutward(-0.12345, false)).toBe(-0.1235);
    expect(roundOutward(0, true)).toBe(0);
  });

  it('negates each constraint into a --fail-on expression', () => {
    expect(gateOf(parseObjective('min wer subject to stopped_to_transcript_ms.p95<1200, cer>=0.01, turn_split_rate <= 0.1'), 0.05)).toEqual([
      'wer > 0.05',
      'stopped_to_transcript_ms.p95 >= 1200',
      'cer < 0.01',
      'turn_split_rate > 0.1',
    ]);
  });

  it('turns a config into the options of rtbench run', () => {
    expect(settingOptions(configRecord(0.3, 700))).toEqual({
      model: ['gpt-realtime'], transcribeModel: ['gpt-4o-transcribe'], protocol: ['ga'], session: ['realtime'], vad: ['server_vad'],
      threshold: [0.3], prefixPaddingMs: [300], silenceDurationMs: [700], rate: [24000], format: 'pcm16',
    });
    const semantic: ConfigRecord = { ...configRecord(), session: 'transcription', vad: 'semantic_vad', threshold: null, prefix_padding_ms: null, silence_duration_ms: null, eagerness: 'low', format: 'g711_ulaw', rate_hz: 8000 };
    expect(settingOptions(semantic)).toEqual({ transcribeModel: ['gpt-4o-transcribe'], protocol: ['ga'], session: ['transcription'], vad: ['semantic_vad'], eagerness: ['low'], format: 'g711_ulaw' });
  });
});
