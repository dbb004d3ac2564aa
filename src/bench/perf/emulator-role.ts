import { readFileSync } from 'node:fs';
import { startEmulator } from '../../emulator/server.js';
import { loadVadEngine } from '../endpoint.js';
import { startTlsProxy } from './tls.js';
import type { BenchVadEngine, EmulatorJob, WorkerContext } from './worker-protocol.js';

/** Where a running emulator worker listens. */
export interface EmulatorInfo {
  readonly wsUrl: string;
  /** `wss://127.0.0.1:<port>/v1/realtime` through the TLS front, when it has one. */
  readonly wssUrl: string | null;
  /** `https://127.0.0.1:<port>/v1`: the base URL the openai package turns into the wss URL. */
  readonly httpsBaseUrl: string | null;
}

/** What the emulator worker used, from start to stop. */
export interface EmulatorReport {
  readonly cpuMs: number;
  readonly maxRssBytes: number;
}

/** The VAD engines of the emulator, the default first. */
export const BENCH_VAD_ENGINES: readonly BenchVadEngine[] = ['silero', 'webrtc'];

/** Serves the emulator (behind a TLS front when asked) until the parent says stop. */
export async function serveEmulator(job: EmulatorJob, ctx: WorkerContext): Promise<EmulatorReport> {
  const emulator = await startEmulator({ vad: await loadVadEngine(job.vad), seed: 1 });
  const proxy = job.tls ? await startTlsProxy({ cert: readFileSync(job.tls.certPath, 'utf8'), key: readFileSync(job.tls.keyPath, 'utf8') }, emulator.port) : null;
  const cpuStart = ctx.probe.cpuMs();
  const info: EmulatorInfo = {
    wsUrl: emulator.url,
    wssUrl: proxy ? `wss://127.0.0.1:${proxy.port}/v1/realtime` : null,
    httpsBaseUrl: proxy ? `https://127.0.0.1:${proxy.port}/v1` : null,
  };
  ctx.ready(info);
  await ctx.stopped;
  const report = { cpuMs: ctx.probe.cpuMs() - cpuStart, maxRssBytes: ctx.probe.maxRssBytes() };
  await proxy?.close();
  await emulator.close();
  return report;
}
