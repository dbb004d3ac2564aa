import { join } from 'node:path';
import { writeBenchCorpus, type BenchCorpus } from './bench-corpus.js';
import type { ClientReport } from './client-roles.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo } from './emulator-role.js';
import { startWorker } from './workers.js';

/** Sessions started per second by the clients (as `--session-rate 50`): 200 connections spread over 4 s. */
export const BENCH_SESSION_RATE = 50;

/** The two clients of one comparison, run against the same emulator. */
export interface ClientPair {
  readonly rtbench: ClientReport;
  readonly sdk: ClientReport;
  /** The rtbench run's folder (its cassettes are replayed later). */
  readonly runDir: string;
}

/** A corpus of one item of `durationMs` of speech, written once per length. */
export function corpusOf(ctx: BenchContext, durationMs: number): BenchCorpus {
  return writeBenchCorpus(join(ctx.workDir, `corpus-${durationMs}`), ctx.speech, durationMs);
}

/** rtbench's run path in its own process: `streams` sessions at once over the corpus. */
export function runRtbench(ctx: BenchContext, emulator: EmulatorInfo, corpus: BenchCorpus, runId: string, streams: number, extra: { repeat?: number; speed?: number | 'max'; writeReports?: boolean; tls?: boolean; exposeGc?: boolean; transport?: 'websocket' | 'webrtc' } = {}): Promise<ClientReport> {
  const tls = extra.tls ?? true;
  const target = tls ? emulator.wssUrl : emulator.wsUrl;
  if (target === null) throw new Error('the bench emulator has no TLS front');
  const worker = startWorker<never, ClientReport>(
    ctx.launcher,
    { role: 'rtbench-client', target, corpusDir: corpus.dir, streams, repeat: extra.repeat ?? streams, speed: extra.speed ?? 1, out: join(ctx.workDir, 'runs'), runId, sessionRate: BENCH_SESSION_RATE, writeReports: extra.writeReports ?? false, transport: extra.transport ?? 'websocket' },
    tls ? { NODE_EXTRA_CA_CERTS: ctx.certificate.certPath } : {},
    extra.exposeGc === true ? ['--expose-gc'] : [],
  );
  return worker.result;
}

/** The `openai` package's realtime client in its own process, sleeping after each send. */
export function runSdk(ctx: BenchContext, emulator: EmulatorInfo, corpus: BenchCorpus, streams: number): Promise<ClientReport> {
  if (emulator.httpsBaseUrl === null) throw new Error('the bench emulator has no TLS front');
  const worker = startWorker<never, ClientReport>(ctx.launcher, {
    role: 'sdk-client', baseUrl: emulator.httpsBaseUrl, certPath: ctx.certificate.certPath, corpusDir: corpus.dir, streams, sessionRate: BENCH_SESSION_RATE,
  });
  return worker.result;
}

function failed(report: ClientReport, who: string): string | null {
  if (report.completed === report.sessions) return null;
  return `${report.sessions - report.completed} of ${report.sessions} ${who} sessions failed${report.firstError ? `: ${report.firstError}` : ''}`;
}

/** Problems of a pair, in words; empty when every session completed. */
export function pairProblems(pair: Pick<ClientPair, 'rtbench' | 'sdk'>): string[] {
  return [failed(pair.rtbench, 'rtbench'), failed(pair.sdk, 'openai SDK')].filter((p): p is string => p !== null);
}

/** One stream each, at the same time (two mostly idle processes), for the single-stream pacing and drift. */
export async function runSinglePair(ctx: BenchContext, emulator: EmulatorInfo): Promise<ClientPair> {
  const corpus = corpusOf(ctx, ctx.plan.singleStreamMs);
  ctx.log(`pacing, 1 stream: rtbench and the openai SDK side by side, ${(ctx.plan.singleStreamMs / 1000).toFixed(0)} s of audio each`);
  const [rtbench, sdk] = await Promise.all([runRtbench(ctx, emulator, corpus, 'single', 1), runSdk(ctx, emulator, corpus, 1)]);
  return { rtbench, sdk, runDir: join(ctx.workDir, 'runs', 'single') };
}

/** Many streams, one client after the other (each alone with the emulator). */
export async function runWidePair(ctx: BenchContext, emulator: EmulatorInfo): Promise<ClientPair> {
  const { wideStreams, wideStreamMs } = ctx.plan;
  const corpus = corpusOf(ctx, wideStreamMs);
  ctx.log(`${wideStreams} streams of ${(wideStreamMs / 1000).toFixed(0)} s: rtbench`);
  const rtbench = await runRtbench(ctx, emulator, corpus, 'wide', wideStreams);
  ctx.log(`${wideStreams} streams of ${(wideStreamMs / 1000).toFixed(0)} s: the openai SDK`);
  const sdk = await runSdk(ctx, emulator, corpus, wideStreams);
  return { rtbench, sdk, runDir: join(ctx.workDir, 'runs', 'wide') };
}
