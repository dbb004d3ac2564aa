import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { realClock } from '../../clock.js';
import { runIdProblem } from '../../config/run-id.js';
import { parseThresholds } from '../../config/thresholds.js';
import { storedCollarMs } from '../../bench/merge.js';
import { isInsideFolder } from '../../corpus/manifest.js';
import { makeRunId } from '../../bench/runner.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { renderSummaryTable } from '../../reporters/console.js';
import { findCassettes, loadCassettes, readRunJson } from '../../replay/cassette-files.js';
import { replayRun } from '../../replay/replay-run.js';
import type { CliIo } from '../io.js';
import { claimRunFolder, type RunFolder } from '../run-folder.js';
import { VERSION } from '../version.js';

/** Declares `rtbench replay`. */
export function declareReplay<T>(y: Argv<T>) {
  return y
    .positional('sources', { type: 'string', array: true, describe: 'a run folder (results/<run-id>) or cassette files' })
    .option('out', { type: 'string', describe: 'results folder for the replay [default: results]' })
    .option('run-id', { type: 'string', describe: 'name of the replay run folder [default: from the start time]' })
    .option('overwrite', { type: 'boolean', describe: 'replay into a --run-id whose folder holds an earlier run: delete its results and cassettes first' })
    .option('fail-on', { type: 'string', array: true, describe: 'thresholds, as for rtbench run' })
    .option('seed', { type: 'number', describe: 'seed of the bootstrap [default: 1]' })
    .option('collar-ms', { type: 'number', describe: 'collar of the detection error rate [default: the original run\'s, else 0]' });
}

/**
 * The replay's run folder, claimed: never a folder that holds a cassette being replayed (the
 * replay would overwrite its own recording), and a folder with an earlier run only with --overwrite.
 */
function claimReplayFolder(argv: Record<string, unknown>, io: CliIo, files: readonly string[]): RunFolder {
  const out = resolve(io.cwd, typeof argv.out === 'string' ? argv.out : 'results');
  const runId = typeof argv.runId === 'string' ? argv.runId : makeRunId(realClock.wallIso(), Math.random);
  const runDir = join(out, runId);
  const own = files.find((f) => isInsideFolder(runDir, f));
  if (own !== undefined) {
    throw new ConfigError([`--out ${out} --run-id ${runId}: ${runDir} holds the recording being replayed (${own}); the replay would overwrite it`], {
      hint: 'Replay into another folder (the default: a new run id under results/); to score a run folder again in place, use rtbench report <run-dir>.',
    });
  }
  return claimRunFolder(out, runId, {
    mode: 'new',
    overwrite: argv.overwrite === true,
    command: `rtbench replay --run-id ${runId}`,
    nowIso: realClock.wallIso(),
    reuseHint: 'Use another --run-id (or none, for one from the start time), or give --overwrite to delete its results first.',
  });
}

/** `rtbench replay`: runs recorded sessions again offline and writes a results folder with the same scores. */
export async function replayCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const sources = (argv.sources as string[] | undefined) ?? [];
  const runIdWrong = typeof argv.runId === 'string' ? runIdProblem('--run-id', argv.runId) : null;
  if (runIdWrong !== null) throw new ConfigError([runIdWrong]);
  const failOn = ((argv.failOn as string[] | undefined) ?? []).flatMap((e) => e.split(','));
  parseThresholds(failOn);
  const files = findCassettes(sources, io.cwd);
  const cassettes = loadCassettes(files);
  const original = sources.length === 1 && sources[0] !== undefined ? readRunJson(sources[0], io.cwd) : null;
  const folder = claimReplayFolder(argv, io, files);
  const replay = await replayRun(
    cassettes,
    {
      out: dirname(folder.runDir),
      runId: basename(folder.runDir),
      failOn,
      seed: typeof argv.seed === 'number' ? argv.seed : 1,
      original,
      collarMs: typeof argv.collarMs === 'number' ? argv.collarMs : storedCollarMs(original?.options as Record<string, unknown> | undefined),
    },
    { clock: realClock, harnessVersion: VERSION, versions: { rtbench: VERSION, node: globalThis.process.version } },
  ).finally(() => {
    folder.release();
  });
  const speed = replay.elapsedMs > 0 ? Math.round(replay.audioMs / replay.elapsedMs) : 0;
  io.stdout.write(`replayed ${cassettes.length} session(s), ${(replay.audioMs / 1000).toFixed(1)} s of audio in ${replay.elapsedMs.toFixed(0)} ms (${speed}× real time)\n\n`);
  io.stdout.write(`${renderSummaryTable(replay.run)}\n`);
  for (const d of replay.divergences) io.stderr.write(`rtbench: ${d.path}: replay diverged: ${d.message}\n`);
  const failed = replay.run.thresholds.filter((t) => t.failed);
  for (const t of failed) io.stdout.write(`threshold failed: ${t.expression} for ${t.configId}\n`);
  io.stdout.write(`\nresults: ${replay.runDir}\n`);
  return failed.length > 0 ? ExitCode.ThresholdsFailed : ExitCode.Ok;
}
