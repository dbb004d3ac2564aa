import { createVirtualClock } from '../clock.js';
import { msToBytes, silenceByte, type AudioSpec } from '../pipeline/audio-format.js';
import { CASSETTE_SCHEMA_VERSION, END_EVENT_TYPE, lastAttempt, outcomeOf, ROLLOVER_EVENT_TYPE, type SessionRecord, type TimedEvent } from '../pipeline/record.js';
import { isEventId } from '../pipeline/protocol/event-ids.js';
import { audioPayloadBytes } from '../pipeline/protocol/events.js';
import { CLIENT_EVENT_IDS, runSession, type SessionResult } from '../pipeline/session.js';
import { planFromRecord } from '../pipeline/session-plan.js';
import { answerToolCalls } from '../pipeline/tool-answers.js';
import type { Transport } from '../pipeline/transport/transport.js';
import { createCassetteTransport, type CassetteTransport } from './cassette-transport.js';
import { replayMint } from './rest-replay.js';

/** A replayed session: the record to score, and where (if anywhere) the session code parted from the recording. */
export interface ReplayedSession {
  readonly record: SessionRecord;
  readonly divergence: string | null;
}

/**
 * The audio the session sent, chunk by chunk, tail silence included, each with the time it was
 * first sent: kept audio when the cassette has it, else silence of the same length. Audio a
 * rolled-over session sent again on its next socket is the session's own doing and is left out.
 */
function recordedChunks(record: SessionRecord, spec: AudioSpec): { tMs: number; audio: Buffer }[] {
  const chunks: { tMs: number; audio: Buffer }[] = [];
  let at = 0;
  let end = 0;
  for (const f of record.events) {
    if (f.dir === 'ws' && f.event.type === ROLLOVER_EVENT_TYPE && typeof f.event.audio_offset_ms === 'number') at = msToBytes(spec, f.event.audio_offset_ms);
    if (f.dir !== 'out' || f.event.type !== 'input_audio_buffer.append') continue;
    const bytes = audioPayloadBytes(f.event.audio);
    if (at + bytes > end) {
      chunks.push({ tMs: f.tMs, audio: typeof f.event.audio === 'string' ? Buffer.from(f.event.audio, 'base64') : Buffer.alloc(bytes, silenceByte(spec.format)) });
      end = at + bytes;
    }
    at += bytes;
  }
  return chunks;
}

/** Where the session's sent events part from the recorded ones; `firstLine` is the cassette line of the record's first frame. */
function divergence(record: SessionRecord, all: readonly { type: string; audio?: unknown; event_id?: unknown }[], firstLine: number): string | null {
  const recorded = record.events.map((f, index) => ({ f, line: index + firstLine })).filter(({ f }) => f.dir === 'out');
  // A recording made before sessions ended on a barrier holds none: the session's own is not a divergence.
  const barriers = recorded.some(({ f }) => isEventId(f.event.event_id, CLIENT_EVENT_IDS.barrier));
  const sent = barriers ? all : all.filter((e) => !isEventId(e.event_id, CLIENT_EVENT_IDS.barrier));
  for (let i = 0; i < sent.length; i++) {
    const event = sent[i];
    const rec = recorded[i];
    if (event === undefined) break;
    if (rec === undefined) return `the session sent ${event.type} after the last event the recording holds`;
    if (rec.f.event.type !== event.type) return `cassette line ${rec.line}: the recording sent ${String(rec.f.event.type)}, the session sent ${event.type}`;
    if (event.type === 'input_audio_buffer.append') {
      const bytes = typeof event.audio === 'string' ? audioPayloadBytes(event.audio) : 0;
      const recordedBytes = audioPayloadBytes(rec.f.event.audio);
      if (bytes !== recordedBytes) return `cassette line ${rec.line}: the recording appended ${recordedBytes} bytes, the session ${bytes}`;
    }
  }
  return null;
}

/** The record's earlier attempts as they are, then its last attempt with the replay's outcome. */
function withOutcome(record: SessionRecord, result: Pick<SessionResult, 'state' | 'error' | 'stage'>): SessionRecord {
  const attempt = lastAttempt(record.events);
  const earlier = record.events.slice(0, record.events.length - attempt.length);
  const events = [...earlier, ...attempt.filter((f) => !(f.dir === 'ws' && f.event.type === END_EVENT_TYPE))];
  const last = events.at(-1);
  const end: TimedEvent = { tMs: last?.tMs ?? 0, audioMs: last?.audioMs ?? 0, dir: 'ws', event: { type: END_EVENT_TYPE, state: result.state, error: result.error, stage: result.stage, attempts: record.outcome.attempts } };
  const all = [...events, end];
  return { schemaVersion: CASSETTE_SCHEMA_VERSION, meta: record.meta, events: all, outcome: outcomeOf(all) };
}

/** Whether the session code can run this record again (not for manifest or decode failures, nor imported logs). */
export function isDrivable(record: SessionRecord): boolean {
  return record.meta.session_plan !== null && record.outcome.stage !== 'manifest' && record.outcome.stage !== 'decode';
}

/**
 * Runs the session code again against the recording, on a virtual clock: no network, no
 * sleeping. The frames keep their recorded times, so the scores are those of the original;
 * what the replay checks is that the session sends what it sent then and ends the same way.
 */
export async function replaySession(whole: SessionRecord): Promise<ReplayedSession> {
  // A session tried again is replayed from its last attempt, the one it was scored on.
  const record = { ...whole, events: lastAttempt(whole.events) };
  const planRecord = record.meta.session_plan;
  if (planRecord === null || !isDrivable(record)) return { record: whole, divergence: null };
  // The recorded audio comes with its tail silence, each chunk when it was sent then: the
  // session sends what it sent, in the same order relative to what the server said. Those
  // times are the schedule: pacing them again would move the chunks a live pacer released
  // within its timers' resolution, and with them the session's own deadlines.
  const plan = { ...planFromRecord(record.meta.config, planRecord), tailSilenceMs: 0, speed: 'max' as const };
  const spec = { format: plan.config.format, rateHz: plan.config.rateHz };
  const clock = createVirtualClock({ autoAdvance: true, wallIso: record.meta.started_at });
  const mintDivergence = await replayMint(record, plan, clock);
  const first = createCassetteTransport(record, clock);
  const startMs = clock.now();
  // The session's tool calls are answered again, as they were (what it sends is compared).
  const answering = (t: Transport): Transport => (plan.tools ? answerToolCalls(t, plan.tools) : t);
  const transport = answering(first);
  // A rolled-over session opens its next sockets from the recording too, in order.
  const sockets: CassetteTransport[] = [first];
  const reconnect = (): Promise<Transport> => {
    const next = createCassetteTransport(record, clock, { socket: sockets.length, startMs });
    sockets.push(next);
    return Promise.resolve(answering(next));
  };
  const chunks = recordedChunks(record, spec);
  const source = (async function* () {
    for (const chunk of chunks) {
      await clock.sleep(Math.max(0, startMs + chunk.tMs - clock.now()));
      yield chunk.audio;
    }
  })();
  const result = await runSession(plan, { transport, clock, audio: source, signal: new AbortController().signal, rollover: { reconnect, audioAgain: () => chunks.map((c) => c.audio) } });
  const sentDivergence = divergence(record, sockets.flatMap((s) => s.sent), 2 + whole.events.length - record.events.length);
  const recorded = record.outcome;
  const outcomeDivergence = result.state === recorded.state ? null : `the recording ended ${recorded.state}, the replay ${result.state}${result.error ? ` (${result.error})` : ''}`;
  const found = mintDivergence ?? sentDivergence ?? outcomeDivergence;
  if (found === null) return { record: withOutcome(whole, recorded), divergence: null };
  return { record: withOutcome(whole, { state: 'errored', error: `replay diverged: ${found}`, stage: recorded.stage }), divergence: found };
}
