import { realClock } from '../../clock.js';
import { resolveOptions } from '../../config/options.js';
import { runBenchmark } from '../../bench/runner.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { getFfmpegPath } from '../../pipeline/decode.js';
import { REPORTERS } from '../../reporters/index.js';
import type { CliIo } from '../io.js';
import { toRunOptions } from '../run-options.js';
import { BUNDLED_CORPUS, VERSION } from '../version.js';

/** Whether to colour output: a TTY, and NO_COLOR unset. */
export function useColor(io: CliIo): boolean {
  return io.isTTY === true && (io.env.NO_COLOR ?? '') === '';
}

/** `rtbench run`: the matrix over the corpus; exit 3 when a threshold fails, 130 when interrupted. */
export async function runCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const options = resolveOptions(toRunOptions(argv, io.cwd), { cwd: io.cwd, env: io.env, bundledCorpus: BUNDLED_CORPUS });
  const params = { out: io.stdout, color: useColor(io) };
  const reporters = [REPORTERS['results-dir'], REPORTERS.console].flatMap((make) => (make ? [make(params)] : []));
  const signal = io.signal ?? new AbortController().signal;
  const run = await runBenchmark(options, {
    clock: realClock,
    signal,
    reporters,
    harnessVersion: VERSION,
    versions: { rtbench: VERSION, node: globalThis.process.version, ffmpeg: getFfmpegPath() },
  });
  if (run.meta.interrupted) return ExitCode.Interrupted;
  if (run.thresholds.some((t) => t.failed)) return ExitCode.ThresholdsFailed;
  return ExitCode.Ok;
}
