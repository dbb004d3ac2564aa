import type { EmulatorContext } from './context.js';
import { asObj } from './session-config.js';

type Raw = Record<string, unknown>;

/** A client error the conversation reports as the service would. */
export interface ItemProblem {
  readonly code: string;
  readonly message: string;
  readonly param: string | null;
}

const ITEM_TYPES = ['message', 'function_call', 'function_call_output'];
const ROLES = ['user', 'assistant', 'system'];

/**
 * The conversation's items, in order: user audio turns committed from the input buffer,
 * items the client creates, and assistant replies. Announces each new item with the
 * protocol's events (GA `conversation.item.added` + `.done`, beta `conversation.item.created`).
 */
export class Conversation {
  private readonly items = new Map<string, Raw>();
  /** The newest item, which a new item follows. */
  lastItemId: string | null = null;

  constructor(private readonly ctx: EmulatorContext) {}

  private announce(item: Raw, previous: string | null): void {
    if (this.ctx.config().protocol === 'ga') {
      this.ctx.send({ type: 'conversation.item.added', previous_item_id: previous, item });
      this.ctx.send({ type: 'conversation.item.done', previous_item_id: previous, item });
    } else {
      this.ctx.send({ type: 'conversation.item.created', previous_item_id: previous, item });
    }
  }

  /** A committed user audio turn: `committed`, then the item. Returns the previous item's id. */
  commitAudio(itemId: string): string | null {
    const previous = this.lastItemId;
    this.ctx.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId });
    const item = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    this.items.set(itemId, item);
    this.lastItemId = itemId;
    this.announce(item, previous);
    return previous;
  }

  /** An assistant item produced by a response (already announced by the responder). */
  addAssistant(itemId: string, item: Raw): void {
    this.items.set(itemId, item);
    this.lastItemId = itemId;
  }

  /** conversation.item.create. */
  create(rawItem: unknown, previousItemId: unknown): ItemProblem | null {
    const item = asObj(rawItem);
    if (item === null) return { code: 'missing_required_parameter', message: "Missing required parameter: 'item'.", param: 'item' };
    if (typeof item.type !== 'string' || !ITEM_TYPES.includes(item.type)) return { code: 'invalid_value', message: `Invalid value: ${JSON.stringify(item.type)}. Supported values are: ${ITEM_TYPES.map((t) => `'${t}'`).join(', ')}.`, param: 'item.type' };
    if (item.type === 'message' && (typeof item.role !== 'string' || !ROLES.includes(item.role))) return { code: 'invalid_value', message: `Invalid value: ${JSON.stringify(item.role)}. Supported values are: 'user', 'assistant', 'system'.`, param: 'item.role' };
    if (typeof item.id === 'string' && this.items.has(item.id)) return { code: 'item_already_exists', message: `Item with id '${item.id}' already exists.`, param: 'item.id' };
    if (typeof previousItemId === 'string' && previousItemId !== 'root' && !this.items.has(previousItemId)) return { code: 'item_not_found', message: `Item with id '${previousItemId}' not found.`, param: 'previous_item_id' };
    const id = typeof item.id === 'string' ? item.id : this.ctx.id('item');
    const stored = { ...item, id, object: 'realtime.item', status: 'completed' };
    const previous = typeof previousItemId === 'string' ? (previousItemId === 'root' ? null : previousItemId) : this.lastItemId;
    this.items.set(id, stored);
    this.lastItemId = id;
    this.announce(stored, previous);
    return null;
  }

  /** conversation.item.retrieve. */
  retrieve(itemId: unknown): ItemProblem | null {
    const item = typeof itemId === 'string' ? this.items.get(itemId) : undefined;
    if (item === undefined) return { code: 'item_not_found', message: `Item with id ${JSON.stringify(itemId)} not found.`, param: 'item_id' };
    this.ctx.send({ type: 'conversation.item.retrieved', item });
    return null;
  }

  /** conversation.item.delete. */
  delete(itemId: unknown): ItemProblem | null {
    if (typeof itemId !== 'string' || !this.items.delete(itemId)) return { code: 'item_not_found', message: `Item with id ${JSON.stringify(itemId)} not found.`, param: 'item_id' };
    if (this.lastItemId === itemId) this.lastItemId = [...this.items.keys()].at(-1) ?? null;
    this.ctx.send({ type: 'conversation.item.deleted', item_id: itemId });
    return null;
  }
}
