import { csvText, escapeFormula } from '../../reporters/csv.js';
import { ratioOf, type BenchFigure } from './figures.js';
import type { MachineInfo } from './machine.js';

/** Columns of bench.csv. NOTE: the README documents them; add at the end, never rename. */
export const BENCH_COLUMNS = ['metric', 'label', 'unit', 'rtbench', 'alternative', 'alternative_value', 'ratio', 'target', 'target_met', 'detail'] as const;

function round(value: number | null, digits = 4): number | null {
  if (value === null) return null;
  const scale = 10 ** Math.max(0, digits - Math.floor(Math.log10(Math.abs(value) || 1)) - 1);
  return Math.round(value * scale) / scale;
}

/** bench.csv: one row per figure. */
export function renderBenchCsv(figures: readonly BenchFigure[]): string {
  const rows = figures.map((f) => [f.metric, f.label, f.unit, round(f.value), f.alternative, round(f.alternativeValue), round(ratioOf(f)), f.target, f.met, f.detail]);
  const text = (v: string | number | boolean | null): string => (v === null ? '' : typeof v === 'string' ? escapeFormula(v) : String(v));
  return csvText([[...BENCH_COLUMNS], ...rows.map((r) => r.map(text))]);
}

/** A number for people: 3 significant digits, thousands kept whole. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
}

function verdict(met: boolean | null): string {
  if (met === null) return '';
  return met ? 'met' : 'missed';
}

/** The figures as rows of cells: what the console table and the Markdown table show. */
export function figureRows(figures: readonly BenchFigure[]): string[][] {
  return figures.map((f) => {
    const ratio = ratioOf(f);
    return [f.label, `${formatFigure(f.value)} ${f.unit}`, f.alternative === null ? '' : `${formatFigure(f.alternativeValue)} ${f.unit}`, f.alternative ?? '', ratio === null ? '' : `${formatFigure(ratio)}x`, f.target, verdict(f.met)];
  });
}

const HEADER = ['figure', 'rtbench', 'alternative', 'alternative is', 'ratio', 'target', ''];

/** A plain-text table for the console. */
export function renderBenchTable(figures: readonly BenchFigure[]): string {
  const rows = [HEADER, ...figureRows(figures)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The machine in one line. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.os}, Node ${m.node}, ffmpeg ${m.ffmpeg}; load average ${m.loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${m.loadAfter.map((l) => l.toFixed(2)).join(' ')} after`;
}

/** bench.md: the machine and the table, ready for the README. */
export function renderBenchMarkdown(figures: readonly BenchFigure[], machine: MachineInfo, title: string): string {
  const lines = [`### ${title}`, '', `Machine: ${describeMachine(machine)}.`, '', `| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const row of figureRows(figures)) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  const notes = figures.filter((f) => f.detail !== '').map((f) => `- ${f.label}: ${f.detail}`);
  return `${[...lines, '', ...notes].join('\n')}\n`;
}
