import type { Argv } from 'yargs';
import { getFfmpegPath } from '../../pipeline/decode.js';
import { runTune } from '../../bench/tune/tune.js';
import { realClock } from '../../clock.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { createTuneRoundReporter, renderRoundEnd, renderTuneEnd } from '../../reporters/tune-console.js';
import type { CliIo } from '../io.js';
import { declareRunOptions } from '../run-options.js';
import { declareTuneOptions, newTunePlan, resumedTunePlan } from '../tune-options.js';
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
  const console = { color: useColor(io), mode: progressMode(io), now: () => realClock.now() };
  const target = plan.options.target.kind === 'local' ? 'local (the built-in emulator)' : plan.options.target.kind === 'url' ? plan.options.target.url : 'openai';
  io.stdout.write(`rtbench ${VERSION}: tune on ${target}\nobjective: ${plan.spec.objective.text}\n`);
  const result = await runTune(plan.options, plan.spec, {
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
