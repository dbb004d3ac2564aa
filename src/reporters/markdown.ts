import type { Comparison } from '../bench/compare.js';
import type { RunResult } from '../bench/run-result.js';
import { formatNumber, ms, rate, turnCounts } from './format.js';
import { comparisonRows } from './compare-table.js';

/** A table cell: no pipes or line breaks can break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function notes(run: RunResult): string[] {
  const m = run.meta;
  const out: string[] = [];
  if (m.emulated) out.push('> **Emulated run**: transcripts come from the references and latencies from the emulator profiles.');
  if (m.interrupted) out.push(`> **Interrupted**: ${run.items.length} of ${m.plannedSessions} sessions finished.`);
  for (const problem of m.mergeProblems ?? []) out.push(`> **Merge problem**: ${problem}`);
  return out;
}

/** A Markdown summary of a run, for CI step summaries ($GITHUB_STEP_SUMMARY). Pure. */
export function renderRunMarkdown(run: RunResult): string {
  const failed = run.thresholds.filter((t) => t.failed);
  const verdict = run.thresholds.length === 0 ? '' : failed.length === 0 ? '✅ every threshold passed' : `❌ ${failed.length} threshold check(s) failed`;
  const rows = run.summary.map((s) => {
    const l = s.latencies;
    return [
      s.config.config_id,
      `${s.itemsOk}/${s.items}`,
      rate(s.wer.value),
      turnCounts(s.turnsDetected, s.turnsExpected),
      rate(s.turnSplitRate),
      formatNumber(s.falseStartsPerHour, 1),
      `${ms(l.stopped_to_transcript_ms.p50.value)} / ${ms(l.stopped_to_transcript_ms.p95.value)}`,
      `${ms(l.stopped_to_first_audio_ms.p50.value)} / ${ms(l.stopped_to_first_audio_ms.p95.value)}`,
    ];
  });
  const thresholdRows = run.thresholds.map((t) => [t.failed ? '❌' : '✅', t.expression, t.configId, formatNumber(t.actual, 4)]);
  return [
    `## rtbench run ${run.meta.runId}${verdict ? ` — ${verdict}` : ''}`,
    '',
    ...notes(run),
    `${run.items.length} of ${run.meta.plannedSessions} sessions on ${run.meta.target}, normaliser ${run.meta.normalizer}.`,
    '',
    table(['config', 'ok', 'WER', 'turns det/exp', 'cut-off rate', 'false starts/h', 'transcript ms p50 / p95', 'first audio ms p50 / p95'], rows),
    ...(thresholdRows.length === 0 ? [] : ['', '### Thresholds', '', table(['', 'threshold', 'config', 'actual'], thresholdRows)]),
    '',
  ].join('\n');
}

/** A Markdown summary of a comparison: the verdict, the checks, and the changes per config. Pure. */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const failed = comparison.checks.filter((c) => c.failed);
  const verdict = comparison.checks.length === 0 ? '' : failed.length === 0 ? ' — ✅ no regression' : ` — ❌ ${failed.length} check(s) failed`;
  const sections = comparison.pairs.map((p) => {
    const title = p.baseline === p.candidate ? p.candidate : `${p.baseline} → ${p.candidate}`;
    const only = p.baselineOnly + p.candidateOnly > 0 ? ` (${p.baselineOnly} only in the baseline, ${p.candidateOnly} only in the candidate: left out)` : '';
    const rows = comparisonRows(comparison, p, '');
    return [`### ${title}`, '', `${p.sharedItems} shared item(s)${only}.`, '', table(['metric', 'baseline', 'candidate', 'Δ', 'Δ 95% CI', 'p (worse)'], rows), ''].join('\n');
  });
  const checks = comparison.checks.map((c) => [c.failed ? '❌' : '✅', c.expression, c.configId, c.reason]);
  const unmatched = [...comparison.unmatched.baseline.map((id) => `only in the baseline: ${id}`), ...comparison.unmatched.candidate.map((id) => `only in the candidate: ${id}`)];
  return [
    `## rtbench compare ${comparison.baselineRunId} → ${comparison.candidateRunId}${verdict}`,
    '',
    `Paired bootstrap over the items both runs share; p (worse) is the one-sided p-value that the candidate is worse (α = ${comparison.alpha}).`,
    '',
    ...(checks.length === 0 ? [] : [table(['', 'check', 'config', 'result'], checks), '']),
    ...(unmatched.length === 0 ? [] : [...unmatched.map((u) => `- ${u}`), '']),
    ...sections,
  ].join('\n');
}
