import type { TurnResult } from './item-result.js';
import type { ResponseTimeline, SessionTimeline } from './timeline.js';

/**
 * The responses that answer one user turn: the response to the turn, then, when it called a
 * tool and the harness sent the tool's output, the response to that output (and so on). What
 * the user hears or reads of a turn is the whole chain.
 */

function diff(end: number | null | undefined, start: number | null | undefined): number | null {
  return end === null || end === undefined || start === null || start === undefined ? null : Math.round((end - start) * 1000) / 1000;
}

/** The response and every response that answers its tool outputs, in order of creation. */
export function chainOf(timeline: SessionTimeline, responseId: string | null): ResponseTimeline[] {
  const first = responseId === null ? undefined : timeline.responses.get(responseId);
  if (first === undefined) return [];
  const all = [...timeline.responses.values()];
  const chain = [first];
  for (let i = 0; i < chain.length; i++) {
    const id = chain[i]?.responseId;
    for (const r of all) if (r.followsResponseId === id && !chain.includes(r)) chain.push(r);
  }
  return chain.sort((a, b) => (a.createdTMs ?? a.doneTMs ?? 0) - (b.createdTMs ?? b.doneTMs ?? 0));
}

/** What a chain said: the transcripts of its audio, or its text. */
export function replyTextOf(chain: readonly ResponseTimeline[]): string | null {
  if (chain.length === 0) return null;
  return chain.map((r) => (r.transcript !== '' ? r.transcript : r.text).trim()).filter((t) => t !== '').join(' ');
}

function firstOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.min(...present);
}

/** The fields of a turn that its responses give, measured from `anchor` (speech_stopped or the commit) and `speechEndSent`. */
export type ResponseFields = Pick<
  TurnResult,
  'stoppedToFirstAudioMs' | 'speechEndToFirstAudioMs' | 'stoppedToResponseDoneMs' | 'speechEndToResponseDoneMs' | 'firstTextMs' | 'stoppedToToolCallMs' | 'toolCall' | 'replyText' | 'responseIds'
>;

/**
 * Latencies of a turn's chain: first audio and first text over the chain, response.done of its
 * last response (unknown while any is not done), and the first tool call.
 */
export function responseFields(chain: readonly ResponseTimeline[], anchor: number | null, speechEndSent: number | null): ResponseFields {
  const firstAudio = firstOf(chain.map((r) => r.firstAudioTMs));
  const done = chain.length === 0 || chain.some((r) => r.doneTMs === null) ? null : Math.max(...chain.map((r) => r.doneTMs ?? 0));
  const call = chain.flatMap((r) => r.toolCalls)[0];
  return {
    stoppedToFirstAudioMs: diff(firstAudio, anchor),
    speechEndToFirstAudioMs: diff(firstAudio, speechEndSent),
    stoppedToResponseDoneMs: diff(done, anchor),
    speechEndToResponseDoneMs: diff(done, speechEndSent),
    firstTextMs: diff(firstOf(chain.map((r) => r.firstTextTMs)), anchor),
    stoppedToToolCallMs: diff(call?.doneTMs, anchor),
    toolCall: call ? { name: call.name, arguments: call.arguments } : null,
    replyText: replyTextOf(chain),
    responseIds: chain.map((r) => r.responseId),
  };
}
