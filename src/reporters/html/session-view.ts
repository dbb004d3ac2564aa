import type { ItemResult } from '../../metrics/item-result.js';
import type { AlignOp } from '../../metrics/wer.js';
import { audioLevel } from '../../pipeline/audio-level.js';
import { bytesPerMs } from '../../pipeline/audio-format.js';
import { audioPayloadBytes, canonicalEventType } from '../../pipeline/protocol/events.js';
import { lastAttempt, type SessionRecord, type TimedEvent } from '../../pipeline/record.js';

/** A point on the timeline: where the audio was when the event arrived, its receipt time, and its text. */
export type TimelinePoint = readonly [audioMs: number, tMs: number, text: string];

/** One detected turn as the timeline draws it. */
export interface TimelineTurn {
  /** The span heard as speech: audio_start_ms + prefix padding … audio_end_ms − silence. */
  readonly heard: readonly [number, number];
  /** As the server reported it. */
  readonly reported: readonly [number, number | null];
  readonly falseStart: boolean;
  readonly transcript: string | null;
}

/** Everything the report's per-session timeline and alignment need (JSON). */
export interface SessionView {
  readonly key: string;
  readonly configId: string;
  readonly itemId: string;
  readonly repeat: number;
  readonly status: string;
  readonly error: string | null;
  readonly wer: number | null;
  /** Key into the report's envelopes; null when the cassette holds no levels. */
  readonly envelope: string | null;
  readonly audioEndMs: number;
  /** True speech in ms of audio; null when unknown. */
  readonly truth: readonly (readonly [number, number])[] | null;
  readonly turns: readonly TimelineTurn[];
  /** speech_started / speech_stopped receipts. */
  readonly vad: readonly TimelinePoint[];
  readonly deltas: readonly TimelinePoint[];
  readonly finals: readonly TimelinePoint[];
  /** First audio delta of each response. */
  readonly firstAudio: readonly TimelinePoint[];
  readonly reference: string | null;
  readonly hypothesis: string;
  readonly alignment: readonly AlignOp[] | null;
  /** What each turn's response said or did, with its saved audio (a URL relative to the report). */
  readonly replies: readonly TurnReply[];
  /** The saved audio sent (`--save-audio sent`), as a URL relative to the report; null when none. */
  readonly sentAudio: string | null;
}

/** One turn's reply as the session view lists it. */
export interface TurnReply {
  readonly turn: number;
  readonly text: string | null;
  /** `name(arguments)` of the turn's tool call, when it made one. */
  readonly toolCall: string | null;
  readonly toolCallCorrect: boolean | null;
  readonly audio: string | null;
}

/** A file path relative to the run folder as a URL relative to the report beside it. */
export function fileUrl(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function repliesOf(item: ItemResult): TurnReply[] {
  return item.turns.map((t) => ({
    turn: t.turnIndex,
    // Results written before replies were kept have none.
    text: t.replyText ?? null,
    toolCall: t.toolCall ? `${t.toolCall.name}(${t.toolCall.arguments})` : null,
    toolCallCorrect: t.toolCallCorrect ?? null,
    audio: t.audioFile ? fileUrl(t.audioFile) : null,
  }));
}

/** The waveform envelope of the audio sent: peak level per step. */
export interface Envelope {
  readonly stepMs: number;
  readonly peak: readonly number[];
}

/** Points kept per envelope; longer ones are reduced by taking the peak of each window. */
export const MAX_ENVELOPE_POINTS = 600;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function chunkPeak(payload: unknown, format: SessionRecord['meta']['config']['format']): number | null {
  if (typeof payload === 'string') return audioLevel(Buffer.from(payload, 'base64'), format).peak;
  const peak = (payload as { peak?: unknown } | null)?.peak;
  return typeof peak === 'number' ? peak : null;
}

/** The envelope of a session's input audio, from the levels its cassette recorded; null when it has none. */
export function envelopeOf(record: SessionRecord): Envelope | null {
  const { config } = record.meta;
  const perMs = bytesPerMs({ format: config.format, rateHz: config.rate_hz });
  const chunks: { startMs: number; endMs: number; peak: number }[] = [];
  for (const frame of lastAttempt(record.events)) {
    if (frame.dir !== 'out' || frame.event.type !== 'input_audio_buffer.append') continue;
    const peak = chunkPeak(frame.event.audio, config.format);
    if (peak === null) return null;
    chunks.push({ startMs: frame.audioMs, endMs: frame.audioMs + audioPayloadBytes(frame.event.audio) / perMs, peak });
  }
  const endMs = chunks.at(-1)?.endMs ?? 0;
  if (chunks.length === 0 || endMs <= 0) return null;
  const stepMs = Math.max(chunks[0] ? chunks[0].endMs - chunks[0].startMs : 1, endMs / MAX_ENVELOPE_POINTS);
  const peak = new Array<number>(Math.ceil(endMs / stepMs)).fill(0);
  for (const chunk of chunks) {
    const index = Math.min(peak.length - 1, Math.floor(chunk.startMs / stepMs));
    peak[index] = Math.max(peak[index] ?? 0, chunk.peak);
  }
  return { stepMs: Math.round(stepMs * 1000) / 1000, peak };
}

const DELTA = 'conversation.item.input_audio_transcription.delta';
const COMPLETED = 'conversation.item.input_audio_transcription.completed';
const VAD_EVENTS = new Map([
  ['input_audio_buffer.speech_started', 'speech_started'],
  ['input_audio_buffer.speech_stopped', 'speech_stopped'],
]);

function points(events: readonly TimedEvent[]): Pick<SessionView, 'vad' | 'deltas' | 'finals' | 'firstAudio'> {
  const vad: TimelinePoint[] = [];
  const deltas: TimelinePoint[] = [];
  const finals: TimelinePoint[] = [];
  const firstAudio: TimelinePoint[] = [];
  const responses = new Set<string>();
  for (const { dir, tMs, audioMs, event } of events) {
    if (dir !== 'in') continue;
    const type = str(event.type);
    const vadName = VAD_EVENTS.get(type);
    if (vadName !== undefined) vad.push([audioMs, tMs, vadName]);
    else if (type === DELTA) deltas.push([audioMs, tMs, str(event.delta)]);
    else if (type === COMPLETED) finals.push([audioMs, tMs, str(event.transcript)]);
    else if (canonicalEventType(type) === 'response.output_audio.delta' && !responses.has(str(event.response_id))) {
      responses.add(str(event.response_id));
      firstAudio.push([audioMs, tMs, str(event.response_id)]);
    }
  }
  return { vad, deltas, finals, firstAudio };
}

/** The timeline and alignment of one session, from its record and its scores. Pure. */
export function sessionViewOf(record: SessionRecord, item: ItemResult, envelopeKey: string | null): SessionView {
  const { config, item: corpusItem } = record.meta;
  const padding = config.vad === 'server_vad' ? (config.prefix_padding_ms ?? 0) : 0;
  const silence = config.vad === 'server_vad' ? (config.silence_duration_ms ?? 0) : 0;
  const turns = item.turns.map((t): TimelineTurn => {
    const start = t.audioStartMs ?? 0;
    const end = t.audioEndMs === null ? item.audioMs : t.audioEndMs - silence;
    return { heard: [start + padding, Math.max(start + padding, end)], reported: [start, t.audioEndMs], falseStart: t.falseStart, transcript: t.transcript };
  });
  return {
    key: `${item.config.config_id}/${item.itemId}#${item.repeat}`,
    configId: item.config.config_id,
    itemId: item.itemId,
    repeat: item.repeat,
    status: item.status,
    error: item.error,
    wer: item.wer,
    envelope: envelopeKey,
    audioEndMs: item.audioMs,
    truth: corpusItem.speech_segments?.map(([s, e]) => [Math.round(s * 1000), Math.round(e * 1000)] as const) ?? null,
    turns,
    ...points(lastAttempt(record.events)),
    reference: item.reference,
    hypothesis: item.hypothesis,
    alignment: item.alignment,
    replies: repliesOf(item),
    sentAudio: item.sentAudioFile ? fileUrl(item.sentAudioFile) : null,
  };
}
