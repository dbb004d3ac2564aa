import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { item, recordFor, runOf, turn } from '../../test/helpers/items.js';
import { ITEM_COLUMNS, TURN_COLUMNS } from './csv.js';
import { createResultsDirReporter, writeResults } from './results-dir.js';

const table = (dir: string, file: string): Record<string, string>[] => parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { columns: true });

describe('the results-dir reporter', () => {
  const first = item('b-item', { turns: [turn(0), turn(1)] });
  const second = item('a-item', { turns: [turn(0)] });

  it('has the tables with their headers from the start, and each session’s rows as it ends', () => {
    const dir = tempDir();
    const reporter = createResultsDirReporter();
    const run = runOf([first, second]);
    void reporter.onRunStart?.(run.meta, dir);
    expect(readFileSync(join(dir, 'items.csv'), 'utf8')).toBe(`${ITEM_COLUMNS.join(',')}\n`);
    expect(readFileSync(join(dir, 'turns.csv'), 'utf8')).toBe(`${TURN_COLUMNS.join(',')}\n`);
    void reporter.onResult?.(first, 1, 2);
    expect(table(dir, 'items.csv').map((r) => r.item_id)).toEqual(['b-item']);
    void reporter.onResult?.(second, 2, 2);
    expect(table(dir, 'items.csv').map((r) => r.item_id)).toEqual(['b-item', 'a-item']);
    expect(table(dir, 'turns.csv').map((r) => `${r.item_id}/${r.turn_index}`)).toEqual(['b-item/0', 'b-item/1', 'a-item/0']);
  });

  it('appends results kept by a resume after the header, and ends with the sorted tables writeResults writes', () => {
    const dir = tempDir();
    const reporter = createResultsDirReporter();
    const run = runOf([second, first]);
    void reporter.onRunStart?.(run.meta, dir);
    void reporter.onKept?.([first]);
    void reporter.onResult?.(second, 2, 2);
    expect(table(dir, 'items.csv').map((r) => r.item_id)).toEqual(['b-item', 'a-item']);
    void reporter.onRunEnd(run, dir);
    const ended = readFileSync(join(dir, 'items.csv'), 'utf8');
    const other = tempDir();
    writeResults(run, other, run.items.map(recordFor));
    expect(ended).toBe(readFileSync(join(other, 'items.csv'), 'utf8'));
    expect(table(dir, 'items.csv').map((r) => r.item_id)).toEqual(['a-item', 'b-item']);
  });
});
