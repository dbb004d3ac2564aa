import type { SpeechSource } from './bench-corpus.js';
import type { SelfSignedCertificate } from './tls.js';
import type { WorkerLauncher } from './workers.js';

/** How long each part of the bench runs; `--quick` shrinks them all. */
export interface BenchPlan {
  readonly quick: boolean;
  /** Length of the one-stream pacing run: the "N minutes" of the drift figure. */
  readonly singleStreamMs: number;
  /** Streams of the wide run (pacing, client cost, memory at scale). */
  readonly wideStreams: number;
  readonly wideStreamMs: number;
  /** Client cost of WebRTC against WebSocket: streams at once and their length. */
  readonly transportStreams: number;
  readonly transportStreamMs: number;
  /** Length of each capacity probe, and how many probes the search may make. */
  readonly probeMs: number;
  readonly capacityProbes: number;
  /** Emulator capacity: length of each load step and how many steps per VAD engine. */
  readonly emulatorStepMs: number;
  readonly emulatorSteps: number;
  /** Memory growth: items of the short and the long corpus, and each item's length. */
  readonly memoryItems: readonly [number, number];
  readonly memoryItemMs: number;
  /** Decode throughput: length of the long file, and rounds over all files. */
  readonly decodeLongMs: number;
  readonly decodeRounds: number;
  /** Scoring throughput: utterance pairs scored. */
  readonly scoringUtterances: number;
  /** Scoring cost of one long pair: characters of its reference. */
  readonly longScoringCharacters: number;
}

/** The default plan (under 5 minutes) and the quick one (under 1 minute, for CI). */
export function benchPlan(quick: boolean): BenchPlan {
  if (quick) {
    return {
      quick, singleStreamMs: 5_000, wideStreams: 200, wideStreamMs: 4_000, transportStreams: 4, transportStreamMs: 4_000, probeMs: 4_000, capacityProbes: 0, emulatorStepMs: 2_500, emulatorSteps: 1,
      memoryItems: [4, 12], memoryItemMs: 3_000, decodeLongMs: 10_000, decodeRounds: 1, scoringUtterances: 1_000, longScoringCharacters: 25_000,
    };
  }
  return {
    quick, singleStreamMs: 60_000, wideStreams: 200, wideStreamMs: 16_000, transportStreams: 20, transportStreamMs: 16_000, probeMs: 8_000, capacityProbes: 3, emulatorStepMs: 8_000, emulatorSteps: 3,
    memoryItems: [20, 80], memoryItemMs: 8_000, decodeLongMs: 120_000, decodeRounds: 2, scoringUtterances: 5_000, longScoringCharacters: 100_000,
  };
}

/** What every part of the bench shares. */
export interface BenchContext {
  readonly plan: BenchPlan;
  readonly launcher: WorkerLauncher;
  /** Scratch folder: corpora, cassettes, the certificate; removed at the end. */
  readonly workDir: string;
  readonly certificate: SelfSignedCertificate;
  readonly speech: SpeechSource;
  /** The corpus the speech comes from (the bundled one). */
  readonly speechCorpusDir: string;
  readonly ffmpegPath: string;
  /** `sctk` when installed, else null. */
  readonly sctk: string | null;
  readonly signal: AbortSignal;
  /** One line of progress for the console. */
  log(line: string): void;
}
