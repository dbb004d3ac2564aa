import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta, RunResult } from '../bench/run-result.js';
import { cassettePath } from '../bench/unit.js';
import type { ItemResult } from '../metrics/item-result.js';
import { parseCassette } from '../pipeline/cassette.js';
import type { SessionRecord } from '../pipeline/record.js';
import { renderItemsCsv, renderSummaryCsv, renderTurnsCsv } from './csv.js';
import { renderHtml, type HtmlInputs } from './html/render.js';
import { pickSessions } from './html/report-data.js';
import { renderRunJson, renderSummaryJson } from './json.js';
import type { Reporter } from './reporter.js';

/** Names of the files a run folder holds (DESIGN.md §5). */
export const RESULT_FILES = ['run.json', 'items.csv', 'turns.csv', 'summary.csv', 'summary.json', 'report.html'] as const;

/** The cassettes of the sessions the report draws, read back from the run folder (unreadable ones are skipped). */
function readDrawnRecords(run: RunResult, runDir: string): SessionRecord[] {
  return pickSessions(run.items).flatMap((item) => {
    const path = cassettePath(runDir, { config: { configId: item.config.config_id }, itemId: item.itemId, repeat: item.repeat });
    try {
      return [parseCassette(readFileSync(path, 'utf8'), path)];
    } catch {
      // A session without a readable cassette is still in every table; it only has no timeline.
      return [];
    }
  });
}

/**
 * Writes every file of a finished (or interrupted) run into `runDir`. The report's timelines
 * come from `records`, or from the cassettes in `runDir/sessions` when none are given; `html`
 * adds to the report (a tune's section).
 */
export function writeResults(run: RunResult, runDir: string, records?: readonly SessionRecord[], html: Pick<HtmlInputs, 'tune'> = {}): void {
  writeFileSync(join(runDir, 'run.json'), renderRunJson(run.meta));
  writeFileSync(join(runDir, 'items.csv'), renderItemsCsv(run.items));
  writeFileSync(join(runDir, 'turns.csv'), renderTurnsCsv(run.items));
  writeFileSync(join(runDir, 'summary.csv'), renderSummaryCsv(run));
  writeFileSync(join(runDir, 'summary.json'), renderSummaryJson(run));
  writeFileSync(join(runDir, 'report.html'), renderHtml(run, { ...html, records: records ?? readDrawnRecords(run, runDir) }));
}

/**
 * Keeps the run folder current: run.json at the start, each session's rows of items.csv and
 * turns.csv appended as it ends, every file rewritten (rows sorted) at the end. Appending keeps
 * the work per session small and constant: rewriting both tables after every session cost
 * 13 ms at 200 sessions, with the event loop blocked for every stream still being paced.
 */
export function createResultsDirReporter(): Reporter {
  let dir = '';
  const append = (results: readonly ItemResult[]): void => {
    appendFileSync(join(dir, 'items.csv'), renderItemsCsv(results, { header: false }));
    appendFileSync(join(dir, 'turns.csv'), renderTurnsCsv(results, { header: false }));
  };
  return {
    name: 'results-dir',
    onRunStart(meta: RunMeta, runDir: string) {
      dir = runDir;
      writeFileSync(join(runDir, 'run.json'), renderRunJson(meta));
      writeFileSync(join(runDir, 'items.csv'), renderItemsCsv([]));
      writeFileSync(join(runDir, 'turns.csv'), renderTurnsCsv([]));
    },
    onResult(result: ItemResult) {
      append([result]);
    },
    onKept(kept: readonly ItemResult[]) {
      append(kept);
    },
    onRunEnd(run: RunResult, runDir: string) {
      writeResults(run, runDir);
    },
  };
}
