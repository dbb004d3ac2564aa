import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { conditionHolds, describeObjective, objectiveValue, parseConditions, parseObjective } from './objective.js';

function problemsOf(text: string): readonly string[] {
  return configProblems(() => parseObjective(text));
}

describe('parseObjective', () => {
  it('reads min/max, an expression and its constraints', () => {
    const o = parseObjective('min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200, wer <= 0.1');
    expect(o.direction).toBe('min');
    expect(o.expression).toBe('turn_split_rate + false_starts_per_hour/100');
    expect(o.constraints.map((c) => [c.metric, c.op, c.value])).toEqual([['stopped_to_transcript_ms.p95', '<', 1200], ['wer', '<=', 0.1]]);
    expect(o.metrics).toEqual(['turn_split_rate', 'false_starts_per_hour', 'stopped_to_transcript_ms.p95', 'wer']);
    expect(describeObjective(o)).toBe('min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200, wer<=0.1');
    expect(parseObjective('Maximize -wer').direction).toBe('max');
  });

  it('takes settings as terms, and leaves them out of the metrics', () => {
    const o = parseObjective('min turn_split_rate + silence_duration_ms/10000');
    expect(o.metrics).toEqual(['turn_split_rate']);
    const values: Record<string, number> = { turn_split_rate: 0.25, silence_duration_ms: 500 };
    expect(objectiveValue(o, (n) => values[n] ?? null)).toBeCloseTo(0.3, 12);
    expect(objectiveValue(o, () => null)).toBeNull();
  });

  it('names every problem at once', () => {
    expect(problemsOf('turn_split_rate')[0]).toContain('start with min or max');
    const problems = problemsOf('min turn_split_rate + latency subject to wer<<1, cer:+1');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('unknown metric "latency"');
    expect(problems[1]).toContain('--objective constraint wer<<1: write it as metric>value');
    expect(problems[2]).toContain('--objective constraint cer:+1: a condition compares a metric with a number');
    expect(problemsOf('min wer subject to')).toEqual(['--objective: "subject to" needs at least one constraint, e.g. stopped_to_transcript_ms.p95<1200']);
    expect(problemsOf('min (wer')[0]).toBe('--objective: "(wer" is not an expression (a "(" is not closed)');
  });
});

describe('conditions', () => {
  it('hold only when the comparison holds with a value', () => {
    const [below, above] = parseConditions(['wer<0.1,stopped_to_transcript_ms.p95 - 200 >= 1000'], 'toMeet');
    const values: Record<string, number | null> = { wer: 0.05, 'stopped_to_transcript_ms.p95': 1100 };
    const lookup = (n: string): number | null => values[n] ?? null;
    expect(below && conditionHolds(below, lookup)).toBe(true);
    expect(above && conditionHolds(above, lookup)).toBe(false);
    expect(below && conditionHolds(below, () => null)).toBe(false);
  });
});
