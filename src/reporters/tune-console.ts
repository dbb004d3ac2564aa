import { join } from 'node:path';
import type { Contender } from '../bench/tune/answer.js';
import type { RoundStart, TuneResult } from '../bench/tune/tune.js';
import { GATE_FILE, RECOMMENDED_CONFIG_FILE, type RoundRecord, type TuneFile } from '../bench/tune/tune-file.js';
import type { ItemResult } from '../metrics/item-result.js';
import type { ProgressMode } from './console.js';
import { sessionLine } from './console.js';
import { formatNumber } from './format.js';
import { isCiMilestone, renderProgressLine } from './progress.js';
import type { Reporter, TextSink } from './reporter.js';

/** How the tune's console output looks. */
export interface TuneConsoleOptions {
  readonly color: boolean;
  /** `lines`: a line per session; `ci` and `bar`: a line per tenth of each round. */
  readonly mode: ProgressMode;
  /** Monotonic ms, for elapsed time and ETA. */
  readonly now: () => number;
}

const value = (v: number | null | undefined): string => formatNumber(v, 4) || 'n/a';

/** Progress of one round: a heading, then a line per session (or per tenth of the round). */
export function createTuneRoundReporter(out: TextSink, options: TuneConsoleOptions, round: RoundStart): Reporter {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let startMs = 0;
  let errors = 0;
  return {
    name: 'tune-round',
    onRunStart() {
      startMs = options.now();
      out.write(`\nround ${round.index + 1}/${round.rounds}: ${round.settings} setting(s) on ${round.items} item(s), ${round.sessions} new session(s)\n`);
    },
    onKept(kept: readonly ItemResult[]) {
      if (kept.length > 0) out.write(`resuming: ${kept.length} finished session(s) of this round kept from the folder\n`);
    },
    onResult(r: ItemResult, done: number, total: number) {
      if (r.status === 'error') errors++;
      if (options.mode === 'lines' || r.status === 'error') out.write(sessionLine(r, done, total, paint));
      if (options.mode !== 'lines' && isCiMilestone(done, total)) out.write(`${renderProgressLine({ done, total, elapsedMs: options.now() - startMs, errors })}\n`);
    },
    onRunEnd() {
      return undefined;
    },
  };
}

/** What a round decided, in a few lines. */
export function renderRoundEnd(record: RoundRecord): string {
  const [best] = record.ranking;
  const lead = best === undefined ? '' : `  best so far: ${best.configId} (objective ${value(best.objective)}${best.feasible ? '' : `; misses ${best.unmet.join('; ')}`})\n`;
  const next = record.stop === 'sure' ? '  stopping: the leader is significantly better than every setting that would go on\n' : record.stop === null ? `  kept ${record.kept.length} of ${record.ranking.length} for the next round\n` : '';
  return `${lead}${next}`;
}

function contenderLine(c: Contender): string {
  const delta = c.delta === null ? 'n/a' : `${c.delta >= 0 ? '+' : ''}${value(c.delta)}`;
  const ci = c.ciLow === null || c.ciHigh === null ? '' : ` [${value(c.ciLow)} … ${value(c.ciHigh)}]`;
  return `  ${c.configId}  objective ${value(c.objective)}  Δ ${delta}${ci}  p(worse) ${c.pWorse === null ? 'no test' : c.pWorse.toFixed(4)}\n`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The end of a tune: what it cost, what it recommends, the runners-up, and where the files are. */
export function renderTuneEnd(result: TuneResult): string {
  const { file, answer, dir } = result;
  const share = file.plan.fullGridSessions === 0 ? 0 : Math.round((100 * file.sessionsUsed) / file.plan.fullGridSessions);
  const lines = [`\nsessions: ${file.sessionsUsed} of ${file.plan.fullGridSessions} for the full grid (${share}%), ${file.rounds.length} of ${file.plan.rounds.length} round(s)\n`];
  for (const p of result.skipped) lines.push(`left out of the search (its manifest line cannot be read): ${p.id}: ${p.message}\n`);
  if (file.status === 'interrupted') lines.push(`interrupted: finish it with rtbench tune --resume ${dir}\n`);
  else if (answer?.recommended) {
    const best = answer.recommended;
    const interval = answer.objectiveInterval;
    const ci = interval?.ciLow != null && interval.ciHigh != null ? ` (95% interval ${value(interval.ciLow)} … ${value(interval.ciHigh)})` : '';
    lines.push(`recommended: ${best.configId}\n  objective ${value(best.objective)}${ci} on ${answer.items} item(s); ${Object.entries(best.values).map(([k, v]) => `${k} ${value(v)}`).join(', ')}\n`);
    lines.push(answer.runnersUp.length === 0 ? 'runners-up: none (every other setting of the last round is significantly worse or misses a condition)\n' : `runners-up (not significantly worse; paired bootstrap over the same items, alpha ${file.search.alpha}):\n${answer.runnersUp.map(contenderLine).join('')}`);
    if (answer.worse.length > 0) lines.push(`significantly worse: ${answer.worse.length} setting(s) of the last round\n`);
    lines.push(`config: ${join(dir, RECOMMENDED_CONFIG_FILE)}  (rtbench run --config ${join(dir, RECOMMENDED_CONFIG_FILE)})\n`);
    lines.push(`gate: --fail-on ${shellQuote(answer.gate.join(','))}  (also in ${join(dir, GATE_FILE)})\n`);
  } else if (file.status === 'done') {
    lines.push(`no setting met every condition of the objective; ${describeMisses(file)}\n`);
  }
  if (result.run.meta.emulated) lines.push('note: emulated run: transcripts come from the references and latencies from the emulator profiles.\n');
  lines.push(`report: ${join(dir, 'report.html')}\n`);
  return lines.join('');
}

function describeMisses(file: TuneFile): string {
  const best = file.rounds.at(-1)?.ranking[0];
  return best === undefined ? 'no setting ran' : `the closest, ${best.configId}, misses ${best.unmet.join('; ')}`;
}
