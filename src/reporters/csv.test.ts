import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderBenchCsv } from '../bench/perf/render.js';
import { configRecord, item, runOf, turn } from '../../test/helpers/items.js';
import { escapeFormula, renderItemsCsv, renderSummaryCsv, renderTurnsCsv } from './csv.js';

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

/** Lines as a reader that takes a bare carriage return for a line end (Excel, Python's universal newlines) sees them. */
const physicalLines = (csv: string): string[] => {
  const lines: string[] = [];
  let quoted = false;
  let line = '';
  for (const c of csv) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === '\r' || c === '\n')) {
      lines.push(line);
      line = '';
    } else line += c;
  }
  return lines;
};

describe('line breaks inside cells', () => {
  const cr = { ...turn(0), transcript: 'one\rtwo' };
  const row = { ...item('id\rwith a return', { turns: [cr], config: { ...configRecord(), config_id: 'cfg\rid' } }), reference: 'ref\rtext', hypothesis: 'hyp\r\nnext\nline' };

  it('quotes a bare carriage return, so no CSV file splits a row (items, turns, summary, appended rows, bench)', () => {
    const files = {
      items: renderItemsCsv([row]),
      appended: renderItemsCsv([row], { header: false }),
      turns: renderTurnsCsv([row]),
      turnsAppended: renderTurnsCsv([row], { header: false }),
      summary: renderSummaryCsv(runOf([row])),
      bench: renderBenchCsv([{ metric: 'm', label: 'l\rx', unit: 'ms', value: 1, alternative: null, alternativeValue: null, target: '<= 1', met: null, detail: 'a\rb' }]),
    };
    for (const [name, csv] of Object.entries(files)) {
      const records: string[][] = parse(csv, { relax_column_count: false });
      expect(physicalLines(csv).filter((l) => l !== '').length, name).toBe(records.length);
    }
    const [parsed] = parse<Record<string, string>>(files.items, { columns: true });
    expect(parsed).toMatchObject({ item_id: 'id\rwith a return', reference: 'ref\rtext', hypothesis: 'hyp\r\nnext\nline', config_id: 'cfg\rid' });
    const [turnRow] = parse<Record<string, string>>(files.turns, { columns: true });
    expect(turnRow?.transcript).toBe('one\rtwo');
  });
});
