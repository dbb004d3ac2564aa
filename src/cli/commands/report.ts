import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { realClock } from '../../clock.js';
import { mergeRuns } from '../../bench/merge.js';
import { readRunDir, type StoredRun } from '../../bench/run-dir.js';
import type { RunResult } from '../../bench/run-result.js';
import { summarize } from '../../bench/runner.js';
import { parseThresholds } from '../../config/thresholds.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { renderSummaryTable } from '../../reporters/console.js';
import { formatNumber } from '../../reporters/format.js';
import { renderJunit, thresholdCases } from '../../reporters/junit.js';
import { renderRunMarkdown } from '../../reporters/markdown.js';
import { writeResults } from '../../reporters/results-dir.js';
import type { CliIo } from '../io.js';
import { makeFolder } from '../folders.js';
import { checkCiOutputs, declareCiOutputs, writeCiOutputs } from '../output-files.js';
import { lockRunFolder } from '../run-lock.js';

/** Declares `rtbench report <run-dir>…`. */
export function declareReportOptions<T>(y: Argv<T>): Argv<T> {
  return declareCiOutputs(
    y
      .positional('dirs', { type: 'string', array: true, describe: 'run folder(s); several = merge (e.g. the shards of one run)' })
      .option('out', { type: 'string', describe: 'folder of the merged run (needed for several folders) [default: re-score the one folder in place]' })
      .option('run-id', { type: 'string', describe: 'id of the merged run [default: the shards\' common id, or the --out folder name]' })
      .option('fail-on', { type: 'string', array: true, describe: 'thresholds, e.g. wer>0.08 [default: those of the run]; exit 3 when one fails' })
      .option('strict', { type: 'boolean', describe: 'exit 2 without writing when a shard is missing or a session is duplicated' })
      .option('collar-ms', { type: 'number', describe: 'collar of the detection error rate [default: the run\'s]' }),
  );
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

function runIdOf(argv: Record<string, unknown>, runs: readonly StoredRun[], outDir: string, inPlace: boolean): string {
  if (typeof argv.runId === 'string' && argv.runId !== '') return argv.runId;
  const ids = new Set(runs.map((r) => r.meta.runId));
  const [only] = ids;
  if (inPlace || (ids.size === 1 && only !== undefined)) return only ?? basename(outDir);
  return basename(outDir);
}

function copySessions(sessions: readonly { dir: string; path: string }[], outDir: string): void {
  for (const s of sessions) {
    const target = join(outDir, s.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(s.dir, s.path), target);
  }
}

function print(io: CliIo, run: RunResult, outDir: string, problems: readonly string[], folders: number): void {
  for (const problem of problems) io.stderr.write(`rtbench: warning: ${problem}\n`);
  io.stdout.write(`rtbench report: scored ${run.items.length} session(s) from ${folders} folder(s) into ${outDir}\n\n${renderSummaryTable(run)}\n`);
  for (const t of run.thresholds.filter((x) => x.failed)) io.stdout.write(`threshold failed: ${t.expression} for ${t.configId} (actual ${formatNumber(t.actual, 4)})\n`);
  io.stdout.write(`\nreport: ${join(outDir, 'report.html')}\n`);
}

/**
 * `rtbench report <dir>…`: scores stored sessions again and rewrites the CSVs, JSON and HTML.
 * One folder is re-scored in place (after a normaliser change, say); several are merged into
 * `--out` (the shards of one run), with missing shards and duplicate sessions reported.
 */
export async function reportCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const dirs = (strings(argv.dirs) ?? []).map((d) => resolve(io.cwd, d));
  if (dirs.length === 0) throw new ConfigError(['rtbench report: give at least one run folder']);
  const out = typeof argv.out === 'string' ? resolve(io.cwd, argv.out) : null;
  const inPlace = dirs.length === 1 && (out === null || out === dirs[0]);
  if (!inPlace && out === null) throw new ConfigError([`rtbench report: merging ${dirs.length} folders needs --out DIR for the merged run`]);
  const outDir = out ?? dirs[0] ?? '';
  if (!inPlace && dirs.includes(outDir)) throw new ConfigError([`--out ${outDir}: must be a new folder, not one of the folders being merged`]);
  const runs = dirs.map(readRunDir);
  const failOn = strings(argv.failOn) ?? strings(runs[0]?.meta.options.failOn) ?? [];
  parseThresholds(failOn);
  if (argv.collarMs !== undefined && (typeof argv.collarMs !== 'number' || !(argv.collarMs >= 0 && argv.collarMs <= 10_000))) throw new ConfigError([`--collar-ms ${JSON.stringify(argv.collarMs)}: must be a number from 0 to 10000`]);
  const collarMs = typeof argv.collarMs === 'number' ? argv.collarMs : undefined;
  const merged = mergeRuns(runs, { runId: runIdOf(argv, runs, outDir, inPlace), nowIso: realClock.wallIso(), collarMs });
  if (argv.strict === true && merged.problems.length > 0) throw new ConfigError(merged.problems.map((p) => `--strict: ${p}`));
  const seed = typeof runs[0]?.meta.options.seed === 'number' ? runs[0].meta.options.seed : 1;
  const run: RunResult = { meta: merged.meta, items: merged.items, ...summarize(merged.items, failOn, seed) };
  checkCiOutputs(io, argv);
  makeFolder(outDir, `--out ${outDir}`);
  const lock = lockRunFolder(outDir, `rtbench report ${inPlace ? 'in place' : `--out ${outDir}`}`, realClock.wallIso());
  try {
    if (!inPlace) copySessions(merged.sessions, outDir);
    const taken = new Set(merged.sessions.map((s) => `${s.dir}\u0000${s.path}`));
    // A damaged cassette keeps its row but has no timeline to draw.
    const records = runs.flatMap((r) => r.sessions.filter((s) => s.damage === null && taken.has(`${r.dir}\u0000${s.path}`)).map((s) => s.record));
    writeResults(run, outDir, records);
  } finally {
    lock.release();
  }
  print(io, run, outDir, merged.problems, runs.length);
  writeCiOutputs(io, argv, {
    junit: () => renderJunit(`rtbench thresholds (${run.meta.runId})`, thresholdCases(run.thresholds)),
    markdown: () => renderRunMarkdown(run),
  });
  return Promise.resolve(run.thresholds.some((t) => t.failed) ? ExitCode.ThresholdsFailed : ExitCode.Ok);
}
