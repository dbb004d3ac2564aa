import type { ExpectedToolCall } from '../../corpus/manifest.js';
import type { EmulatorContext } from '../context.js';
import type { FieldProblem } from '../session-fields.js';
import type { Conversation } from './items.js';
import { planReply } from './reply.js';
import { startResponse, type ActiveResponse, type ResponseSettings } from './responder.js';
import { readResponseParams, sessionResponseSettings } from './response-params.js';

type Raw = Record<string, unknown>;

/** What the responses of a session need from it. */
export interface ResponsesDeps {
  readonly ctx: EmulatorContext;
  readonly conversation: Conversation;
  /** The session's conversation id (`conv_…`). */
  readonly conversationId: string;
  /** Input audio committed so far (billed as the responses' input). */
  readonly inputAudioMs: () => number;
  /** The call the item a response follows asks for (a user turn's expected call or a matching rule). */
  readonly wantedCall: (item: Readonly<Raw> | null) => ExpectedToolCall | null;
  /** Reports a client error. */
  readonly error: (problem: FieldProblem | { code: string; message: string; param: string | null }, eventId: string | null) => void;
  /** A response ended, having produced `audioMs` of audio. */
  readonly onFinished: (audioMs: number) => void;
}

/**
 * The responses of one session: at most one in the default conversation at a time (a turn
 * that ends while it runs is answered after it), plus any out-of-band ones
 * (`conversation: "none"`), which run beside it and add no items to the conversation.
 */
export class Responses {
  private current: ActiveResponse | null = null;
  private readonly outOfBand = new Set<ActiveResponse>();
  /** A turn that ended while a response ran (interrupt_response off): it is answered next. */
  private pendingTurn: string | null = null;

  constructor(private readonly deps: ResponsesDeps) {}

  /** Whether any response is being produced. */
  active(): boolean {
    return (this.current !== null && !this.current.done()) || this.outOfBand.size > 0;
  }

  /** response.create. */
  create(params: unknown, eventId: string | null): void {
    const config = this.deps.ctx.config();
    if (config.kind !== 'realtime') {
      this.deps.error({ code: 'invalid_value', message: 'Responses are not available in a transcription session.', param: 'type' }, eventId);
      return;
    }
    const settings = readResponseParams(config, params);
    if ('code' in settings) {
      this.deps.error(settings, eventId);
      return;
    }
    if (!settings.outOfBand && this.current && !this.current.done()) {
      this.deps.error({ code: 'conversation_already_has_active_response', message: `Conversation already has an active response in progress: ${this.current.id}. Wait until the response is finished before creating a new one.`, param: null }, eventId);
      return;
    }
    this.start(settings);
  }

  /** A turn the VAD closed (create_response on); if a response is running, the turn waits for it. */
  afterTurn(itemId: string): void {
    if (this.current && !this.current.done()) this.pendingTurn = itemId;
    else this.start(sessionResponseSettings(this.deps.ctx.config()), itemId);
  }

  /** response.cancel: the given response, else the one in the default conversation. */
  cancel(responseId: unknown, eventId: string | null): void {
    const running = [this.current, ...this.outOfBand].filter((r): r is ActiveResponse => r !== null && !r.done());
    const target = typeof responseId === 'string' ? running.find((r) => r.id === responseId) : running.find((r) => !r.outOfBand);
    if (target === undefined) {
      this.deps.error({ code: 'response_cancel_not_active', message: 'Cancellation failed: no active response found.', param: typeof responseId === 'string' ? 'response_id' : null }, eventId);
      return;
    }
    target.cancel('client_cancelled');
  }

  /** The user started speaking with interrupt_response on: every running response is cancelled. */
  interrupt(): void {
    for (const response of [this.current, ...this.outOfBand]) if (response && !response.done()) response.cancel('turn_detected');
  }

  /** Starts a response to `turnId` (a user turn the VAD closed), else to the conversation's newest item. */
  private start(settings: ResponseSettings, turnId: string | null = null): void {
    const { ctx, conversation } = this.deps;
    const lastId = turnId ?? conversation.lastItemId;
    const lastItem = lastId === null ? null : (conversation.get(lastId) ?? null);
    const plan = planReply(settings, { lastItem, wantedCall: this.deps.wantedCall(lastItem), rng: ctx.rng });
    const outOfBand = settings.outOfBand;
    let response: ActiveResponse | null = null;
    response = startResponse(ctx, { plan, settings, inputAudioMs: this.deps.inputAudioMs(), conversationId: this.deps.conversationId }, {
      onItemAdded: (item) => (outOfBand ? null : conversation.addAssistant(item)),
      onItemChanged: (item, audio) => {
        if (!outOfBand) conversation.update(item, audio);
      },
      onFinished: (_status, audioMs) => {
        this.deps.onFinished(audioMs);
        if (response) this.outOfBand.delete(response);
        const pending = this.pendingTurn;
        if (outOfBand || pending === null) return;
        this.pendingTurn = null;
        // After the events of response.done; never inside them.
        ctx.later(0, () => {
          this.afterTurn(pending);
        });
      },
    });
    if (outOfBand) {
      if (!response.done()) this.outOfBand.add(response);
    } else this.current = response;
  }
}
