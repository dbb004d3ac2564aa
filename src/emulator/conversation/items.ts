import type { EmulatorContext } from '../context.js';

type Raw = Record<string, unknown>;

/** A client error the conversation reports as the service would. */
export interface ItemProblem {
  readonly code: string;
  readonly message: string;
  readonly param: string | null;
}

/** What the conversation knows of an assistant item's audio, for truncation. */
export interface SpokenAudio {
  /** Audio of the item sent so far (ms). */
  readonly audioMs: number;
  /** The transcript's words and the audio time at which each ends (ms). */
  readonly words: readonly string[];
  readonly wordEndsMs: readonly number[];
}

const ITEM_TYPES = ['message', 'function_call', 'function_call_output'];
const ROLES = ['user', 'assistant', 'system'];
const STATUSES = ['completed', 'incomplete', 'in_progress'];
const asObj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);
const notFound = (id: unknown, param: string): ItemProblem => ({ code: 'item_not_found', message: `Item with id ${JSON.stringify(id)} not found.`, param });
const invalid = (message: string, param: string): ItemProblem => ({ code: 'invalid_value', message, param });
const missing = (param: string): ItemProblem => ({ code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.`, param });

/** The text parts of a message item (`input_text`, `text`, `output_text`), joined. */
export function messageText(item: Readonly<Raw>): string {
  if (!Array.isArray(item.content)) return '';
  return item.content.map((c: unknown) => asObj(c)?.text).filter((t): t is string => typeof t === 'string').join(' ').trim();
}

/** Why a client item cannot join the conversation, or null. */
function checkItem(item: Raw): ItemProblem | null {
  if (typeof item.type !== 'string' || !ITEM_TYPES.includes(item.type)) return invalid(`Invalid value: ${JSON.stringify(item.type)}. Supported values are: ${ITEM_TYPES.map((t) => `'${t}'`).join(', ')}.`, 'item.type');
  if (item.type === 'message') {
    if (typeof item.role !== 'string' || !ROLES.includes(item.role)) return invalid(`Invalid value: ${JSON.stringify(item.role)}. Supported values are: 'user', 'assistant', 'system'.`, 'item.role');
    if (!Array.isArray(item.content)) return missing('item.content');
  }
  if (item.type !== 'message' && typeof item.call_id !== 'string') return missing('item.call_id');
  if (item.type === 'function_call_output' && typeof item.output !== 'string') return missing('item.output');
  if (item.type === 'function_call' && typeof item.name !== 'string') return missing('item.name');
  return null;
}

/**
 * The conversation's items, in order: user audio turns committed from the input buffer,
 * items the client creates, and assistant replies. Announces the items it adds itself with the
 * protocol's events (GA `conversation.item.added` + `.done`, beta `conversation.item.created`).
 */
export class Conversation {
  private readonly items = new Map<string, Raw>();
  private order: string[] = [];
  private readonly audio = new Map<string, SpokenAudio>();

  constructor(private readonly ctx: EmulatorContext) {}

  /** The newest item, which a new item follows. */
  get lastItemId(): string | null {
    return this.order.at(-1) ?? null;
  }

  /** An item as the conversation holds it now. */
  get(itemId: string): Readonly<Raw> | undefined {
    return this.items.get(itemId);
  }

  private insert(item: Raw, previous: string | null | undefined): string | null {
    const id = String(item.id);
    this.items.set(id, item);
    if (previous === undefined) {
      const last = this.lastItemId;
      this.order.push(id);
      return last;
    }
    const at = previous === null ? 0 : this.order.indexOf(previous) + 1;
    this.order.splice(at, 0, id);
    return previous;
  }

  private announce(item: Raw, previous: string | null): void {
    if (this.ctx.config().protocol === 'ga') {
      this.ctx.send({ type: 'conversation.item.added', previous_item_id: previous, item });
      this.ctx.send({ type: 'conversation.item.done', previous_item_id: previous, item });
    } else {
      this.ctx.send({ type: 'conversation.item.created', previous_item_id: previous, item });
    }
  }

  /** A committed user audio turn: `committed`, then the item. */
  commitAudio(itemId: string): void {
    const previous = this.lastItemId;
    this.ctx.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId });
    const item = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    this.insert(item, undefined);
    this.announce(item, previous);
  }

  /** The input transcription of a user audio item is known (retrieve returns it from now on). */
  setTranscript(itemId: string, transcript: string): void {
    const item = this.items.get(itemId);
    if (item === undefined || !Array.isArray(item.content)) return;
    this.items.set(itemId, { ...item, content: item.content.map((c: unknown) => (asObj(c)?.type === 'input_audio' ? { ...asObj(c), transcript } : c)) });
  }

  /** An assistant item of a response (the responder announces it); returns the previous item's id. */
  addAssistant(item: Raw): string | null {
    return this.insert(item, undefined);
  }

  /** A newer state of an item already in the conversation (a response's item as it streams or ends). */
  update(item: Raw, audio?: SpokenAudio): void {
    const id = String(item.id);
    if (!this.items.has(id)) return;
    this.items.set(id, item);
    if (audio) this.audio.set(id, audio);
  }

  /** conversation.item.create. */
  create(rawItem: unknown, previousItemId: unknown): ItemProblem | null {
    const item = asObj(rawItem);
    if (item === null) return missing('item');
    const problem = checkItem(item);
    if (problem) return problem;
    if (typeof item.id === 'string' && this.items.has(item.id)) return { code: 'item_already_exists', message: `Item with id '${item.id}' already exists.`, param: 'item.id' };
    if (typeof previousItemId === 'string' && previousItemId !== 'root' && !this.items.has(previousItemId)) return notFound(previousItemId, 'previous_item_id');
    const status = typeof item.status === 'string' && STATUSES.includes(item.status) ? item.status : 'completed';
    const stored = { ...item, id: typeof item.id === 'string' ? item.id : this.ctx.id('item'), object: 'realtime.item', status };
    const previous = this.insert(stored, typeof previousItemId === 'string' ? (previousItemId === 'root' ? null : previousItemId) : undefined);
    this.announce(stored, previous);
    return null;
  }

  /** conversation.item.retrieve. */
  retrieve(itemId: unknown): ItemProblem | null {
    const item = typeof itemId === 'string' ? this.items.get(itemId) : undefined;
    if (item === undefined) return notFound(itemId, 'item_id');
    this.ctx.send({ type: 'conversation.item.retrieved', item });
    return null;
  }

  /** conversation.item.delete. */
  delete(itemId: unknown): ItemProblem | null {
    if (typeof itemId !== 'string' || !this.items.delete(itemId)) return notFound(itemId, 'item_id');
    this.order = this.order.filter((id) => id !== itemId);
    this.audio.delete(itemId);
    this.ctx.send({ type: 'conversation.item.deleted', item_id: itemId });
    return null;
  }

  /**
   * conversation.item.truncate: the assistant item's audio ends at `audio_end_ms`, and its
   * transcript keeps only the words spoken by then (no text the user has not heard).
   */
  truncate(itemId: unknown, contentIndex: unknown, audioEndMs: unknown): ItemProblem | null {
    const item = typeof itemId === 'string' ? this.items.get(itemId) : undefined;
    if (item === undefined || typeof itemId !== 'string') return notFound(itemId, 'item_id');
    const spoken = this.audio.get(itemId);
    if (item.role !== 'assistant' || spoken === undefined) return invalid('Only assistant messages with audio can be truncated.', 'item_id');
    const content = Array.isArray(item.content) ? (item.content as unknown[]) : [];
    if (typeof contentIndex !== 'number' || !Number.isInteger(contentIndex) || asObj(content[contentIndex])?.transcript === undefined) return invalid(`Invalid value: ${JSON.stringify(contentIndex)}. The item has no audio content part at that index.`, 'content_index');
    if (typeof audioEndMs !== 'number' || !Number.isInteger(audioEndMs) || audioEndMs < 0) return { code: 'invalid_type', message: "Invalid type for 'audio_end_ms': expected a non-negative integer.", param: 'audio_end_ms' };
    if (audioEndMs > Math.ceil(spoken.audioMs)) return invalid(`Audio content of ${Math.round(spoken.audioMs)}ms is already shorter than ${audioEndMs}ms`, 'audio_end_ms');
    const words = spoken.words.filter((_, i) => (spoken.wordEndsMs[i] ?? Infinity) <= audioEndMs);
    const transcript = words.join(' ');
    this.items.set(itemId, { ...item, content: content.map((c, i) => (i === contentIndex ? { ...asObj(c), transcript } : c)) });
    this.audio.set(itemId, { audioMs: audioEndMs, words, wordEndsMs: spoken.wordEndsMs.slice(0, words.length) });
    this.ctx.send({ type: 'conversation.item.truncated', item_id: itemId, content_index: contentIndex, audio_end_ms: audioEndMs });
    return null;
  }
}
