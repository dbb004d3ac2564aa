import { join } from 'node:path';
import { realClock } from '../../clock.js';
import { DEFAULT_COLLAR_MS } from '../../metrics/detection.js';
import { findCassettes, loadCassettes } from '../../replay/cassette-files.js';
import { replayRun } from '../../replay/replay-run.js';
import type { BenchContext } from './context.js';
import { figure, type BenchFigure } from './figures.js';

/**
 * Replays a recorded run as `rtbench replay <run-dir>` does (read the cassettes, run every
 * session again on a virtual clock, score, write the results folder) and times all of it.
 */
export async function replayFigure(ctx: BenchContext, runDir: string): Promise<BenchFigure> {
  ctx.log(`replay of ${runDir}`);
  const started = realClock.now();
  const cassettes = loadCassettes(findCassettes([runDir], ctx.workDir));
  const replay = await replayRun(cassettes, { out: join(ctx.workDir, 'replays'), runId: 'replay', failOn: [], seed: 1, original: null, collarMs: DEFAULT_COLLAR_MS }, { clock: realClock, harnessVersion: 'bench', versions: {} });
  const elapsedMs = realClock.now() - started;
  const speed = replay.audioMs / elapsedMs;
  const diverged = replay.divergences.length;
  return figure({
    metric: 'replay_speed_x_real_time', label: 'replay speed', unit: 'x real time', value: speed, alternative: 'the recorded run (real time)', alternativeValue: 1,
    rule: { kind: 'value-min', min: 1000 },
    detail: `${cassettes.length} sessions, ${(replay.audioMs / 1000).toFixed(0)} s of audio in ${(elapsedMs / 1000).toFixed(2)} s, reading cassettes and writing the results folder included${diverged > 0 ? `; ${diverged} sessions diverged` : ''}`,
  });
}
