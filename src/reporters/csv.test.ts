import { describe, expect, it } from 'vitest';
import { escapeFormula } from './csv.js';

describe('escapeFormula', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx'])('neutralises %j', (value) => {
    expect(escapeFormula(value)).toBe(`'${value}`);
  });

  it('leaves numbers and plain text alone', () => {
    expect(escapeFormula('-20.5')).toBe('-20.5');
    expect(escapeFormula('1e-3')).toBe('1e-3');
    expect(escapeFormula('hello = world')).toBe('hello = world');
  });
});
