import type { Argv } from 'yargs';
import { getFfmpegPath } from '../../pipeline/decode.js';
import { makeRunId } from '../../bench/runner.js';
import { runTune } from '../../bench/tune/tune.js';
import { realClock } from '../../clock.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { createTuneRoundReporter, renderRoundEnd, renderTuneEnd } from '../../reporters/tune-console.js';
import type { CliIo } from '../io.js';
import { claimRunFolder } from '../run-folder.js';
import { declareRunOptions } from '../run-options.js';
import { declareTuneOptions, newTunePlan, resumedTunePlan, type TunePlanInput } from '../tune-options.js';
import { VERSION } from '../version.js';
import { progressMode, useColor } from './run.js';

/** Declares `rtbench tune`: the options of `run` (ranges where run takes lists) and the search's own. */
export function declareTune<T>(y: Argv<T>): Argv<T> {
  return declareTuneOptions(declareRunOptions(y));
}

/**
 * `rtbench tune`: searches the settings for the objective and writes the recommendation. Exit 0
 * with a recommendation, 3 when no setting meets the objective's conditions, 130 when interrupted.
 */
export async function tuneCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const plan = typeof argv.resume === 'string' ? resumedTunePlan(argv, io) : newTunePlan(argv, io);
  // The tune's folder is claimed as a run's is: one writer, and a new tune never mixes with an earlier run.
  const id = plan.resume?.file.tuneId ?? plan.options.runId ?? makeRunId(realClock.wallIso(), Math.random);
  const options = Object.freeze({ ...plan.options, runId: id });
  const folder = claimRunFolder(options.out, id, {
    mode: plan.resume ? 'existing' : 'new',
    overwrite: argv.overwrite === true,
    command: plan.resume ? `rtbench tune --resume ${id}` : `rtbench tune --run-id ${id}`,
    nowIso: realClock.wallIso(),
    reuseHint: 'Use another --run-id (or none, for one from the start time), finish that tune with `rtbench tune --resume <dir>`, or give --overwrite to delete its results first.',
  });
  try {
    return await tuneIn(options, plan, io);
  } finally {
    folder.release();
  }
}

/** Runs the tune whose folder is claimed, and says how it ended. */
async function tuneIn(options: TunePlanInput['options'], plan: TunePlanInput, io: CliIo): Promise<ExitCodeValue> {
  const console = { color: useColor(io), mode: progressMode(io), now: () => realClock.now() };
  const target = options.target.kind === 'local' ? 'local (the built-in emulator)' : options.target.kind === 'url' ? options.target.url : 'openai';
  io.stdout.write(`rtbench ${VERSION}: tune on ${target}\nobjective: ${plan.spec.objective.text}\n`);
  const result = await runTune(options, plan.spec, {
    clock: realClock,
    signal: io.signal ?? new AbortController().signal,
    harnessVersion: VERSION,
    versions: { rtbench: VERSION, node: globalThis.process.version, ffmpeg: getFfmpegPath() },
    roundReporters: (round) => [createTuneRoundReporter(io.stdout, console, round)],
    onRound: (record) => {
      io.stdout.write(renderRoundEnd(record));
    },
    resume: plan.resume,
  });
  io.stdout.write(renderTuneEnd(result));
  if (result.file.status === 'interrupted') return ExitCode.Interrupted;
  return result.answer?.recommended ? ExitCode.Ok : ExitCode.ThresholdsFailed;
}
