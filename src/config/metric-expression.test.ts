import { describe, expect, it } from 'vitest';
import { evaluateExpression, expressionNames, formatExpression, parseMetricExpression, type MetricExpression } from './metric-expression.js';

function parse(text: string): MetricExpression {
  const parsed = parseMetricExpression(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.expr;
}

const values: Record<string, number | null> = { a: 2, b: 3, c: 4, 'x_ms.p95': 1000, none: null, zero: 0 };
const lookup = (name: string): number | null => values[name] ?? null;
const value = (text: string): number | null => evaluateExpression(parse(text), lookup);

describe('metric expressions', () => {
  it('binds * and / tighter than + and -, and groups each level from the left', () => {
    expect(value('a + b * c')).toBe(14);
    expect(value('(a + b) * c')).toBe(20);
    expect(value('c - b - a')).toBe(-1);
    expect(value('c / a / a')).toBe(1);
    expect(value('-a * -b')).toBe(6);
    expect(value('x_ms.p95/100 + 1.5e1')).toBe(25);
    expect(value('.5*a')).toBe(1);
  });

  it('has no value when a name has none or the result is not finite', () => {
    expect(value('a + none')).toBeNull();
    expect(value('a / zero')).toBeNull();
    expect(value('unknown')).toBeNull();
  });

  it('lists the names it uses once each', () => {
    expect(expressionNames(parse('a + b*a - x_ms.p95/(b + 2)'))).toEqual(['a', 'b', 'x_ms.p95']);
  });

  it('writes itself out with only the parentheses it needs, and reads back the same', () => {
    for (const [text, written] of [
      ['a+b*c', 'a + b*c'],
      ['(a+b)*c', '(a + b)*c'],
      ['a-(b-c)', 'a - (b - c)'],
      ['(a-b)-c', 'a - b - c'],
      ['a/(b/c)', 'a/(b/c)'],
      ['-(a+b)', '-(a + b)'],
      ['x_ms.p95 / 100', 'x_ms.p95/100'],
    ] as const) {
      expect(formatExpression(parse(text)), text).toBe(written);
      expect(evaluateExpression(parse(written), lookup), written).toBe(value(text));
    }
  });

  it('says what is wrong with text that is not an expression', () => {
    const error = (text: string): string => {
      const parsed = parseMetricExpression(text);
      return 'error' in parsed ? parsed.error : 'parsed';
    };
    expect(error('')).toBe('the expression is empty');
    expect(error('a +')).toBe('the expression ends where a number or a metric should be');
    expect(error('(a + b')).toBe('a "(" is not closed');
    expect(error('a b')).toBe('unexpected "b" after a complete expression');
    expect(error('a % b')).toBe('unexpected "% b" at character 3');
    expect(error('* a')).toBe('"*" where a number or a metric should be');
  });
});
