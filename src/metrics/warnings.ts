import { parseServerEvent } from '../pipeline/protocol/events.js';
import { brokenRules } from '../pipeline/protocol/rules.js';
import { lastAttempt, RETRY_EVENT_TYPE, ROLLOVER_EVENT_TYPE, type SessionRecord, type TimedEvent } from '../pipeline/record.js';

/**
 * What happened in a session besides its result, for the `warnings` column: attempts that
 * failed and were tried again, sessions rolled over at the server's maximum length, frames from
 * the server that were not JSON, the server's `error` events, the protocol rules its events
 * broke, transcripts of items it never committed, and a server that stayed silent about speech
 * (no VAD event, no transcript). A session can end ok and still have warnings; its `error`
 * column says why it failed, when it did.
 */

/** Longest warnings text of one row; longer ones end with how many more there were. */
const MAX_WARNINGS = 8;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function retries(events: readonly TimedEvent[]): string[] {
  return events
    .filter((f) => f.dir === 'ws' && f.event.type === RETRY_EVENT_TYPE)
    .map((f) => `attempt ${String(f.event.attempt)} ${str(f.event.state)} (${str(f.event.reason).replace('_', ' ')}, retried after ${String(f.event.backoff_ms)} ms): ${str(f.event.error)}`);
}

function rollovers(events: readonly TimedEvent[]): string[] {
  return events
    .filter((f) => f.dir === 'ws' && f.event.type === ROLLOVER_EVENT_TYPE)
    .map((f) => `rolled over to a new session after ${str(f.event.reason)} at ${String(f.event.sent_ms)} ms of audio; audio from ${String(f.event.audio_offset_ms)} ms sent again`);
}

function invalidFrames(events: readonly TimedEvent[]): string[] {
  const invalid = events.filter((f) => f.dir === 'ws' && f.event.type === 'invalid');
  const first = invalid[0];
  if (first === undefined) return [];
  return [`${invalid.length} frame(s) from the server were not JSON events (first: ${str(first.event.reason)})`];
}

function serverErrors(events: readonly TimedEvent[]): string[] {
  const texts = events.filter((f) => f.dir === 'in').map((f) => parseServerEvent(f.event)).flatMap((fact) => (fact.kind === 'error' ? [`server error ${fact.code ?? fact.errorType}: ${fact.message}`] : []));
  return countedOnce(texts);
}

function countedOnce(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const text of texts) seen.set(text, (seen.get(text) ?? 0) + 1);
  return [...seen].map(([text, n]) => (n > 1 ? `${text} (${n} times)` : text));
}

function protocolBreaks(events: readonly TimedEvent[]): string[] {
  return countedOnce(events.filter((f) => f.dir === 'in').flatMap((f) => brokenRules(f.event)).map((rule) => `the server broke the protocol: ${rule}`));
}

function uncommittedTranscripts(events: readonly TimedEvent[]): string[] {
  const committed = new Set<string>();
  const orphans: string[] = [];
  for (const f of events) {
    if (f.dir !== 'in') continue;
    const fact = parseServerEvent(f.event);
    if (fact.kind === 'committed') committed.add(fact.itemId);
    else if (fact.kind === 'transcript.completed' && !committed.has(fact.itemId) && fact.itemId !== '') orphans.push(fact.itemId);
  }
  return orphans.map((id) => `a transcript came for ${id}, which the server never committed: kept in the hypothesis, in order of arrival`);
}

/** True speech of an item in ms: its segments, or null when it has speech of unknown extent (a reference, no segments). */
function speechOf(record: SessionRecord): number | null {
  const { item } = record.meta;
  if (item.speech_segments !== null) return item.speech_segments.reduce((sum, [start, end]) => sum + Math.max(0, end - start) * 1000, 0);
  return item.text !== null && item.text.trim() !== '' ? null : 0;
}

/**
 * A server that stayed silent about speech it was sent: no VAD event at all (turn detection
 * on), or no transcript at all for an item with a reference. A finding, not a pass: such a
 * session scores WER 1 and no turns for a reason that is the server's, not the audio's. Only for
 * sessions that streamed their audio and ended by completing or timing out.
 */
export function serverSilence(record: SessionRecord): string[] {
  const last = lastAttempt(record.events);
  if ((record.outcome.state !== 'completed' && record.outcome.state !== 'timed-out') || !last.some((f) => f.dir === 'out' && f.event.type === 'input_audio_buffer.append')) return [];
  const speechMs = speechOf(record);
  if (speechMs === 0) return [];
  const amount = speechMs === null ? 'an item with speech' : `${(speechMs / 1000).toFixed(1)} s of speech`;
  const kinds = new Set(last.filter((f) => f.dir === 'in').map((f) => parseServerEvent(f.event).kind));
  const found: string[] = [];
  if (record.meta.config.vad !== 'none' && !kinds.has('speech_started') && !kinds.has('timeout_triggered')) found.push(`the server sent no VAD event for ${amount}`);
  const reference = record.meta.item.text;
  const transcribed = kinds.has('transcript.delta') || kinds.has('transcript.completed') || kinds.has('transcript.failed');
  if (reference !== null && reference.trim() !== '' && !transcribed) found.push(`the server sent no transcript for ${amount}`);
  return found;
}

/** The warnings of a session record, in the order things happened; empty when there are none. */
export function sessionWarnings(record: SessionRecord): string[] {
  const last = lastAttempt(record.events);
  const all = [...serverSilence(record), ...retries(record.events), ...rollovers(last), ...invalidFrames(last), ...serverErrors(last), ...protocolBreaks(last), ...uncommittedTranscripts(last)];
  return all.length <= MAX_WARNINGS ? all : [...all.slice(0, MAX_WARNINGS), `and ${all.length - MAX_WARNINGS} more`];
}
