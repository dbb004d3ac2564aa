import type { SessionRecord } from '../pipeline/record.js';
import type { TurnResult } from './item-result.js';
import { chainOf, responseFields } from './response-chain.js';
import { sendTimeOfAudio, type SessionTimeline } from './timeline.js';
import { itemToolCallVerdict, scoreToolCalls, type ExpectedCall } from './tool-calls.js';
import type { Interval } from './turns.js';

/** The tool-call fields of a turn before its verdict is known. */
export const NO_TOOL_VERDICT: Pick<TurnResult, 'toolCallCorrect'> = { toolCallCorrect: null };

/**
 * Whether the session's target exposed no VAD events (a relay reached through an adapter that
 * maps none): its turns are then the relay's responses, and turn detection is not measured.
 */
export function hidesVad(record: SessionRecord): boolean {
  const adapter = record.meta.adapter;
  return adapter !== undefined && !adapter.exposes.includes('input_audio_buffer.speech_started');
}

/** Whether the target exposed no input transcripts: WER and CER are not measured. */
export function hidesTranscripts(record: SessionRecord): boolean {
  const adapter = record.meta.adapter;
  return adapter !== undefined && !adapter.exposes.includes('conversation.item.input_audio_transcription.completed');
}

/**
 * The turns of a session whose target exposes only responses: one per response (the responses
 * to tool outputs go with the response they follow), in order of creation. A response answers
 * the last expected turn whose true end had been sent when it began (a response cannot answer
 * speech not yet sent); its `speech_end_to_*` latencies run from that end's send time. No
 * speech_stopped is known, so the `stopped_to_*` latencies are blank.
 */
export function relayTurns(timeline: SessionTimeline, expected: readonly Interval[]): TurnResult[] {
  const ends = expected.map((turn) => sendTimeOfAudio(timeline, turn.endMs));
  const responses = [...timeline.responses.values()].filter((r) => r.followsResponseId === null).sort((a, b) => (a.createdTMs ?? 0) - (b.createdTMs ?? 0));
  return responses.map((r, i): TurnResult => {
    const began = r.createdTMs ?? r.doneTMs ?? 0;
    const answered = ends.findLastIndex((sent) => sent !== null && sent <= began);
    const speechEndSent = answered < 0 ? null : (ends[answered] ?? null);
    return {
      turnIndex: i, serverItemId: '', speechStartedMs: null, speechStoppedMs: null, audioStartMs: null, audioEndMs: null,
      expectedTurn: answered < 0 ? null : answered, falseStart: false, onsetErrorMs: null, offsetErrorMs: null, onsetClamped: false, transcript: null,
      responseId: r.responseId, responseStatus: r.status, speechEndToStoppedMs: null, stoppedToFirstDeltaMs: null, stoppedToTranscriptMs: null,
      ...NO_TOOL_VERDICT,
      ...responseFields(chainOf(timeline, r.responseId), null, speechEndSent),
    };
  });
}

/** The item's expected call, from its cassette header. */
export function expectedCallOf(record: SessionRecord): ExpectedCall | null {
  return record.meta.item.expected_tool_call ?? null;
}

/** The turns with their tool-call verdicts, and the item's verdict. */
export function withToolVerdicts(turns: readonly TurnResult[], expected: ExpectedCall | null): { turns: TurnResult[]; verdict: boolean | null } {
  const verdicts = scoreToolCalls(turns.map((t) => t.toolCall), expected);
  return { turns: turns.map((t, i) => ({ ...t, toolCallCorrect: verdicts[i] ?? null })), verdict: itemToolCallVerdict(verdicts, expected) };
}
