import { bracket, CAPACITY_P99_MS, nextProbe, probeOf, probesText, type CapacityProbe } from './capacity.js';
import type { ClientReport } from './client-roles.js';
import { corpusOf, pairProblems, runRtbench, runSinglePair, runWidePair, type ClientPair } from './client-runs.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo } from './emulator-role.js';
import { figure, type BenchFigure } from './figures.js';

const SLEEP_LOOP = 'openai SDK, sleep after each send';
const MB = 1024 * 1024;

function streamsText(n: number): string {
  return n === 1 ? '1 stream' : `${n} streams`;
}

function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(ms < 60_000 ? 2 : 1)} min`;
}

/** Send-time error and drift of a pair, at its stream count. */
export function pacingFigures(pair: ClientPair, limits: { p99Ms: number; driftMs: number }): BenchFigure[] {
  const n = pair.rtbench.streams;
  const problems = pairProblems(pair).join('; ');
  const rt = pair.rtbench.pacing;
  const alt = pair.sdk.pacing;
  const common = { unit: 'ms', alternative: SLEEP_LOOP };
  const suffix = n === 1 ? '1_stream' : `${n}_streams`;
  return [
    figure({ ...common, metric: `pacing_p50_ms_${suffix}`, label: `send-time error p50, ${streamsText(n)}`, value: rt.p50Ms, alternativeValue: alt.p50Ms, detail: problems }),
    figure({ ...common, metric: `pacing_p99_ms_${suffix}`, label: `send-time error p99, ${streamsText(n)}`, value: rt.p99Ms, alternativeValue: alt.p99Ms, rule: { kind: 'value-max', max: limits.p99Ms }, detail: `${rt.chunks} chunks; max ${rt.maxMs.toFixed(1)} ms` }),
    figure({
      ...common, metric: `pacing_drift_ms_${suffix}`, label: `drift after ${minutes(rt.spanMs)}, ${streamsText(n)}`, value: Math.abs(rt.driftMs), alternativeValue: Math.abs(alt.driftMs),
      rule: { kind: 'value-max', max: limits.driftMs }, detail: 'worst stream: median error of its last tenth minus that of its first tenth',
    }),
  ];
}

function perStreamSecond(report: ClientReport): number {
  return report.streamMs > 0 ? report.cpuMs / (report.streamMs / 1000) : Number.NaN;
}

/** CPU per stream-second and peak memory of the wide pair. */
export function costFigures(pair: ClientPair): BenchFigure[] {
  const n = pair.rtbench.streams;
  return [
    figure({
      metric: 'client_cpu_ms_per_stream_s', label: `client CPU per stream-second, ${streamsText(n)}`, unit: 'ms', value: perStreamSecond(pair.rtbench), alternative: 'openai SDK OpenAIRealtimeWS, same appends',
      alternativeValue: perStreamSecond(pair.sdk), rule: { kind: 'ratio-max', max: 0.8 },
      detail: `wss to the same local emulator; rtbench ${(pair.rtbench.cpuMs / 1000).toFixed(1)} s CPU, SDK ${(pair.sdk.cpuMs / 1000).toFixed(1)} s, over ${(pair.rtbench.streamMs / 1000).toFixed(0)} stream-seconds each`,
    }),
    figure({
      metric: `peak_rss_mb_${n}_streams`, label: `peak memory, ${streamsText(n)}`, unit: 'MB', value: pair.rtbench.maxRssBytes / MB, alternative: 'openai SDK client, same streams',
      alternativeValue: pair.sdk.maxRssBytes / MB, rule: { kind: 'value-max', max: 300 },
      detail: `peak RSS of the client process; at most ${(pair.rtbench.peakHeapBytes / MB).toFixed(0)} MB of JS heap and ${(pair.rtbench.peakExternalBytes / MB).toFixed(0)} MB of buffers in use (SDK: ${(pair.sdk.peakHeapBytes / MB).toFixed(0)} and ${(pair.sdk.peakExternalBytes / MB).toFixed(0)})`,
    }),
  ];
}

/** Searches the most streams rtbench paces with p99 within the bound, from the probes already made. */
async function searchCapacity(ctx: BenchContext, emulator: EmulatorInfo, probes: CapacityProbe[]): Promise<CapacityProbe[]> {
  const corpus = corpusOf(ctx, ctx.plan.probeMs);
  for (let i = 0; i < ctx.plan.capacityProbes && !ctx.signal.aborted; i++) {
    const streams = nextProbe(probes);
    if (streams === null) break;
    ctx.log(`capacity: ${streams} streams of ${(ctx.plan.probeMs / 1000).toFixed(0)} s`);
    probes.push(probeOf(await runRtbench(ctx, emulator, corpus, `capacity-${streams}`, streams)));
  }
  return probes;
}

function capacityFigure(probes: readonly CapacityProbe[], single: ClientPair): BenchFigure {
  const best = bracket(probes).carried;
  const sleepLoopCarries = single.sdk.pacing.p99Ms <= CAPACITY_P99_MS ? 1 : 0;
  return figure({
    metric: 'capacity_streams', label: `real-time streams carried with pacing p99 <= ${CAPACITY_P99_MS} ms`, unit: 'streams', value: best,
    alternative: `${SLEEP_LOOP} (p99 ${single.sdk.pacing.p99Ms.toFixed(0)} ms at 1 stream)`, alternativeValue: sleepLoopCarries, rule: { kind: 'value-min', min: 200 },
    detail: `emulator in its own process on the same cores; tried ${probesText(probes)}`,
  });
}

/** Pacing at 1 and many streams, client cost, memory at scale and capacity; also returns the wide run's folder for replay. */
export async function clientFigures(ctx: BenchContext, emulator: EmulatorInfo): Promise<{ figures: BenchFigure[]; wideRunDir: string }> {
  const single = await runSinglePair(ctx, emulator);
  const wide = await runWidePair(ctx, emulator);
  const probes = await searchCapacity(ctx, emulator, [probeOf(single.rtbench), probeOf(wide.rtbench)]);
  return {
    figures: [
      ...pacingFigures(single, { p99Ms: 2, driftMs: 5 }),
      ...pacingFigures(wide, { p99Ms: 5, driftMs: 5 }),
      ...costFigures(wide),
      capacityFigure(probes, single),
    ],
    wideRunDir: wide.runDir,
  };
}

