import { DEFAULT_MERGE_GAP_MS } from '../config/defaults.js';
import { lastAttempt, mintMsOf, type SessionRecord } from '../pipeline/record.js';
import { audioBytesSent, savedAudioOf, withSavedAudio } from './session-audio.js';
import { costOfUsage } from './cost.js';
import type { BilledUsage } from './usage.js';
import { ALL_TURN_LATENCIES, type ItemResult, type LatencyName, type TurnResult } from './item-result.js';
import { chainOf, responseFields } from './response-chain.js';
import { expectedCallOf, hidesTranscripts, hidesVad, NO_TOOL_VERDICT, relayTurns, withToolVerdicts } from './relay-turns.js';
import { normalizerFor } from './normalize.js';
import { audioSentBy, buildTimeline, sendTimeOfAudio, type ItemTimeline, type SessionTimeline } from './timeline.js';
import { DEFAULT_COLLAR_MS, detectionErrorRate } from './detection.js';
import { expectedTurns, heardSpan, scoreTurns, speechMs, type DetectedTurn, type TurnScores } from './turns.js';
import { errorCount } from './wer.js';
import { scoreTranscript } from './score-transcript.js';
import { serverSilence, sessionWarnings } from './warnings.js';
import { mean } from './stats.js';

function diff(end: number | null | undefined, start: number | null | undefined): number | null {
  return end === null || end === undefined || start === null || start === undefined ? null : Math.round((end - start) * 1000) / 1000;
}

function scoreText(reference: string | null, hypothesis: string, language: string | null) {
  if (reference === null) return { normalizer: normalizerFor(language).version, score: null };
  const score = scoreTranscript(reference, hypothesis, { language });
  return { normalizer: score.normalizer, score };
}

/**
 * Turns on the audio clock, calibrated as DESIGN.md §6 says: onset = audio_start_ms + padding,
 * end = audio_end_ms − silence. The padding is known to be whole only when audio_start_ms lies
 * after the audio that had been sent when the previous turn was committed (a server cannot pad
 * back past its buffer's start); otherwise the onset is flagged as clamped.
 */
function detectedTurns(record: SessionRecord, turns: readonly ItemTimeline[], timeline: SessionTimeline): DetectedTurn[] {
  const { config } = record.meta;
  const padding = config.vad === 'server_vad' ? (config.prefix_padding_ms ?? 0) : 0;
  const silence = config.vad === 'server_vad' ? (config.silence_duration_ms ?? 0) : 0;
  return turns.map((t, i) => {
    const start = t.audioStartMs ?? 0;
    const previous = turns[i - 1];
    const afterPrevious = previous === undefined ? 0 : Math.max(previous.audioEndMs ?? 0, previous.committedTMs === null ? 0 : audioSentBy(timeline, previous.committedTMs));
    // A new socket's buffer starts where its audio does (after a rollover).
    const bufferStart = Math.max(afterPrevious, t.socketStartMs);
    return {
      onsetMs: start + padding,
      endMs: t.audioEndMs === null ? null : t.audioEndMs - silence,
      reported: { startMs: start, endMs: t.audioEndMs ?? start },
      onsetClamped: padding > 0 && start <= bufferStart,
    };
  });
}

function truthSegments(record: SessionRecord): readonly (readonly [number, number])[] | null {
  const { item } = record.meta;
  if (item.speech_segments !== null) return item.speech_segments;
  return item.text === '' ? [] : null;
}

function turnResult(timeline: SessionTimeline, t: ItemTimeline, index: number, scores: TurnScores | null, detected: DetectedTurn | undefined, detectedIndex: number): TurnResult {
  const match = scores?.matches[detectedIndex] ?? null;
  const truth = match?.expected === null || match === null ? null : (scores?.expected[match.expected] ?? null);
  const speechEndSent = truth && match?.lastPiece ? sendTimeOfAudio(timeline, truth.endMs) : null;
  const anchor = t.stoppedTMs ?? t.committedTMs;
  const response = t.responseId === null ? undefined : timeline.responses.get(t.responseId);
  return {
    ...NO_TOOL_VERDICT,
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
    onsetClamped: detected?.onsetClamped ?? false,
    transcript: t.transcript,
    responseId: t.responseId,
    responseStatus: response?.status ?? null,
    speechEndToStoppedMs: diff(t.stoppedTMs, speechEndSent),
    stoppedToFirstDeltaMs: diff(t.firstDeltaTMs, anchor),
    stoppedToTranscriptMs: diff(t.completedTMs, anchor),
    ...responseFields(chainOf(timeline, t.responseId), anchor, speechEndSent),
  };
}

/** A turn of a log without receipt times: its latencies are unknown, not zero. */
function untimed(turn: TurnResult): TurnResult {
  const none = Object.fromEntries(Object.values(TURN_FIELDS).map((field) => [field, null]));
  return { ...turn, ...none, speechStartedMs: null, speechStoppedMs: null };
}

const TURN_FIELDS: Record<(typeof ALL_TURN_LATENCIES)[number], keyof TurnResult> = {
  speech_end_to_stopped_ms: 'speechEndToStoppedMs',
  stopped_to_first_delta_ms: 'stoppedToFirstDeltaMs',
  stopped_to_transcript_ms: 'stoppedToTranscriptMs',
  stopped_to_first_audio_ms: 'stoppedToFirstAudioMs',
  speech_end_to_first_audio_ms: 'speechEndToFirstAudioMs',
  stopped_to_response_done_ms: 'stoppedToResponseDoneMs',
  speech_end_to_response_done_ms: 'speechEndToResponseDoneMs',
  first_text_ms: 'firstTextMs',
  stopped_to_tool_call_ms: 'stoppedToToolCallMs',
};

/** The TurnResult field that holds a per-turn latency (null in results written before it existed). */
export function turnLatency(turn: TurnResult, name: (typeof ALL_TURN_LATENCIES)[number]): number | null {
  return (turn[TURN_FIELDS[name]] as number | null | undefined) ?? null;
}

function meanOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.round(mean(present) * 1000) / 1000;
}

/**
 * Tokens and dollars of a session: every response.done usage priced as the realtime model, every
 * transcription usage as the transcription model. Cost is null when a price is unknown or when
 * something billable (a response, a transcript) came without usage.
 */
function usageTotals(record: SessionRecord, timeline: SessionTimeline): Pick<ItemResult, 'inputTokens' | 'outputTokens' | 'costUsd'> {
  const { config } = record.meta;
  const priced: { model: string; usage: BilledUsage }[] = [];
  let unreported = 0;
  for (const r of timeline.responses.values()) {
    if (r.usage) priced.push({ model: config.model, usage: r.usage });
    else if (r.doneTMs !== null) unreported++;
  }
  for (const i of timeline.items.values()) {
    if (i.transcriptionUsage) priced.push({ model: config.transcribe_model, usage: i.transcriptionUsage });
    else if (i.completedTMs !== null) unreported++;
  }
  const costs = priced.map((p) => costOfUsage(p.model, p.usage));
  return {
    inputTokens: priced.reduce((s, p) => s + p.usage.inputTokens, 0),
    outputTokens: priced.reduce((s, p) => s + p.usage.outputTokens, 0),
    costUsd: unreported > 0 || costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
  };
}

/** Options of {@link scoreSession}. */
export interface ScoreOptions {
  /** Collar (ms, total width centred on each true speech boundary) of the detection error rate. @default 0 */
  readonly collarMs?: number;
}

type TextFields = Pick<ItemResult, 'normalizer' | 'wer' | 'cer' | 'refWords' | 'substitutions' | 'deletions' | 'insertions' | 'refChars' | 'charErrors' | 'alignment'>;

function textFields(reference: string | null, hypothesis: string, language: string | null): TextFields {
  const { normalizer, score } = scoreText(reference, hypothesis, language);
  return {
    normalizer,
    wer: score?.wer ?? null,
    cer: score?.cer ?? null,
    refWords: score?.words.refTokens ?? null,
    substitutions: score?.words.substitutions ?? null,
    deletions: score?.words.deletions ?? null,
    insertions: score?.words.insertions ?? null,
    refChars: score?.characters.refTokens ?? null,
    charErrors: score ? errorCount(score.characters) : null,
    alignment: score?.words.ops ?? null,
  };
}

type DetectionFields = Pick<ItemResult, 'turnsExpected' | 'turnsDetected' | 'turnsSplit' | 'turnsMerged' | 'turnsMissed' | 'falseStarts' | 'nonSpeechMs' | 'detectionErrorRate' | 'falseAlarmMs' | 'missMs' | 'speechMs'>;
type TurnFields = DetectionFields & Pick<ItemResult, 'onsetErrorMs' | 'offsetErrorMs' | 'collarMs' | 'latencies' | 'turns' | 'toolCallCorrect'>;

/** Turns as the server detected them (VAD events, commits), scored against the truth. */
function serverTurns(record: SessionRecord, timeline: SessionTimeline, audioMs: number, collarMs: number): { fields: DetectionFields; turns: TurnResult[] } {
  // Turns: items the server heard start (VAD) or that were committed (manual commit, VAD off),
  // in order of their first event. Only heard turns are detections for turn scoring.
  const firstTMs = (t: ItemTimeline): number => t.startedTMs ?? t.committedTMs ?? 0;
  const all = [...timeline.items.values()].filter((t) => !t.superseded && (t.startedTMs !== null || t.commitIndex !== null)).sort((a, b) => firstTMs(a) - firstTMs(b));
  const spoken = all.filter((t) => t.startedTMs !== null);
  const truth = truthSegments(record);
  const detected = detectedTurns(record, spoken, timeline);
  const scores = truth === null ? null : scoreTurns(detected, truth, record.meta.config.silence_duration_ms ?? DEFAULT_MERGE_GAP_MS, audioMs);
  // The reference of the detection error rate is the expected turns: a server cannot report the
  // pauses inside a turn, so scoring against raw segments would count them against every config.
  const detection = scores === null ? null : detectionErrorRate(scores.expected, detected.map((d) => heardSpan(d, audioMs)), audioMs, collarMs);
  const turns = all.map((t, i) => {
    const k = spoken.indexOf(t);
    return turnResult(timeline, t, i, k < 0 ? null : scores, k < 0 ? undefined : detected[k], k);
  });
  const fields: DetectionFields = {
    turnsExpected: scores?.expected.length ?? null,
    turnsDetected: spoken.length,
    turnsSplit: scores?.splits ?? null,
    turnsMerged: scores?.merges ?? null,
    turnsMissed: scores?.missed ?? null,
    falseStarts: scores?.falseStarts ?? null,
    nonSpeechMs: truth === null ? null : Math.max(0, audioMs - speechMs(truth)),
    detectionErrorRate: detection?.rate ?? null,
    falseAlarmMs: detection?.falseAlarmMs ?? null,
    missMs: detection?.missMs ?? null,
    speechMs: detection?.speechMs ?? null,
  };
  return { fields, turns };
}

/** A target that exposes no VAD events: turns are its responses; what turn detection measures is blank. */
function responseTurns(record: SessionRecord, timeline: SessionTimeline): { fields: DetectionFields; turns: TurnResult[] } {
  const truth = truthSegments(record);
  const expected = truth === null ? [] : expectedTurns(truth, record.meta.config.silence_duration_ms ?? DEFAULT_MERGE_GAP_MS);
  const fields: DetectionFields = {
    turnsExpected: truth === null ? null : expected.length, turnsDetected: null, turnsSplit: null, turnsMerged: null, turnsMissed: null, falseStarts: null,
    nonSpeechMs: null, detectionErrorRate: null, falseAlarmMs: null, missMs: null, speechMs: null,
  };
  return { fields, turns: relayTurns(timeline, expected) };
}

function turnFields(record: SessionRecord, timeline: SessionTimeline, audioMs: number, options: ScoreOptions): TurnFields {
  const collarMs = options.collarMs ?? DEFAULT_COLLAR_MS;
  const { fields, turns: found } = hidesVad(record) ? responseTurns(record, timeline) : serverTurns(record, timeline, audioMs, collarMs);
  // A log imported without receipt times has no latencies: unknown, not zero.
  const timed = record.meta.imported?.receipt_times !== false;
  const { turns, verdict } = withToolVerdicts(timed ? found : found.map(untimed), expectedCallOf(record));
  const latencies = Object.fromEntries(ALL_TURN_LATENCIES.map((name) => [name, meanOrNull(turns.map((t) => turnLatency(t, name)))])) as Record<LatencyName, number | null>;
  latencies.connect_ms = timed ? timeline.openTMs : null;
  latencies.session_ready_ms = timed ? timeline.sessionReadyTMs : null;
  latencies.session_created_ms = timed ? timeline.sessionCreatedTMs : null;
  latencies.mint_ms = timed ? mintMsOf(record.events) : null;
  return {
    ...fields,
    onsetErrorMs: meanOrNull(turns.map((t) => t.onsetErrorMs)),
    offsetErrorMs: meanOrNull(turns.map((t) => t.offsetErrorMs)),
    collarMs,
    latencies,
    turns,
    toolCallCorrect: verdict,
  };
}

/** Scores one session record: transcripts, turns, latencies, cost. Pure: same record, same result. */
export function scoreSession(whole: SessionRecord, options: ScoreOptions = {}): ItemResult {
  // A session tried again is scored on its last attempt; the cassette keeps the others.
  const record = { ...whole, events: lastAttempt(whole.events) };
  const { meta, outcome } = record;
  const timeline = buildTimeline(record.events);
  // The committed turns in commit order; a transcript of an item the server never committed is
  // kept too (warnings.ts says so), where it arrived among the commits.
  const at = (t: ItemTimeline): number => t.committedTMs ?? t.completedTMs ?? 0;
  const committed = [...timeline.items.values()].filter((t) => !t.superseded && (t.commitIndex !== null || t.transcript !== null)).sort((a, b) => at(a) - at(b) || (a.commitIndex ?? Infinity) - (b.commitIndex ?? Infinity));
  const hypothesis = committed.flatMap((t) => (t.transcript === null || t.transcript.trim() === '' ? [] : [t.transcript.trim()])).join(' ');
  const audioMs = timeline.appends.at(-1)?.audioMs ?? 0;
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
    stage: outcome.stage,
    warnings: sessionWarnings(whole),
    silentServer: serverSilence(record).length > 0,
    attempts: outcome.attempts,
    emulated: timeline.emulated,
    audioMs,
    reference: meta.item.text,
    hypothesis,
    // A relay that exposes no input transcripts gives no WER: blank, not 1.
    ...textFields(hidesTranscripts(record) ? null : meta.item.text, hypothesis, meta.item.language),
    ...withSavedAudio(turnFields(record, timeline, audioMs, options), record.events),
    ...usageTotals(record, timeline),
    audioBytesSent: audioBytesSent(record),
    audioBytesReceived: [...timeline.responses.values()].reduce((sum, r) => sum + r.audioBytes, 0),
    adapter: meta.adapter?.name ?? null,
    sentAudioFile: savedAudioOf(record.events).sent,
  };
}
