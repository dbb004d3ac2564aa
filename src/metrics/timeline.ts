import { parseServerEvent, type ServerFact } from '../pipeline/protocol/events.js';
import { ROLLOVER_EVENT_TYPE, RTP_IN_EVENT_TYPE, type TimedEvent } from '../pipeline/record.js';
import { readUsage, type BilledUsage } from './usage.js';

/** Everything that happened to one user item (one turn), with receipt times (t_ms). */
export interface ItemTimeline {
  readonly itemId: string;
  startedTMs: number | null;
  audioStartMs: number | null;
  stoppedTMs: number | null;
  audioEndMs: number | null;
  committedTMs: number | null;
  /** Order of commitment among the session's items. */
  commitIndex: number | null;
  firstDeltaTMs: number | null;
  completedTMs: number | null;
  transcript: string | null;
  transcriptionUsage: BilledUsage | null;
  failed: string | null;
  /** The response that answered this item (joined via the assistant item's previous_item_id). */
  responseId: string | null;
  /** Where the input of the item's socket starts on the item's audio clock (0 but after a rollover). */
  readonly socketStartMs: number;
  /** Heard on a socket that expired before it was done with it: its audio was sent again on the next one. */
  superseded: boolean;
}

/** A function the model called, as `response.function_call_arguments.done` (or the response's output) said. */
export interface ToolCallTimeline {
  readonly callId: string;
  name: string;
  /** The arguments as the model wrote them (JSON text). */
  arguments: string;
  readonly doneTMs: number;
}

/** One response, with the times that matter. */
export interface ResponseTimeline {
  readonly responseId: string;
  createdTMs: number | null;
  firstAudioTMs: number | null;
  /** First `response.output_text.delta` (a text reply). */
  firstTextTMs: number | null;
  doneTMs: number | null;
  status: string | null;
  usage: BilledUsage | null;
  /** What the response said: the transcript of its audio. */
  transcript: string;
  /** The text of a text reply. */
  text: string;
  /** Bytes of audio in its deltas. */
  audioBytes: number;
  readonly toolCalls: ToolCallTimeline[];
  /** The response this one answers the tool output of (the harness sent the output, then asked for it); null otherwise. */
  followsResponseId: string | null;
}

/** A session's events folded into per-item and per-response timelines. */
export interface SessionTimeline {
  readonly items: Map<string, ItemTimeline>;
  readonly responses: Map<string, ResponseTimeline>;
  /** (t_ms, audio_ms) of every audio append, in order: maps audio positions to send times. */
  readonly appends: { tMs: number; audioMs: number }[];
  readonly openTMs: number | null;
  /** Receipt of the first session.created (the session can be used). */
  readonly sessionCreatedTMs: number | null;
  readonly sessionReadyTMs: number | null;
  readonly emulated: boolean;
  readonly errors: string[];
}

function itemOf(f: Folding, itemId: string): ItemTimeline {
  let item = f.timeline.items.get(itemId);
  if (!item) {
    item = {
      itemId, startedTMs: null, audioStartMs: null, stoppedTMs: null, audioEndMs: null, committedTMs: null, commitIndex: null, firstDeltaTMs: null, completedTMs: null,
      transcript: null, transcriptionUsage: null, failed: null, responseId: null, socketStartMs: f.socketStartMs, superseded: false,
    };
    f.timeline.items.set(itemId, item);
    f.socketItems.push(item);
  }
  return item;
}

function responseOf(timeline: SessionTimeline, responseId: string): ResponseTimeline {
  let response = timeline.responses.get(responseId);
  if (!response) {
    response = { responseId, createdTMs: null, firstAudioTMs: null, firstTextTMs: null, doneTMs: null, status: null, usage: null, transcript: '', text: '', audioBytes: 0, toolCalls: [], followsResponseId: null };
    timeline.responses.set(responseId, response);
  }
  return response;
}

interface Folding {
  readonly timeline: SessionTimeline & { openTMs: number | null; sessionCreatedTMs: number | null; sessionReadyTMs: number | null; emulated: boolean };
  // An assistant item names its response (response.output_item.added) and the user item it
  // answers (previous_item_id of conversation.item.added/created), in either order.
  readonly responseOfAssistant: Map<string, string>;
  readonly userOfAssistant: Map<string, string>;
  /** The call_id of each function_call_output item (the harness's answers to tool calls). */
  readonly outputCall: Map<string, string>;
  commits: number;
  /** Start of the current socket's input on the item's audio clock; server audio positions count from it. */
  socketStartMs: number;
  /** Items of the current socket. */
  socketItems: ItemTimeline[];
  /** Over WebRTC: the response whose audio has not come yet; the next inbound packet that starts audio is its first audio. */
  awaitingAudio: ResponseTimeline | null;
}

function link(f: Folding, assistantId: string): void {
  const responseId = f.responseOfAssistant.get(assistantId);
  const userId = f.userOfAssistant.get(assistantId);
  const user = userId === undefined ? undefined : f.timeline.items.get(userId);
  if (responseId !== undefined && user) user.responseId ??= responseId;
}

function applyItemFact(f: Folding, fact: ServerFact, t: number, raw: Record<string, unknown>): void {
  switch (fact.kind) {
    case 'speech_started': {
      const item = itemOf(f, fact.itemId);
      item.startedTMs ??= t;
      item.audioStartMs ??= f.socketStartMs + fact.audioStartMs;
      break;
    }
    case 'speech_stopped': {
      const item = itemOf(f, fact.itemId);
      item.stoppedTMs ??= t;
      item.audioEndMs ??= f.socketStartMs + fact.audioEndMs;
      break;
    }
    case 'committed': {
      const item = itemOf(f, fact.itemId);
      if (item.committedTMs === null) {
        item.committedTMs = t;
        item.commitIndex = f.commits++;
      }
      break;
    }
    case 'transcript.delta':
      itemOf(f, fact.itemId).firstDeltaTMs ??= t;
      break;
    case 'transcript.completed': {
      const item = itemOf(f, fact.itemId);
      item.completedTMs ??= t;
      item.transcript ??= fact.transcript;
      item.transcriptionUsage ??= readUsage(raw.usage);
      break;
    }
    case 'transcript.failed':
      itemOf(f, fact.itemId).failed ??= fact.message;
      break;
    default:
      break;
  }
}

function applyResponseFact(f: Folding, fact: ServerFact, t: number, raw: Record<string, unknown>): void {
  switch (fact.kind) {
    case 'item.added':
      if (fact.itemType === 'function_call_output' && fact.callId !== null) f.outputCall.set(fact.itemId, fact.callId);
      else if ((fact.role === 'assistant' || fact.itemType === 'function_call') && fact.previousItemId !== null) {
        f.userOfAssistant.set(fact.itemId, fact.previousItemId);
        link(f, fact.itemId);
      }
      break;
    case 'response.output_item':
      f.responseOfAssistant.set(fact.itemId, fact.responseId);
      link(f, fact.itemId);
      break;
    case 'response.created': {
      const response = responseOf(f.timeline, fact.responseId);
      response.createdTMs ??= t;
      if (response.firstAudioTMs === null) f.awaitingAudio = response;
      break;
    }
    case 'response.audio.delta': {
      const response = responseOf(f.timeline, fact.responseId);
      response.firstAudioTMs ??= t;
      response.audioBytes += fact.bytes;
      break;
    }
    case 'response.transcript.delta':
      responseOf(f.timeline, fact.responseId).transcript += fact.delta;
      break;
    case 'response.text.delta': {
      const response = responseOf(f.timeline, fact.responseId);
      response.firstTextTMs ??= t;
      response.text += fact.delta;
      break;
    }
    case 'response.function_call':
      addToolCall(responseOf(f.timeline, fact.responseId), { callId: fact.callId, name: fact.name, arguments: fact.arguments }, t);
      break;
    case 'response.done': {
      const response = responseOf(f.timeline, fact.responseId);
      response.doneTMs ??= t;
      response.status ??= fact.status;
      const body = raw.response;
      response.usage ??= typeof body === 'object' && body !== null ? readUsage((body as Record<string, unknown>).usage) : null;
      for (const call of outputCalls(body)) addToolCall(response, call, t);
      break;
    }
    case 'session.created':
      f.timeline.sessionCreatedTMs ??= t;
      break;
    case 'session.updated':
      f.timeline.sessionReadyTMs ??= t;
      break;
    case 'error':
      f.timeline.errors.push(`${fact.code ?? fact.errorType}: ${fact.message}`);
      break;
    default:
      applyItemFact(f, fact, t, raw);
  }
}

/**
 * The session went on on a new socket from `offsetMs` of the audio (rollover.ts): turns of the
 * old socket that began there or later were heard again on the new one, and so were the
 * appends after that point; only the new socket's count.
 */
function rollOver(f: Folding, offsetMs: number): void {
  for (const item of f.socketItems) if ((item.audioStartMs ?? item.socketStartMs) >= offsetMs) item.superseded = true;
  const appends = f.timeline.appends;
  while ((appends.at(-1)?.audioMs ?? -Infinity) > offsetMs) appends.pop();
  f.socketStartMs = offsetMs;
  f.socketItems = [];
}

/** Records a call once (by call_id); a later sighting fills in what an earlier one lacked. */
function addToolCall(response: ResponseTimeline, call: { callId: string; name: string; arguments: string }, t: number): void {
  const known = response.toolCalls.find((c) => c.callId === call.callId);
  if (known === undefined) response.toolCalls.push({ ...call, doneTMs: t });
  else {
    if (known.name === '') known.name = call.name;
    if (known.arguments === '') known.arguments = call.arguments;
  }
}

/** The function calls in a response.done's output. */
function outputCalls(body: unknown): { callId: string; name: string; arguments: string }[] {
  const output = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).output : undefined;
  if (!Array.isArray(output)) return [];
  return output.flatMap((item: unknown) => {
    const i = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    if (i.type !== 'function_call' || typeof i.call_id !== 'string') return [];
    return [{ callId: i.call_id, name: typeof i.name === 'string' ? i.name : '', arguments: typeof i.arguments === 'string' ? i.arguments : '' }];
  });
}

/** A response whose output item follows the harness's output for a call of another response answers that one. */
function linkFollowUps(f: Folding): void {
  const responseOfCall = new Map<string, string>();
  for (const r of f.timeline.responses.values()) for (const call of r.toolCalls) responseOfCall.set(call.callId, r.responseId);
  for (const [assistantId, responseId] of f.responseOfAssistant) {
    const callId = f.outputCall.get(f.userOfAssistant.get(assistantId) ?? '');
    const answered = callId === undefined ? undefined : responseOfCall.get(callId);
    const response = f.timeline.responses.get(responseId);
    if (response && answered !== undefined && answered !== responseId) response.followsResponseId ??= answered;
  }
}

/** Folds a record's frames into timelines. Pure. */
export function buildTimeline(events: readonly TimedEvent[]): SessionTimeline {
  const f: Folding = {
    timeline: { items: new Map(), responses: new Map(), appends: [], openTMs: null, sessionCreatedTMs: null, sessionReadyTMs: null, emulated: false, errors: [] },
    responseOfAssistant: new Map(),
    userOfAssistant: new Map(),
    outputCall: new Map(),
    commits: 0,
    socketStartMs: 0,
    socketItems: [],
    awaitingAudio: null,
  };
  for (const frame of events) {
    if (frame.dir === 'ws') {
      if (frame.event.type === 'open' && f.timeline.openTMs === null) {
        f.timeline.openTMs = frame.tMs;
        f.timeline.emulated = frame.event.emulated === true;
      } else if (frame.event.type === ROLLOVER_EVENT_TYPE && typeof frame.event.audio_offset_ms === 'number') {
        rollOver(f, frame.event.audio_offset_ms);
      } else if (frame.event.type === RTP_IN_EVENT_TYPE && f.awaitingAudio !== null) {
        // Response audio on a WebRTC track: its first packet is the response's first audio.
        f.awaitingAudio.firstAudioTMs ??= frame.tMs;
        f.awaitingAudio = null;
      }
    } else if (frame.dir === 'out') {
      if (frame.event.type === 'input_audio_buffer.append') f.timeline.appends.push({ tMs: frame.tMs, audioMs: frame.audioMs });
    } else {
      applyResponseFact(f, parseServerEvent(frame.event), frame.tMs, frame.event);
    }
  }
  linkFollowUps(f);
  return f.timeline;
}

/** Send time of the audio chunk that carried audio position `audioMs` (the first append reaching it). */
export function sendTimeOfAudio(timeline: SessionTimeline, audioMs: number): number | null {
  const appends = timeline.appends;
  let lo = 0;
  let hi = appends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((appends[mid]?.audioMs ?? 0) < audioMs) lo = mid + 1;
    else hi = mid;
  }
  return appends[lo]?.tMs ?? null;
}

/** Audio sent (ms) by time `tMs`: the position of the last append at or before it (0 before any). */
export function audioSentBy(timeline: SessionTimeline, tMs: number): number {
  const appends = timeline.appends;
  let lo = 0;
  let hi = appends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((appends[mid]?.tMs ?? 0) <= tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (appends[lo - 1]?.audioMs ?? 0);
}
