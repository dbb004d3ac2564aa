/** rtbench's public API. */
export { main } from './cli/main.js';
export type { CliIo } from './cli/io.js';
export { realClock, createVirtualClock, type Clock, type VirtualClock } from './clock.js';
export { resolveOptions, type RunOptions, type ResolvedOptions } from './config/options.js';
export { expandMatrix } from './config/matrix.js';
export type { RunConfig } from './config/types.js';
export { loadCorpus, type Corpus, type CorpusItem } from './corpus/manifest.js';
export { ExitCode, HarnessError, ConfigError, CorpusError, TransportError, ProtocolError } from './errors.js';
export { decodeAudio, decodeToBuffer } from './pipeline/decode.js';
export { chunkAudio } from './pipeline/chunk.js';
export { paceChunks } from './pipeline/pace.js';
export { runSession, type SessionPlan } from './pipeline/session.js';
export { createRecorder } from './pipeline/recorder.js';
export { parseCassette, createCassetteWriter } from './pipeline/cassette.js';
export type { SessionRecord, TimedEvent, CassetteHeader } from './pipeline/record.js';
export { parseServerEvent, canonicalEventType, BETA_TO_GA_EVENT, type ServerFact } from './pipeline/protocol/events.js';
export { buildSessionUpdate, buildClientSecretRequest } from './pipeline/protocol/session-config.js';
export { mintClientSecret, mintBaseUrl, type MintedSecret, type MintOptions } from './pipeline/auth/client-secret.js';
export { createWsTransport } from './pipeline/transport/ws.js';
export { createWebRtcTransport, type WebRtcTransportOptions } from './pipeline/transport/webrtc.js';
export type { Transport, TransportHandlers } from './pipeline/transport/transport.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/server.js';
export { scoreSession } from './metrics/score-session.js';
export { alignTokens, errorRate, errorCount, sumCounts, type AlignOp, type Alignment, type AlignCosts, type AlignOptions, type EditCounts } from './metrics/wer.js';
export { scoreTranscript, scoreTranscripts, type ScoreTranscriptOptions, type TranscriptScore, type TranscriptsScore } from './metrics/score-transcript.js';
export { englishNormalizer, basicNormalizer, identityNormalizer, getNormalizer, normalizerFor, NORMALIZER_NAMES, type TextNormalizer, type NormalizerName } from './metrics/normalize.js';
export {
  compareItemResults, compareLatencies, compareWer, pairedBootstrap, wilcoxonSignedRank, signTest, mapsswe,
  type SignificanceOptions, type ItemResultsComparison, type LatencyComparison, type WerComparison, type WerUtterance, type Delta,
  type WilcoxonResult, type SignTestResult, type MapssweResult,
} from './metrics/significance.js';
export { bootstrapPercentiles, bootstrapRatio, percentile, PERCENTILES, STATISTICS_METHOD, type Estimate } from './metrics/stats.js';
export {
  runBenchmark, replay, startRealtimeServer, checkConditions,
  type BenchmarkOptions, type BenchmarkResult, type ReplaySourcesOptions, type ReplayResult, type RealtimeServerOptions, type RealtimeServer, type UnmetCondition,
} from './library.js';
export { parseObjective, type Objective } from './config/objective.js';
export { compareRuns, type Comparison, type CompareOptions } from './bench/compare.js';
export { mergeRuns, type MergedRun } from './bench/merge.js';
export { pairedTest, type PairedTestResult } from './bench/paired-test.js';
export { readRunDir, readSummaryJson } from './bench/run-dir.js';
export { parseGate, parseThresholds, evaluateThresholds, type Gate, type Threshold, type DeltaRule } from './config/thresholds.js';
export { renderHtml } from './reporters/html/render.js';
export { renderJunit } from './reporters/junit.js';
export { renderRunMarkdown, renderComparisonMarkdown } from './reporters/markdown.js';
export { replaySession } from './replay/replay-session.js';
export { createCassetteTransport } from './replay/cassette-transport.js';
export { startReplayServer, type ReplayServerOptions, type RunningReplayServer } from './replay/replay-server.js';
export { importEvents } from './replay/import-events.js';
export type { RunResult, RunMeta } from './bench/run-result.js';
export type { ItemResult, TurnResult } from './metrics/item-result.js';
