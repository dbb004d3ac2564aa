import { bracket, nextProbe, probesText, type CapacityProbe } from './capacity.js';
import { corpusOf } from './client-runs.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo, EmulatorReport } from './emulator-role.js';
import { figure, type BenchFigure } from './figures.js';
import type { LoadReport } from './load-role.js';
import type { BenchVadEngine } from './worker-protocol.js';
import { startWorker, type WorkerHandle } from './workers.js';

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

/** What the emulator part measures: which engines, which loads, or a server already running. */
export interface EmulatorPlan {
  readonly engines: readonly BenchVadEngine[];
  /** Loads to try, in order, instead of searching; null = search. */
  readonly sessions: readonly number[] | null;
  /** A running server (`ws://…/v1/realtime`) to measure instead of starting one. */
  readonly url: string | null;
}

type Server = { readonly url: string; readonly worker: WorkerHandle<EmulatorInfo, EmulatorReport> | null };

async function step(ctx: BenchContext, server: Server, sessions: number, label: string): Promise<CapacityProbe> {
  ctx.log(`emulator (${label}): ${sessions} real-time sessions of ${(ctx.plan.emulatorStepMs / 1000).toFixed(0)} s`);
  const corpus = corpusOf(ctx, ctx.plan.emulatorStepMs);
  const before = await server.worker?.probe();
  const load = await startWorker<never, LoadReport>(ctx.launcher, { role: 'load', url: server.url, corpusDir: corpus.dir, sessions }).result;
  const after = await server.worker?.probe();
  const cpu = before && after ? `, server CPU ${(((after.cpuMs - before.cpuMs) / load.wallMs) * 100).toFixed(0)}% of a core` : '';
  const ok = load.ready === sessions && load.turns > 0 && load.lag.p99Ms <= EMULATOR_LAG_P99_MS;
  const note = `lag p50 ${load.lag.p50Ms.toFixed(0)} / p99 ${load.lag.p99Ms.toFixed(0)} ms, ${load.turns} turns${cpu}${load.ready < sessions ? `, ${sessions - load.ready} not connected` : ''}`;
  ctx.log(`  ${ok ? 'carried' : 'not carried'}: ${note}`);
  return { streams: sessions, ok, note };
}

async function probeServer(ctx: BenchContext, server: Server, plan: EmulatorPlan, label: string): Promise<CapacityProbe[]> {
  const probes: CapacityProbe[] = [];
  const explicit = plan.sessions;
  const steps = explicit?.length ?? ctx.plan.emulatorSteps;
  for (let i = 0; i < steps && !ctx.signal.aborted; i++) {
    const sessions = explicit ? explicit[i] : i === 0 ? (ctx.plan.quick ? QUICK_STEP : FIRST_STEP) : nextProbe(probes, MAX_SESSIONS);
    if (sessions === null || sessions === undefined) break;
    probes.push(await step(ctx, server, sessions, label));
  }
  return probes;
}

async function probeEngine(ctx: BenchContext, engine: BenchVadEngine, plan: EmulatorPlan): Promise<CapacityProbe[]> {
  const worker = startWorker<EmulatorInfo, EmulatorReport>(ctx.launcher, { role: 'emulator', vad: engine, tls: null });
  try {
    const info = await worker.ready;
    return await probeServer(ctx, { url: info.wsUrl, worker }, plan, `${engine} VAD`);
  } finally {
    worker.stop();
    await worker.result.catch(() => undefined);
  }
}

function best(probes: CapacityProbe[] | string | undefined): number | null {
  return Array.isArray(probes) ? bracket(probes).carried : null;
}

/** The probes in words; says so when every load tried was carried (the figure is then a lower bound). */
function probesNote(probes: readonly CapacityProbe[]): string {
  const lowerBound = probes.length > 0 && probes.every((p) => p.ok) ? ' (every load tried was carried: a lower bound)' : '';
  return `${probesText(probes)}${lowerBound}`;
}

/**
 * Emulator capacity per VAD engine: the most real-time sessions the emulator (in its own
 * process, loaded by a lean client in another) keeps up with, each engine next to the other.
 */
export async function emulatorFigures(ctx: BenchContext, plan: EmulatorPlan): Promise<BenchFigure[]> {
  const lowerBound = ctx.plan.quick && plan.sessions === null ? ' (quick: one step, a lower bound)' : '';
  const rule = `carried = speech_stopped lag p99 <= ${EMULATOR_LAG_P99_MS} ms${lowerBound}`;
  if (plan.url !== null) {
    const probes = await probeServer(ctx, { url: plan.url, worker: null }, plan, plan.url);
    return [figure({ metric: 'emulator_sessions_running', label: `capacity of ${plan.url}`, unit: 'sessions', value: best(probes), detail: `${rule}; ${probesNote(probes)}` })];
  }
  const results = new Map<BenchVadEngine, CapacityProbe[] | string>();
  for (const engine of plan.engines) results.set(engine, await probeEngine(ctx, engine, plan).catch((error: unknown) => `failed: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`));
  const describe = (engine: BenchVadEngine): string => {
    const probes = results.get(engine);
    return typeof probes === 'string' ? `${engine}: ${probes}` : `${engine}: ${probesNote(probes ?? [])}`;
  };
  return plan.engines.map((engine) => {
    const other = plan.engines.find((e) => e !== engine) ?? null;
    return figure({
      metric: `emulator_sessions_${engine}`, label: `emulator capacity, ${engine} VAD`, unit: 'sessions', value: best(results.get(engine)),
      alternative: other === null ? null : `${other} VAD`, alternativeValue: other === null ? null : best(results.get(other)),
      rule: engine === 'silero' ? { kind: 'value-min', min: 100 } : { kind: 'none' }, detail: `${rule}; ${describe(engine)}`,
    });
  });
}
