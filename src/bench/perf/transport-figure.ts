import { corpusOf, pairProblems, runRtbench } from './client-runs.js';
import type { ClientReport } from './client-roles.js';
import type { BenchContext } from './context.js';
import type { EmulatorInfo } from './emulator-role.js';
import { figure, type BenchFigure } from './figures.js';

function perStreamSecond(report: ClientReport): number {
  return report.streamMs > 0 ? report.cpuMs / (report.streamMs / 1000) : Number.NaN;
}

/**
 * The client's cost of a WebRTC stream against a WebSocket stream: the same corpus, streams
 * and pacing through rtbench's run path, once over `wss://` (appends, TLS) and once as WebRTC
 * calls (a minted secret and an offer per session, Opus encoding, SRTP and SCTP over DTLS,
 * all in werift's TypeScript), one after the other against the same emulator.
 */
export async function transportCostFigure(ctx: BenchContext, emulator: EmulatorInfo): Promise<BenchFigure> {
  const { transportStreams: streams, transportStreamMs } = ctx.plan;
  const corpus = corpusOf(ctx, transportStreamMs);
  ctx.log(`client cost, ${streams} streams of ${(transportStreamMs / 1000).toFixed(0)} s: WebSocket`);
  const websocket = await runRtbench(ctx, emulator, corpus, 'transport-websocket', streams);
  ctx.log(`client cost, ${streams} streams of ${(transportStreamMs / 1000).toFixed(0)} s: WebRTC`);
  const webrtc = await runRtbench(ctx, emulator, corpus, 'transport-webrtc', streams, { transport: 'webrtc' });
  const problems = pairProblems({ rtbench: webrtc, sdk: websocket }).map((p) => p.replace('openai SDK', 'WebSocket').replace('rtbench', 'WebRTC'));
  return figure({
    metric: 'webrtc_client_cpu_ms_per_stream_s', label: `client CPU per stream-second over WebRTC, ${streams} streams`, unit: 'ms', value: perStreamSecond(webrtc),
    alternative: 'the same streams over a WebSocket (wss)', alternativeValue: perStreamSecond(websocket), rule: { kind: 'none' },
    detail: [
      `WebRTC ${(webrtc.cpuMs / 1000).toFixed(1)} s CPU, WebSocket ${(websocket.cpuMs / 1000).toFixed(1)} s, over ${(webrtc.streamMs / 1000).toFixed(0)} and ${(websocket.streamMs / 1000).toFixed(0)} stream-seconds; peak memory ${(webrtc.maxRssBytes / 2 ** 20).toFixed(0)} MB vs ${(websocket.maxRssBytes / 2 ** 20).toFixed(0)} MB`,
      ...problems,
    ].join('; '),
  });
}
