import { canonicalEventType } from './events.js';

/**
 * The rules of the protocol that the harness relies on to attribute what a server says: which
 * turn an event is about (`item_id`), where on the audio clock (`audio_start_ms`,
 * `audio_end_ms`), which response (`response.id`), and that a session event carries its
 * session. A server that breaks one is still scored on what can be attributed; the broken rule
 * is named in the row's warnings. Pure and never throws.
 */

type Raw = Record<string, unknown>;

/** What a field must hold: an id is a non-empty string. */
type FieldType = 'id' | 'string' | 'number' | 'object';

/** Fields an event type must carry, by GA name: [field path, what it holds]. */
const REQUIRED: Readonly<Record<string, readonly (readonly [string, FieldType])[]>> = {
  'session.created': [['session', 'object']],
  'session.updated': [['session', 'object']],
  'input_audio_buffer.speech_started': [['item_id', 'id'], ['audio_start_ms', 'number']],
  'input_audio_buffer.speech_stopped': [['item_id', 'id'], ['audio_end_ms', 'number']],
  'input_audio_buffer.committed': [['item_id', 'id']],
  'input_audio_buffer.timeout_triggered': [['item_id', 'id'], ['audio_start_ms', 'number'], ['audio_end_ms', 'number']],
  'conversation.item.input_audio_transcription.delta': [['item_id', 'id']],
  'conversation.item.input_audio_transcription.completed': [['item_id', 'id'], ['transcript', 'string']],
  'conversation.item.input_audio_transcription.failed': [['item_id', 'id']],
  'response.created': [['response', 'object'], ['response.id', 'id']],
  'response.done': [['response', 'object'], ['response.id', 'id']],
  'response.output_audio.delta': [['response_id', 'id']],
  // Over WebRTC a session waits for the reply it was told is playing to stop.
  'output_audio_buffer.started': [['response_id', 'id']],
  'output_audio_buffer.stopped': [['response_id', 'id']],
  'output_audio_buffer.cleared': [['response_id', 'id']],
  error: [['error', 'object']],
};

function field(event: Raw, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Raw)[key] : undefined;
  return value;
}

function hasType(value: unknown, type: FieldType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string' && (type === 'string' || value !== '');
}

/**
 * The rules a server event breaks, as `<event type> without <field>` (a field of the wrong type
 * counts as absent); empty when it breaks none. Events the harness does not read are not checked.
 */
export function brokenRules(event: Raw): string[] {
  const rawType = typeof event.type === 'string' ? event.type : '';
  const required = REQUIRED[canonicalEventType(rawType)];
  if (required === undefined) return [];
  const broken: string[] = [];
  for (const [path, type] of required) {
    // A missing parent is named once, not once per field under it.
    if (broken.some((b) => path.startsWith(`${b.slice(b.lastIndexOf(' ') + 1)}.`))) continue;
    if (!hasType(field(event, path), type)) broken.push(`${rawType} without ${path}`);
  }
  return broken;
}
