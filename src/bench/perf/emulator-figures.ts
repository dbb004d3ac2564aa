import { nextProbe, probesText, type CapacityProbe } from './capacity.js';
import { corpusOf } from './client-runs.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo, EmulatorReport } from './emulator-role.js';
import { figure, type BenchFigure } from './figures.js';
import type { LoadReport } from './load-role.js';
import type { BenchVadEngine } from './worker-protocol.js';
import { startWorker } from './workers.js';

/**
 * How late a speech_stopped may come after the append that carried its audio_end_ms, for the
 * load to count as carried. It includes the VAD's look-ahead (one to three 40 ms chunks); a
 * server that falls behind by a few percent piles up more than this within seconds.
 */
export const EMULATOR_LAG_P99_MS = 250;

/** The first load tried per engine, and the most. */
const FIRST_STEP = 100;
const QUICK_STEP = 25;
const MAX_SESSIONS = 600;

async function probeEngine(ctx: BenchContext, engine: BenchVadEngine): Promise<CapacityProbe[]> {
  const emulator = startWorker<EmulatorInfo, EmulatorReport>(ctx.launcher, { role: 'emulator', vad: engine, tls: null });
  const probes: CapacityProbe[] = [];
  try {
    const info = await emulator.ready;
    const corpus = corpusOf(ctx, ctx.plan.emulatorStepMs);
    for (let step = 0; step < ctx.plan.emulatorSteps && !ctx.signal.aborted; step++) {
      const sessions = step === 0 ? (ctx.plan.quick ? QUICK_STEP : FIRST_STEP) : nextProbe(probes, MAX_SESSIONS);
      if (sessions === null) break;
      ctx.log(`emulator (${engine} VAD): ${sessions} real-time sessions of ${(ctx.plan.emulatorStepMs / 1000).toFixed(0)} s`);
      const before = await emulator.probe();
      const load = await startWorker<never, LoadReport>(ctx.launcher, { role: 'load', url: info.wsUrl, corpusDir: corpus.dir, sessions }).result;
      const after = await emulator.probe();
      const cpuShare = (after.cpuMs - before.cpuMs) / load.wallMs;
      const ok = load.ready === sessions && load.turns > 0 && load.lag.p99Ms <= EMULATOR_LAG_P99_MS;
      probes.push({ streams: sessions, ok, note: `lag p99 ${load.lag.p99Ms.toFixed(0)} ms, ${load.turns} turns, server CPU ${(cpuShare * 100).toFixed(0)}% of a core${load.ready < sessions ? `, ${sessions - load.ready} not connected` : ''}` });
    }
  } finally {
    emulator.stop();
    await emulator.result.catch(() => undefined);
  }
  return probes;
}

/**
 * Emulator capacity per VAD engine: the most real-time sessions the emulator (in its own
 * process) keeps up with, each engine next to the other. `engines` lists those that load.
 */
export async function emulatorFigures(ctx: BenchContext, engines: readonly BenchVadEngine[]): Promise<BenchFigure[]> {
  const results = new Map<BenchVadEngine, CapacityProbe[] | string>();
  for (const engine of engines) results.set(engine, await probeEngine(ctx, engine).catch((error: unknown) => `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
  const best = (engine: BenchVadEngine): number | null => {
    const probes = results.get(engine);
    return Array.isArray(probes) ? probes.filter((p) => p.ok).reduce((m, p) => Math.max(m, p.streams), 0) : null;
  };
  const describe = (engine: BenchVadEngine): string => {
    const probes = results.get(engine);
    return typeof probes === 'string' ? `${engine}: ${probes}` : `${engine}: ${probesText(probes ?? [])}`;
  };
  const lowerBound = ctx.plan.quick ? ' (quick: one step, a lower bound)' : '';
  const common = { unit: 'sessions', detail: `carried = speech_stopped lag p99 <= ${EMULATOR_LAG_P99_MS} ms${lowerBound}; ${engines.map(describe).join('; ')}` };
  return engines.map((engine) => {
    const other = engines.find((e) => e !== engine) ?? null;
    return figure({
      ...common, metric: `emulator_sessions_${engine}`, label: `emulator capacity, ${engine} VAD`, value: best(engine), alternative: other === null ? null : `${other} VAD`, alternativeValue: other === null ? null : best(other),
      rule: engine === 'silero' ? { kind: 'value-min', min: 100 } : { kind: 'none' },
    });
  });
}
