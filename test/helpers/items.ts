import type { RunResult } from '../../src/bench/run-result.js';
import { summarize } from '../../src/bench/runner.js';
import type { ItemResult, TurnResult } from '../../src/metrics/item-result.js';
import { STATISTICS_METHOD } from '../../src/metrics/stats.js';
import { CASSETTE_SCHEMA_VERSION, type ConfigRecord, type SessionRecord } from '../../src/pipeline/record.js';

/** A server_vad config record with the given threshold and silence duration. */
export function configRecord(threshold = 0.5, silenceMs = 500, model = 'gpt-realtime'): ConfigRecord {
  return {
    config_id: `${model}+gpt-4o-transcribe.ga.realtime.sv-t${threshold}-p300-s${silenceMs}.pcm24k`,
    model,
    transcribe_model: 'gpt-4o-transcribe',
    protocol: 'ga',
    session: 'realtime',
    format: 'pcm16',
    rate_hz: 24000,
    vad: 'server_vad',
    threshold,
    prefix_padding_ms: 300,
    silence_duration_ms: silenceMs,
    eagerness: null,
  };
}

/** A detected turn with the given latencies (ms). */
export function turn(index: number, latencyMs: Partial<Record<'endToStopped' | 'transcript' | 'firstAudio', number>> = {}, falseStart = false): TurnResult {
  return {
    turnIndex: index,
    serverItemId: `item_${index}`,
    speechStartedMs: 100 * index,
    speechStoppedMs: 100 * index + 50,
    audioStartMs: 1000 * index,
    audioEndMs: 1000 * index + 800,
    expectedTurn: falseStart ? null : index,
    falseStart,
    onsetClamped: false,
    onsetErrorMs: falseStart ? null : 20,
    offsetErrorMs: falseStart ? null : -10,
    transcript: 'hello there',
    responseId: `resp_${index}`,
    responseStatus: 'completed',
    speechEndToStoppedMs: latencyMs.endToStopped ?? 500,
    stoppedToFirstDeltaMs: 300,
    stoppedToTranscriptMs: latencyMs.transcript ?? 600,
    stoppedToFirstAudioMs: latencyMs.firstAudio ?? 400,
    speechEndToFirstAudioMs: (latencyMs.endToStopped ?? 500) + (latencyMs.firstAudio ?? 400),
    stoppedToResponseDoneMs: (latencyMs.firstAudio ?? 400) + 1000,
    speechEndToResponseDoneMs: (latencyMs.endToStopped ?? 500) + (latencyMs.firstAudio ?? 400) + 1000,
    firstTextMs: null,
    stoppedToToolCallMs: null,
    toolCall: null,
    toolCallCorrect: null,
    replyText: 'Got it.',
    responseIds: [`resp_${index}`],
  };
}

/** An ok item result with `errors` word errors out of `words`, and the given turns. */
export function item(itemId: string, options: { config?: ConfigRecord; repeat?: number; words?: number; errors?: number; turns?: TurnResult[]; status?: 'ok' | 'error'; splits?: number } = {}): ItemResult {
  const turns = options.turns ?? [turn(0)];
  const words = options.words ?? 10;
  const errors = options.errors ?? 0;
  return {
    runId: 'run',
    config: options.config ?? configRecord(),
    itemId,
    repeat: options.repeat ?? 1,
    status: options.status ?? 'ok',
    state: options.status === 'error' ? 'errored' : 'completed',
    error: options.status === 'error' ? 'boom' : null,
    warnings: [],
    stage: null,
    silentServer: false,
    attempts: 1,
    emulated: true,
    audioMs: 5000,
    reference: 'the reference',
    hypothesis: 'the hypothesis',
    normalizer: 'rtbench-english/1',
    wer: words === 0 ? errors : errors / words,
    cer: errors / (words * 5),
    refWords: words,
    substitutions: errors,
    deletions: 0,
    insertions: 0,
    refChars: words * 5,
    charErrors: errors,
    alignment: [{ op: 'equal', ref: 'the', hyp: 'the' }, { op: 'substitute', ref: 'reference', hyp: 'hypothesis' }],
    turnsExpected: turns.filter((t) => !t.falseStart).length,
    turnsDetected: turns.length,
    turnsSplit: options.splits ?? 0,
    turnsMerged: 0,
    turnsMissed: 0,
    falseStarts: turns.filter((t) => t.falseStart).length,
    nonSpeechMs: 3000,
    detectionErrorRate: 0,
    falseAlarmMs: 0,
    missMs: 0,
    speechMs: 1000,
    collarMs: 0,
    onsetErrorMs: 20,
    offsetErrorMs: -10,
    latencies: {
      speech_end_to_stopped_ms: 500,
      stopped_to_first_delta_ms: 300,
      stopped_to_transcript_ms: 600,
      stopped_to_first_audio_ms: 400,
      speech_end_to_first_audio_ms: 900,
      stopped_to_response_done_ms: 1400,
      speech_end_to_response_done_ms: 1900,
      first_text_ms: null,
      stopped_to_tool_call_ms: null,
      connect_ms: 5,
      session_ready_ms: 9,
      session_created_ms: 7,
      mint_ms: null,
    },
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    turns,
  };
}

/** A run of the given items, summarised as the runner would. */
export function runOf(items: readonly ItemResult[], failOn: readonly string[] = [], runId = 'run'): RunResult {
  return {
    meta: {
      schemaVersion: 1, runId, harnessVersion: '0.0.0', startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z', target: 'local', emulated: true,
      options: {}, corpus: { dir: '/c', digest: 'd', items: items.length }, normalizer: 'rtbench-english/1', statistics: STATISTICS_METHOD, pricesAsOf: '2026-11', versions: {}, plannedSessions: items.length, interrupted: false,
    },
    items,
    ...summarize(items, failOn, 1),
  };
}

/** A minimal session record for an item result (header and outcome only). */
export function recordFor(result: ItemResult): SessionRecord {
  return {
    schemaVersion: CASSETTE_SCHEMA_VERSION,
    meta: {
      kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: result.runId, harness_version: '0', protocol: 'ga', target: 'local', model: result.config.model, config: result.config,
      item: { id: result.itemId, audio: 'a.wav', audio_sha256: '', rate_hz: 24000, text: result.reference, language: 'en', speech_segments: [[0.5, 1]], segments_text: null },
      repeat: result.repeat, chunk_ms: 40, speed: 1, started_at: '', api_key_provided: false, session_plan: null,
    },
    events: [],
    outcome: { state: 'completed', error: null, stage: null, attempts: 1 },
  };
}
