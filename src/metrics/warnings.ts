import { parseServerEvent } from '../pipeline/protocol/events.js';
import { lastAttempt, RETRY_EVENT_TYPE, ROLLOVER_EVENT_TYPE, type SessionRecord, type TimedEvent } from '../pipeline/record.js';

/**
 * What happened in a session besides its result, for the `warnings` column: attempts that
 * failed and were tried again, sessions rolled over at the server's maximum length, frames from
 * the server that were not JSON, and the server's `error` events. A session can end ok and
 * still have warnings; its `error` column says why it failed, when it did.
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
  const seen = new Map<string, number>();
  for (const f of events) {
    if (f.dir !== 'in') continue;
    const fact = parseServerEvent(f.event);
    if (fact.kind !== 'error') continue;
    const text = `server error ${fact.code ?? fact.errorType}: ${fact.message}`;
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  return [...seen].map(([text, n]) => (n > 1 ? `${text} (${n} times)` : text));
}

/** The warnings of a session record, in the order things happened; empty when there are none. */
export function sessionWarnings(record: SessionRecord): string[] {
  const last = lastAttempt(record.events);
  const all = [...retries(record.events), ...rollovers(last), ...invalidFrames(last), ...serverErrors(last)];
  return all.length <= MAX_WARNINGS ? all : [...all.slice(0, MAX_WARNINGS), `and ${all.length - MAX_WARNINGS} more`];
}
