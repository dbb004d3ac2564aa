import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../../clock.js';
import { resolveOptions, type ResolvedOptions } from '../../config/options.js';
import { percentileSorted } from '../../metrics/stats.js';
import { msToBytes } from '../../pipeline/audio-format.js';
import { CLIENT_EVENT_IDS } from '../../pipeline/session.js';
import { buildBarrier } from '../../pipeline/protocol/session-config.js';
import { parseCassette } from '../../pipeline/cassette.js';
import { findCassettes } from '../../replay/cassette-files.js';
import { REPORTERS } from '../../reporters/index.js';
import { runBenchmark } from '../runner.js';
import { BENCH_SPEC, benchSessionInputs } from './bench-corpus.js';
import { sentAudioMs, streamSendsOf, vadLagsOf } from './cassette-timing.js';
import { pacingStats, type PacingStats, type StreamSends } from './pacing-stats.js';
import { runSdkStream } from './sdk-client.js';
import type { RtbenchClientJob, SdkClientJob, WorkerContext } from './worker-protocol.js';

/** Summary of a VAD lag sample, ms. */
export interface LagStats {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** What a client worker measured. */
export interface ClientReport {
  readonly streams: number;
  readonly sessions: number;
  readonly completed: number;
  readonly firstError: string | null;
  readonly pacing: PacingStats;
  /** rtbench client only: how far the server's VAD lagged behind the audio. */
  readonly vadLag: LagStats | null;
  /** CPU time of the client process over the whole run, ms. */
  readonly cpuMs: number;
  /** Audio sent by all sessions together, ms (tail silence included). */
  readonly streamMs: number;
  readonly wallMs: number;
  readonly maxRssBytes: number;
  /** Largest JS heap in use and largest memory outside it (buffers) seen, sampled every 250 ms. */
  readonly peakHeapBytes: number;
  readonly peakExternalBytes: number;
  /** JS heap still in use after the run and a full garbage collection (workers started with --expose-gc), else null. */
  readonly liveHeapBytes: number | null;
}

/** The heap still in use after a full collection, when the process may ask for one. */
function liveHeapBytes(probe: WorkerContext['probe']): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  gc();
  return probe.memory().heapUsedBytes;
}

/** Samples the process's memory every 250 ms until stopped; returns the peaks. */
function sampleMemory(probe: WorkerContext['probe']): () => { peakHeapBytes: number; peakExternalBytes: number } {
  const peaks = { peakHeapBytes: 0, peakExternalBytes: 0 };
  const sample = (): void => {
    const m = probe.memory();
    peaks.peakHeapBytes = Math.max(peaks.peakHeapBytes, m.heapUsedBytes);
    peaks.peakExternalBytes = Math.max(peaks.peakExternalBytes, m.externalBytes);
  };
  const timer = setInterval(sample, 250);
  return () => {
    clearInterval(timer);
    sample();
    return peaks;
  };
}

/** Summarises lags; NaN percentiles when there are none. */
export function lagStats(lags: readonly number[]): LagStats {
  const sorted = [...lags].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentileSorted(sorted, 50), p99Ms: percentileSorted(sorted, 99), maxMs: sorted.at(-1) ?? Number.NaN };
}

function benchOptions(job: Pick<RtbenchClientJob, 'target' | 'corpusDir' | 'streams' | 'repeat' | 'speed' | 'out' | 'runId' | 'sessionRate' | 'transport'>, cwd: string): ResolvedOptions {
  return resolveOptions(
    { target: job.target, corpus: job.corpusDir, repeat: job.repeat, concurrency: job.streams, speed: job.speed, out: job.out, runId: job.runId, sessionRate: job.sessionRate, transport: [job.transport ?? 'websocket'] },
    { cwd, env: {}, bundledCorpus: job.corpusDir },
  );
}

/** Runs the bench corpus through rtbench's own run path and reads the timing back from the cassettes. */
export async function runRtbenchClient(job: RtbenchClientJob, ctx: WorkerContext): Promise<ClientReport> {
  const options = benchOptions(job, ctx.cwd);
  const reporters = job.writeReports ? [REPORTERS['results-dir']?.({ out: { write: () => true }, color: false })].filter((r) => r !== undefined) : [];
  const cpuStart = ctx.probe.cpuMs();
  const started = realClock.now();
  const stopSampling = sampleMemory(ctx.probe);
  const run = await runBenchmark(options, { clock: realClock, signal: new AbortController().signal, reporters, harnessVersion: 'bench', versions: {} });
  const wallMs = realClock.now() - started;
  const cpuMs = ctx.probe.cpuMs() - cpuStart;
  // Taken before the timing is read back below: the peak is the run's, not this analysis's.
  const maxRssBytes = ctx.probe.maxRssBytes();
  const peaks = stopSampling();
  const live = liveHeapBytes(ctx.probe);
  const sends: StreamSends[] = [];
  const lags: number[] = [];
  let streamMs = 0;
  for (const file of findCassettes([join(job.out, job.runId)], ctx.cwd)) {
    const record = parseCassette(readFileSync(file, 'utf8'), file);
    sends.push(streamSendsOf(record));
    lags.push(...vadLagsOf(record));
    streamMs += sentAudioMs(record);
  }
  const failed = run.items.find((i) => i.status !== 'ok');
  return {
    streams: job.streams, sessions: run.items.length, completed: run.items.filter((i) => i.status === 'ok').length, firstError: failed?.error ?? null,
    pacing: pacingStats(sends), vadLag: lagStats(lags), cpuMs, streamMs, wallMs, maxRssBytes, ...peaks, liveHeapBytes: live,
  };
}

/**
 * Runs `streams` sessions of the `openai` package's realtime client against the same server
 * with the same session.update, the same hint and the same appends (audio and tail silence)
 * as rtbench's session sends.
 */
export async function runSdkClient(job: SdkClientJob, ctx: WorkerContext): Promise<ClientReport> {
  const options = benchOptions({ target: 'local', corpusDir: job.corpusDir, streams: job.streams, repeat: 1, speed: 1, out: '.', runId: 'sdk', sessionRate: job.sessionRate }, ctx.cwd);
  const { config, chunks, headers, update } = benchSessionInputs(options, job.corpusDir);
  const stream = {
    baseUrl: job.baseUrl, model: config.model, ca: readFileSync(job.certPath, 'utf8'), chunks, chunkMs: options.chunkMs, barrier: { ...buildBarrier(config), event_id: CLIENT_EVENT_IDS.barrier }, clock: realClock, headers, sessionUpdate: update,
  };
  const cpuStart = ctx.probe.cpuMs();
  const started = realClock.now();
  const stopSampling = sampleMemory(ctx.probe);
  const results = await Promise.all(Array.from({ length: job.streams }, async (_, i) => {
    await realClock.sleep((i * 1000) / job.sessionRate);
    return runSdkStream(stream);
  }));
  const wallMs = realClock.now() - started;
  const cpuMs = ctx.probe.cpuMs() - cpuStart;
  const maxRssBytes = ctx.probe.maxRssBytes();
  const peaks = stopSampling();
  const chunkTotalMs = (chunks.reduce((s, c) => s + c.length, 0) / msToBytes(BENCH_SPEC, 1000)) * 1000;
  return {
    streams: job.streams, sessions: job.streams, completed: results.filter((r) => r.error === null).length, firstError: results.find((r) => r.error !== null)?.error ?? null,
    pacing: pacingStats(results.map((r) => r.sends)), vadLag: null, cpuMs, streamMs: results.reduce((sum, r) => sum + (r.sends.sentMs.length / chunks.length) * chunkTotalMs, 0), wallMs, maxRssBytes, ...peaks, liveHeapBytes: null,
  };
}
