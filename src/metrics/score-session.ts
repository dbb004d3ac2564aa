import { DEFAULT_MERGE_GAP_MS } from '../config/defaults.js';
import type { Usage } from '../pipeline/protocol/events.js';
import type { SessionRecord } from '../pipeline/record.js';
import { costOfUsage } from './cost.js';
import { TURN_LATENCIES, type ItemResult, type LatencyName, type TurnResult } from './item-result.js';
import { normalizerFor } from './normalize.js';
import { buildTimeline, sendTimeOfAudio, type ItemTimeline, type SessionTimeline } from './timeline.js';
import { scoreTurns, speechMs, type DetectedTurn, type TurnScores } from './turns.js';
import { errorCount } from './wer.js';
import { scoreTranscript } from './score-transcript.js';
import { mean } from './stats.js';

function diff(end: number | null | undefined, start: number | null | undefined): number | null {
  return end === null || end === undefined || start === null || start === undefined ? null : Math.round((end - start) * 1000) / 1000;
}

function scoreText(reference: string | null, hypothesis: string, language: string | null) {
  if (reference === null) return { normalizer: normalizerFor(language).version, score: null };
  const score = scoreTranscript(reference, hypothesis, { language });
  return { normalizer: score.normalizer, score };
}

function detectedTurns(record: SessionRecord, turns: readonly ItemTimeline[]): DetectedTurn[] {
  const { config } = record.meta;
  const padding = config.vad === 'server_vad' ? (config.prefix_padding_ms ?? 0) : 0;
  const silence = config.vad === 'server_vad' ? (config.silence_duration_ms ?? 0) : 0;
  return turns.map((t) => {
    const start = t.audioStartMs ?? 0;
    return {
      onsetMs: start + padding,
      endMs: t.audioEndMs === null ? null : t.audioEndMs - silence,
      reported: { startMs: start, endMs: t.audioEndMs ?? start },
    };
  });
}

function truthSegments(record: SessionRecord): readonly (readonly [number, number])[] | null {
  const { item } = record.meta;
  if (item.speech_segments !== null) return item.speech_segments;
  return item.text === '' ? [] : null;
}

function turnResult(timeline: SessionTimeline, t: ItemTimeline, index: number, scores: TurnScores | null): TurnResult {
  const match = scores?.matches[index] ?? null;
  const truth = match?.expected === null || match === null ? null : (scores?.expected[match.expected] ?? null);
  const speechEndSent = truth && match?.lastPiece ? sendTimeOfAudio(timeline, truth.endMs) : null;
  const anchor = t.stoppedTMs ?? t.committedTMs;
  const response = t.responseId === null ? undefined : timeline.responses.get(t.responseId);
  return {
    turnIndex: index,
    serverItemId: t.itemId,
    speechStartedMs: t.startedTMs,
    speechStoppedMs: t.stoppedTMs,
    audioStartMs: t.audioStartMs,
    audioEndMs: t.audioEndMs,
    expectedTurn: match?.expected ?? null,
    falseStart: match?.falseStart ?? false,
    onsetErrorMs: match?.onsetErrorMs ?? null,
    offsetErrorMs: match?.offsetErrorMs ?? null,
    transcript: t.transcript,
    responseId: t.responseId,
    responseStatus: response?.status ?? null,
    speechEndToStoppedMs: diff(t.stoppedTMs, speechEndSent),
    stoppedToFirstDeltaMs: diff(t.firstDeltaTMs, anchor),
    stoppedToTranscriptMs: diff(t.completedTMs, anchor),
    stoppedToFirstAudioMs: diff(response?.firstAudioTMs, anchor),
    speechEndToFirstAudioMs: diff(response?.firstAudioTMs, speechEndSent),
  };
}

const TURN_FIELDS: Record<(typeof TURN_LATENCIES)[number], keyof TurnResult> = {
  speech_end_to_stopped_ms: 'speechEndToStoppedMs',
  stopped_to_first_delta_ms: 'stoppedToFirstDeltaMs',
  stopped_to_transcript_ms: 'stoppedToTranscriptMs',
  stopped_to_first_audio_ms: 'stoppedToFirstAudioMs',
  speech_end_to_first_audio_ms: 'speechEndToFirstAudioMs',
};

/** The TurnResult field that holds a per-turn latency. */
export function turnLatency(turn: TurnResult, name: (typeof TURN_LATENCIES)[number]): number | null {
  return turn[TURN_FIELDS[name]] as number | null;
}

function meanOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.round(mean(present) * 1000) / 1000;
}

function usageTotals(record: SessionRecord, timeline: SessionTimeline) {
  const { config } = record.meta;
  const priced: { model: string; usage: Usage }[] = [];
  for (const r of timeline.responses.values()) if (r.usage) priced.push({ model: config.model, usage: r.usage });
  for (const i of timeline.items.values()) if (i.transcriptionUsage) priced.push({ model: config.transcribe_model, usage: i.transcriptionUsage });
  const costs = priced.map((p) => costOfUsage(p.model, p.usage));
  return {
    inputTokens: priced.reduce((s, p) => s + p.usage.inputTokens, 0),
    outputTokens: priced.reduce((s, p) => s + p.usage.outputTokens, 0),
    costUsd: costs.length === 0 ? 0 : costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
  };
}

/** Scores one session record: transcripts, turns, latencies, cost. Pure: same record, same result. */
export function scoreSession(record: SessionRecord): ItemResult {
  const { meta, outcome } = record;
  const timeline = buildTimeline(record.events);
  const spoken = [...timeline.items.values()].filter((t) => t.startedTMs !== null).sort((a, b) => (a.startedTMs ?? 0) - (b.startedTMs ?? 0));
  const committed = [...timeline.items.values()].filter((t) => t.commitIndex !== null).sort((a, b) => (a.commitIndex ?? 0) - (b.commitIndex ?? 0));
  const hypothesis = committed.flatMap((t) => (t.transcript === null || t.transcript.trim() === '' ? [] : [t.transcript.trim()])).join(' ');
  const text = scoreText(meta.item.text, hypothesis, meta.item.language);
  const audioMs = timeline.appends.at(-1)?.audioMs ?? 0;
  const truth = truthSegments(record);
  const mergeGap = meta.config.silence_duration_ms ?? DEFAULT_MERGE_GAP_MS;
  const scores = truth === null ? null : scoreTurns(detectedTurns(record, spoken), truth, mergeGap, audioMs);
  const turns = spoken.map((t, i) => turnResult(timeline, t, i, scores));
  const latencies = Object.fromEntries(TURN_LATENCIES.map((name) => [name, meanOrNull(turns.map((t) => turnLatency(t, name)))])) as Record<LatencyName, number | null>;
  latencies.connect_ms = timeline.openTMs;
  latencies.session_ready_ms = timeline.sessionReadyTMs;
  const failures = committed.filter((t) => t.failed !== null).map((t) => `transcription of ${t.itemId} failed: ${t.failed ?? ''}`);
  const error = outcome.error ?? (failures.length > 0 ? failures.join('; ') : null);
  return {
    runId: meta.run_id,
    config: meta.config,
    itemId: meta.item.id,
    repeat: meta.repeat,
    status: outcome.state === 'completed' && error === null ? 'ok' : 'error',
    state: outcome.state,
    error,
    attempts: outcome.attempts,
    emulated: timeline.emulated,
    audioMs,
    reference: meta.item.text,
    hypothesis,
    normalizer: text.normalizer,
    wer: text.score?.wer ?? null,
    cer: text.score?.cer ?? null,
    refWords: text.score?.words.refTokens ?? null,
    substitutions: text.score?.words.substitutions ?? null,
    deletions: text.score?.words.deletions ?? null,
    insertions: text.score?.words.insertions ?? null,
    refChars: text.score?.characters.refTokens ?? null,
    charErrors: text.score ? errorCount(text.score.characters) : null,
    alignment: text.score?.words.ops ?? null,
    turnsExpected: scores?.expected.length ?? null,
    turnsDetected: spoken.length,
    turnsSplit: scores?.splits ?? null,
    turnsMerged: scores?.merges ?? null,
    turnsMissed: scores?.missed ?? null,
    falseStarts: scores?.falseStarts ?? null,
    nonSpeechMs: truth === null ? null : Math.max(0, audioMs - speechMs(truth)),
    onsetErrorMs: meanOrNull(turns.map((t) => t.onsetErrorMs)),
    offsetErrorMs: meanOrNull(turns.map((t) => t.offsetErrorMs)),
    latencies,
    ...usageTotals(record, timeline),
    turns,
  };
}
