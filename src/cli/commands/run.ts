import { join } from 'node:path';
import { realClock } from '../../clock.js';
import { resolveOptions, type ResolvedOptions } from '../../config/options.js';
import { makeRunId, runBenchmark } from '../../bench/runner.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { getFfmpegPath } from '../../pipeline/decode.js';
import type { ProgressMode } from '../../reporters/console.js';
import { REPORTERS } from '../../reporters/index.js';
import { renderJunit, thresholdCases } from '../../reporters/junit.js';
import { renderRunMarkdown } from '../../reporters/markdown.js';
import { checkCiOutputs, writeCiOutputs } from '../output-files.js';
import type { CliIo } from '../io.js';
import { resumePlan, type ResumePlan } from '../resume-options.js';
import { claimRunFolder, type RunFolder } from '../run-folder.js';
import { runFlags, toRunOptions } from '../run-options.js';
import { BUNDLED_CORPUS, VERSION } from '../version.js';

/** Whether to colour output: a TTY, and NO_COLOR unset. */
export function useColor(io: CliIo): boolean {
  return io.isTTY === true && (io.env.NO_COLOR ?? '') === '';
}

/** How to show progress: a live bar on a terminal, a line per tenth in CI logs (CI=true), a line per session otherwise. */
export function progressMode(io: CliIo): ProgressMode {
  const ci = io.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return 'ci';
  return io.isTTY === true ? 'bar' : 'lines';
}

/** The run's folder, claimed before anything runs: made, locked, and for a new run not one that holds an earlier run. */
function claimFolder(options: ResolvedOptions, runId: string, resume: ResumePlan | null, overwrite: boolean): RunFolder {
  return claimRunFolder(options.out, runId, {
    mode: resume === null ? 'new' : 'existing',
    overwrite,
    command: resume === null ? `rtbench run --run-id ${runId}` : `rtbench run --resume ${resume.runDir}`,
    nowIso: realClock.wallIso(),
    reuseHint: `Use another --run-id (or none, for one from the start time), finish that run with \`rtbench run --resume ${join(options.out, runId)}\`, or give --overwrite to delete its results first.`,
  });
}

/** `rtbench run`: the matrix over the corpus; exit 3 when a threshold fails, 130 when interrupted. */
export async function runCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const resume = typeof argv.resume === 'string' ? resumePlan(argv, io.cwd) : null;
  const flags = resume === null ? runFlags(argv, io.cwd) : argv;
  const resolved = resolveOptions(resume?.options ?? toRunOptions(argv, io.cwd), { cwd: io.cwd, env: io.env, bundledCorpus: BUNDLED_CORPUS });
  checkCiOutputs(io, flags);
  const runId = resolved.runId ?? makeRunId(realClock.wallIso(), Math.random);
  const options: ResolvedOptions = Object.freeze({ ...resolved, runId });
  const folder = claimFolder(options, runId, resume, flags.overwrite === true);
  const params = { out: io.stdout, color: useColor(io), mode: progressMode(io), now: () => realClock.now() };
  const reporters = [REPORTERS['results-dir'], REPORTERS.console].flatMap((make) => (make ? [make(params)] : []));
  const signal = io.signal ?? new AbortController().signal;
  let run;
  try {
    run = await runBenchmark(options, {
      clock: realClock,
      signal,
      reporters,
      harnessVersion: VERSION,
      versions: { rtbench: VERSION, node: globalThis.process.version, ffmpeg: getFfmpegPath() },
      resume: resume?.stored,
    });
  } finally {
    folder.release();
  }
  writeCiOutputs(io, flags, {
    junit: () => renderJunit(`rtbench thresholds (${run.meta.runId})`, thresholdCases(run.thresholds)),
    markdown: () => renderRunMarkdown(run),
  });
  if (run.meta.interrupted) return ExitCode.Interrupted;
  if (run.thresholds.some((t) => t.failed)) return ExitCode.ThresholdsFailed;
  return ExitCode.Ok;
}
