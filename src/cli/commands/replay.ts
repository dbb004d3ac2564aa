import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { realClock } from '../../clock.js';
import { parseThresholds } from '../../config/thresholds.js';
import { storedCollarMs } from '../../bench/merge.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { renderSummaryTable } from '../../reporters/console.js';
import { findCassettes, loadCassettes, readRunJson } from '../../replay/cassette-files.js';
import { replayRun } from '../../replay/replay-run.js';
import type { CliIo } from '../io.js';
import { VERSION } from '../version.js';

/** Declares `rtbench replay`. */
export function declareReplay<T>(y: Argv<T>) {
  return y
    .positional('sources', { type: 'string', array: true, describe: 'a run folder (results/<run-id>) or cassette files' })
    .option('out', { type: 'string', describe: 'results folder for the replay [default: results]' })
    .option('run-id', { type: 'string', describe: 'name of the replay run folder' })
    .option('fail-on', { type: 'string', array: true, describe: 'thresholds, as for rtbench run' })
    .option('seed', { type: 'number', describe: 'seed of the bootstrap [default: 1]' })
    .option('collar-ms', { type: 'number', describe: 'collar of the detection error rate [default: the original run\'s, else 0]' });
}

/** `rtbench replay`: runs recorded sessions again offline and writes a results folder with the same scores. */
export async function replayCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const sources = (argv.sources as string[] | undefined) ?? [];
  const failOn = ((argv.failOn as string[] | undefined) ?? []).flatMap((e) => e.split(','));
  parseThresholds(failOn);
  const files = findCassettes(sources, io.cwd);
  const cassettes = loadCassettes(files);
  const original = sources.length === 1 && sources[0] !== undefined ? readRunJson(sources[0], io.cwd) : null;
  const replay = await replayRun(
    cassettes,
    {
      out: resolve(io.cwd, typeof argv.out === 'string' ? argv.out : 'results'),
      runId: typeof argv.runId === 'string' ? argv.runId : null,
      failOn,
      seed: typeof argv.seed === 'number' ? argv.seed : 1,
      original,
      collarMs: typeof argv.collarMs === 'number' ? argv.collarMs : storedCollarMs(original?.options as Record<string, unknown> | undefined),
    },
    { clock: realClock, harnessVersion: VERSION, versions: { rtbench: VERSION, node: globalThis.process.version } },
  );
  const speed = replay.elapsedMs > 0 ? Math.round(replay.audioMs / replay.elapsedMs) : 0;
  io.stdout.write(`replayed ${cassettes.length} session(s), ${(replay.audioMs / 1000).toFixed(1)} s of audio in ${replay.elapsedMs.toFixed(0)} ms (${speed}× real time)\n\n`);
  io.stdout.write(`${renderSummaryTable(replay.run)}\n`);
  for (const d of replay.divergences) io.stderr.write(`rtbench: ${d.path}: replay diverged: ${d.message}\n`);
  const failed = replay.run.thresholds.filter((t) => t.failed);
  for (const t of failed) io.stdout.write(`threshold failed: ${t.expression} for ${t.configId}\n`);
  io.stdout.write(`\nresults: ${replay.runDir}\n`);
  return failed.length > 0 ? ExitCode.ThresholdsFailed : ExitCode.Ok;
}
