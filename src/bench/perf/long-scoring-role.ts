import { realClock } from '../../clock.js';
import { scoreTranscript } from '../../metrics/score-transcript.js';
import type { EditCounts } from '../../metrics/wer.js';
import { longScoringPair } from './long-scoring-pair.js';
import type { LongScoringJob, WorkerContext } from './worker-protocol.js';

/** What scoring one long pair cost its own process. */
export interface LongScoringReport {
  readonly referenceCharacters: number;
  /** scoreTranscript (normalise, align words, align characters), wall clock and CPU. */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak RSS of the process before scoring (the pair built) and after. */
  readonly baselineRssBytes: number;
  readonly maxRssBytes: number;
  readonly wer: number;
  readonly cer: number;
  readonly characters: EditCounts;
}

/**
 * Scores one seeded long pair as a rolled-over session's item is scored (English normaliser,
 * sclite costs, WER and CER), in a process of its own so that its peak memory is the scoring's.
 */
export function runLongScoring(job: LongScoringJob, ctx: WorkerContext): Promise<LongScoringReport> {
  const pair = longScoringPair(job.characters);
  const baselineRssBytes = ctx.probe.maxRssBytes();
  const cpuStarted = ctx.probe.cpuMs();
  const started = realClock.now();
  const score = scoreTranscript(pair.reference, pair.hypothesis);
  const wallMs = realClock.now() - started;
  return Promise.resolve({
    referenceCharacters: pair.reference.length, wallMs, cpuMs: ctx.probe.cpuMs() - cpuStarted, baselineRssBytes, maxRssBytes: ctx.probe.maxRssBytes(),
    wer: score.wer, cer: score.cer, characters: score.characters,
  });
}
