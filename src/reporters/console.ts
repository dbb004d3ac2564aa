import { join } from 'node:path';
import type { RunMeta, RunResult } from '../bench/run-result.js';
import type { ItemResult } from '../metrics/item-result.js';
import { formatNumber, ms, rate } from './format.js';
import { isCiMilestone, renderProgressBar, renderProgressLine } from './progress.js';
import type { Reporter, TextSink } from './reporter.js';

/** How progress is shown: a live bar (terminal), a line per tenth of the run (CI logs), or a line per session (pipes). */
export type ProgressMode = 'bar' | 'ci' | 'lines';

/** How the console reporter prints. */
export interface ConsoleOptions {
  /** Colour with ANSI codes (off under NO_COLOR or when not a TTY). */
  readonly color: boolean;
  /** @default 'lines' */
  readonly mode?: ProgressMode;
  /** Monotonic ms, for elapsed time and ETA. @default no timing (elapsed stays 0) */
  readonly now?: () => number;
  /** How often the bar redraws between sessions (elapsed time, ETA); 0 = only after sessions. @default 1000 */
  readonly refreshMs?: number;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Renders rows as an aligned plain-text table. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => pad(cell, widths[c] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The per-config table printed at the end of a run. */
export function renderSummaryTable(run: RunResult): string {
  const rows = run.summary.map((s) => [
    s.config.config_id,
    `${s.itemsOk}/${s.items}`,
    rate(s.wer.value),
    `${s.turnsDetected}/${s.turnsExpected}`,
    String(s.turnsSplit),
    String(s.falseStarts),
    `${ms(s.latencies.stopped_to_transcript_ms.p50.value)}/${ms(s.latencies.stopped_to_transcript_ms.p95.value)}`,
    `${ms(s.latencies.stopped_to_first_audio_ms.p50.value)}/${ms(s.latencies.stopped_to_first_audio_ms.p95.value)}`,
  ]);
  return renderTable(['config', 'ok', 'wer', 'turns det/exp', 'splits', 'false starts', 'transcript ms p50/p95', 'first audio ms p50/p95'], rows);
}

/** One line about a finished session: its item, config, status and headline numbers. */
export function sessionLine(r: ItemResult, done: number, total: number, paint: (code: number, text: string) => string): string {
  const width = String(total).length;
  const status = r.status === 'ok' ? paint(32, 'ok') : paint(31, 'error');
  const detail = r.status === 'ok' ? `wer ${rate(r.wer) || '-'}  turns ${r.turnsDetected}  transcript ${ms(r.latencies.stopped_to_transcript_ms) || '-'} ms  first audio ${ms(r.latencies.stopped_to_first_audio_ms) || '-'} ms` : (r.error ?? '');
  return `[${String(done).padStart(width)}/${total}] ${r.itemId} (${r.config.config_id}#${r.repeat}) ${status}  ${detail}\n`;
}

/** The live progress line of a terminal: redrawn after every session and once a second. */
interface LiveBar {
  start(total: number): void;
  update(done: number, errors: number): void;
  /** Removes the bar so that a line can be printed; the next update or tick draws it again. */
  clear(): void;
  stop(): void;
}

function createLiveBar(out: TextSink, now: () => number, refreshMs: number): LiveBar {
  const state = { done: 0, total: 0, errors: 0, startMs: 0 };
  let shown = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  const draw = (): void => {
    out.write(`${shown ? '\r\u001b[2K' : ''}${renderProgressBar({ done: state.done, total: state.total, errors: state.errors, elapsedMs: now() - state.startMs })}`);
    shown = true;
  };
  const bar: LiveBar = {
    start(total) {
      Object.assign(state, { total, startMs: now() });
      draw();
      if (refreshMs > 0) {
        timer = setInterval(draw, refreshMs);
        timer.unref();
      }
    },
    update(done, errors) {
      Object.assign(state, { done, errors });
      draw();
    },
    clear() {
      if (shown) out.write('\r\u001b[2K');
      shown = false;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      bar.clear();
    },
  };
  return bar;
}

/**
 * Prints progress while the run goes (see {@link ProgressMode}; errored sessions always get
 * their own line), then the summary table, failed thresholds and where the report is.
 */
export function createConsoleReporter(out: TextSink, options: ConsoleOptions): Reporter {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const mode = options.mode ?? 'lines';
  const now = options.now ?? (() => 0);
  const bar = mode === 'bar' ? createLiveBar(out, now, options.refreshMs ?? 1000) : null;
  let startMs = 0;
  let errors = 0;
  return {
    name: 'console',
    onRunStart(meta: RunMeta, runDir: string) {
      startMs = now();
      const emulator = meta.emulated ? ' (the built-in emulator)' : '';
      const shard = meta.shard ? `, shard ${meta.shard.index}/${meta.shard.count} of ${meta.shard.totalSessions}` : '';
      out.write(`rtbench ${meta.harnessVersion}: run ${meta.runId}, ${meta.plannedSessions} session(s)${shard} on ${meta.target}${emulator}\nwriting to ${runDir}\n`);
      bar?.start(meta.plannedSessions);
    },
    onKept(kept: readonly ItemResult[]) {
      errors += kept.filter((r) => r.status === 'error').length;
      bar?.clear();
      out.write(`resuming: ${kept.length} finished session(s) kept from the run folder\n`);
      bar?.update(kept.length, errors);
    },
    onResult(r: ItemResult, done: number, total: number) {
      if (r.status === 'error') errors++;
      if (bar) {
        bar.clear();
        if (r.status === 'error') out.write(sessionLine(r, done, total, paint));
        bar.update(done, errors);
      } else if (mode === 'ci') {
        if (r.status === 'error') out.write(sessionLine(r, done, total, paint));
        if (isCiMilestone(done, total)) out.write(`${renderProgressLine({ done, total, elapsedMs: now() - startMs, errors })}\n`);
      } else {
        out.write(sessionLine(r, done, total, paint));
      }
    },
    onRunEnd(run: RunResult, runDir: string) {
      bar?.stop();
      out.write(`\n${renderSummaryTable(run)}\n`);
      const failed = run.thresholds.filter((t) => t.failed);
      for (const t of failed) out.write(paint(31, `threshold failed: ${t.expression} for ${t.configId} (actual ${formatNumber(t.actual, 4)})\n`));
      if (run.meta.emulated) out.write('note: emulated run: transcripts come from the references and latencies from the emulator profiles.\n');
      if (run.meta.interrupted) out.write(`interrupted: ${run.items.length} of ${run.meta.plannedSessions} sessions finished; partial results written.\n`);
      out.write(`\nreport: ${join(runDir, 'report.html')}\n`);
    },
  };
}
