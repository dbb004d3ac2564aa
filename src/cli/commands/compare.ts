import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { compareRuns } from '../../bench/compare.js';
import { mergeRuns } from '../../bench/merge.js';
import { readRunDir, readSummaryJson } from '../../bench/run-dir.js';
import type { RunResult } from '../../bench/run-result.js';
import { summarize } from '../../bench/runner.js';
import { realClock } from '../../clock.js';
import { parseGate } from '../../config/thresholds.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { renderComparisonText } from '../../reporters/compare-table.js';
import { compareCases, renderJunit } from '../../reporters/junit.js';
import { renderComparisonMarkdown } from '../../reporters/markdown.js';
import type { CliIo } from '../io.js';
import { declareCiOutputs, writeCiOutputs } from '../output-files.js';
import { useColor } from './run.js';

/** Declares `rtbench compare <baseline-dir> <candidate-dir>`. */
export function declareCompareOptions<T>(y: Argv<T>): Argv<T> {
  return declareCiOutputs(
    y
      .positional('baseline', { type: 'string', describe: 'run folder of the baseline' })
      .positional('candidate', { type: 'string', describe: 'run folder of the candidate' })
      .option('fail-on', { type: 'string', array: true, describe: "checks: metric:+allowance against the baseline ('wer:+0.01,stopped_to_first_audio_ms.p50:+10%') or metric>value on the candidate" })
      .option('alpha', { type: 'number', describe: 'significance level: a change over its allowance fails only when p < alpha [default: 0.05]' })
      .option('seed', { type: 'number', describe: 'seed of the bootstrap [default: 1]' }),
  );
}

/** A run folder's scores: its summary.json, or its cassettes scored again when it has none. */
export function loadRun(dir: string): RunResult {
  const stored = readSummaryJson(dir);
  if (stored) return stored;
  const run = readRunDir(dir);
  const merged = mergeRuns([run], { runId: run.meta.runId, nowIso: realClock.wallIso() });
  const seed = typeof run.meta.options.seed === 'number' ? run.meta.options.seed : 1;
  return { meta: merged.meta, items: merged.items, ...summarize(merged.items, [], seed) };
}

function numberOption(argv: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = argv[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new ConfigError([`--${name} ${JSON.stringify(value)}: must be a number from ${min} to ${max}`]);
  return value;
}

/**
 * `rtbench compare <baseline> <candidate>`: per-config changes with paired-bootstrap intervals
 * and p-values; exit 3 when a `--fail-on` check fails, naming it.
 */
export async function compareCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const failOn = argv.failOn === undefined ? [] : (Array.isArray(argv.failOn) ? argv.failOn : [argv.failOn]).map(String);
  const gate = parseGate(failOn);
  const alpha = numberOption(argv, 'alpha', 0.05, 0, 1);
  const seed = numberOption(argv, 'seed', 1, 0, 2 ** 32 - 1);
  const baseline = loadRun(resolve(io.cwd, String(argv.baseline)));
  const candidate = loadRun(resolve(io.cwd, String(argv.candidate)));
  const comparison = compareRuns(baseline, candidate, { gate, alpha, seed });
  const color = useColor(io);
  io.stdout.write(renderComparisonText(comparison, (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text)));
  writeCiOutputs(io, argv, {
    junit: () => renderJunit(`rtbench compare (${comparison.baselineRunId} → ${comparison.candidateRunId})`, compareCases(comparison.checks)),
    markdown: () => renderComparisonMarkdown(comparison),
  });
  return Promise.resolve(comparison.checks.some((c) => c.failed) ? ExitCode.ThresholdsFailed : ExitCode.Ok);
}
