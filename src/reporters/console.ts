import { join } from 'node:path';
import type { RunMeta, RunResult } from '../bench/run-result.js';
import type { ItemResult } from '../metrics/item-result.js';
import { formatNumber, ms, rate } from './format.js';
import type { Reporter, TextSink } from './reporter.js';

/** How the console reporter prints. */
export interface ConsoleOptions {
  /** Colour with ANSI codes (off under NO_COLOR or when not a TTY). */
  readonly color: boolean;
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

/** Prints progress lines, then the summary table and where the report is. */
export function createConsoleReporter(out: TextSink, options: ConsoleOptions): Reporter {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    name: 'console',
    onRunStart(meta: RunMeta, runDir: string) {
      const emulator = meta.emulated ? ' (the built-in emulator)' : '';
      out.write(`rtbench ${meta.harnessVersion}: run ${meta.runId}, ${meta.plannedSessions} session(s) on ${meta.target}${emulator}\nwriting to ${runDir}\n`);
    },
    onResult(r: ItemResult, done: number, total: number) {
      const width = String(total).length;
      const status = r.status === 'ok' ? paint(32, 'ok') : paint(31, 'error');
      const detail = r.status === 'ok' ? `wer ${rate(r.wer) || '-'}  turns ${r.turnsDetected}  transcript ${ms(r.latencies.stopped_to_transcript_ms) || '-'} ms  first audio ${ms(r.latencies.stopped_to_first_audio_ms) || '-'} ms` : (r.error ?? '');
      out.write(`[${String(done).padStart(width)}/${total}] ${r.itemId} (${r.config.config_id}#${r.repeat}) ${status}  ${detail}\n`);
    },
    onRunEnd(run: RunResult, runDir: string) {
      out.write(`\n${renderSummaryTable(run)}\n`);
      const failed = run.thresholds.filter((t) => t.failed);
      for (const t of failed) out.write(paint(31, `threshold failed: ${t.expression} for ${t.configId} (actual ${formatNumber(t.actual, 4)})\n`));
      if (run.meta.emulated) out.write('note: emulated run: transcripts come from the references and latencies from the emulator profiles.\n');
      if (run.meta.interrupted) out.write(`interrupted: ${run.items.length} of ${run.meta.plannedSessions} sessions finished; partial results written.\n`);
      out.write(`\nreport: ${join(runDir, 'report.html')}\n`);
    },
  };
}
