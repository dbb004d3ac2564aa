import type { EmulatorContext } from './context.js';
import { toLinear } from './g711.js';
import type { LatencyProfiles } from './profiles.js';
import { startResponse, type ActiveResponse } from './responder.js';
import { applySessionUpdate, initialConfig, type EmulatedConfig } from './session-config.js';
import { describeSession, eventNames } from './session-describe.js';
import { createWordPlan, type ReferenceHint, type WordPlan } from './transcriber.js';
import { transcribeItem } from './transcription.js';
import { createTurnDetector, type TurnBoundary, type TurnDetector } from './turn-detector.js';
import type { VadEngine, VadStream } from './vad/vad.js';

/** How one emulated session was opened. */
export interface EmulatedSessionOptions {
  readonly kind: 'realtime' | 'transcription';
  readonly protocol: 'ga' | 'beta';
  readonly model: string;
  readonly hint: ReferenceHint | null;
  readonly vad: VadEngine;
  readonly profiles: LatencyProfiles;
  readonly rng: () => number;
  /** Sends one event on the socket (already serialised by the caller). */
  readonly sendRaw: (event: Record<string, unknown>) => void;
  readonly id: (prefix: string) => string;
  /** Session lifetime; `expires_at` reports it. */
  readonly maxSessionMs: number;
  readonly nowS: () => number;
}

const MIN_COMMIT_MS = 100;

/** One client's session: keeps its configuration, audio position, VAD and turns. */
export class EmulatedSession {
  private config: EmulatedConfig;
  private readonly ctx: EmulatorContext;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly words: WordPlan;
  private readonly sessionId: string;
  private readonly expiresAt: number;
  private vad: VadStream | null = null;
  private vadRateHz = 0;
  /** Audio position at which the VAD stream started (its frames count from 0). */
  private vadOffsetMs = 0;
  private detector: TurnDetector | null = null;
  private audioQueue: Promise<void> = Promise.resolve();
  private audioMs = 0;
  private bufferStartMs = 0;
  private speechItem: { id: string; audioStartMs: number } | null = null;
  private lastItemId: string | null = null;
  private committedAudioMs = 0;
  private response: ActiveResponse | null = null;
  private closed = false;

  constructor(private readonly options: EmulatedSessionOptions) {
    this.config = initialConfig(options.kind, options.protocol, options.model);
    this.words = createWordPlan(options.hint);
    this.sessionId = options.id('sess');
    this.expiresAt = Math.floor(options.nowS() + options.maxSessionMs / 1000);
    this.ctx = {
      send: (event) => {
        if (!this.closed) options.sendRaw({ event_id: options.id('event'), ...event });
      },
      id: options.id,
      rng: options.rng,
      config: () => this.config,
      profiles: options.profiles,
      later: (delayMs, fn) => {
        if (this.closed) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!this.closed) fn();
        }, Math.max(0, delayMs));
        this.timers.add(timer);
      },
    };
  }

  /** Sends session.created; call once the socket is open. */
  open(): void {
    this.ctx.send({ type: eventNames(this.config).sessionCreated, session: describeSession(this.config, this.sessionId, this.expiresAt) });
  }

  /** Stops every timer and the VAD. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.audioQueue.catch(() => undefined);
    await this.vad?.close();
  }

  /** Handles one client event (already parsed JSON). */
  handle(event: Record<string, unknown>): void {
    const type = typeof event.type === 'string' ? event.type : '';
    const clientEventId = typeof event.event_id === 'string' ? event.event_id : null;
    switch (type) {
      case 'session.update':
      case 'transcription_session.update':
        this.update(type, event.session, clientEventId);
        break;
      case 'input_audio_buffer.append':
        this.append(event.audio, clientEventId);
        break;
      case 'input_audio_buffer.commit':
        this.audioQueue = this.audioQueue.then(() => {
          this.commitManually(clientEventId);
        });
        break;
      case 'input_audio_buffer.clear':
        this.audioQueue = this.audioQueue.then(() => {
          this.bufferStartMs = this.audioMs;
          this.speechItem = null;
          this.ctx.send({ type: 'input_audio_buffer.cleared' });
        });
        break;
      case 'response.create':
        this.audioQueue = this.audioQueue.then(() => {
          this.respond(this.lastItemId, clientEventId);
        });
        break;
      case 'response.cancel':
        if (this.response && !this.response.done()) this.response.cancel('client_cancelled');
        break;
      default:
        this.error('invalid_value', `Invalid value: '${type}'. Supported values are: 'session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'response.create', 'response.cancel'.`, 'type', clientEventId);
    }
  }

  private error(code: string, message: string, param: string | null, eventId: string | null, type = 'invalid_request_error'): void {
    this.ctx.send({ type: 'error', error: { type, code, message, param, event_id: eventId } });
  }

  private update(type: string, session: unknown, eventId: string | null): void {
    const wanted = this.config.protocol === 'beta' && this.config.kind === 'transcription' ? 'transcription_session.update' : 'session.update';
    if (type !== wanted) {
      this.error('invalid_value', `Invalid value: '${type}'. Use '${wanted}' in this session.`, 'type', eventId);
      return;
    }
    const result = applySessionUpdate(this.config, session);
    if ('code' in result) {
      this.error(result.code, result.message, result.param, eventId);
      return;
    }
    this.audioQueue = this.audioQueue.then(() => {
      this.config = result;
      this.detector = null;
      this.ctx.send({ type: eventNames(this.config).sessionUpdated, session: describeSession(this.config, this.sessionId, this.expiresAt) });
    });
  }

  private append(audio: unknown, eventId: string | null): void {
    if (typeof audio !== 'string') {
      this.error('missing_required_parameter', "Missing required parameter: 'audio'.", 'audio', eventId);
      return;
    }
    const bytes = Buffer.from(audio, 'base64');
    this.audioQueue = this.audioQueue.then(() => this.processAudio(bytes)).catch((error: unknown) => {
      this.error('server_error', `The server had an error while processing audio: ${error instanceof Error ? error.message : String(error)}`, null, eventId, 'server_error');
    });
  }

  private async processAudio(bytes: Buffer): Promise<void> {
    const samples = toLinear(bytes, this.config.format);
    const startMs = this.audioMs;
    this.audioMs += (samples.length / this.config.rateHz) * 1000;
    const td = this.config.turnDetection;
    if (td === null || this.closed) return;
    if (this.vad === null || this.vadRateHz !== this.config.rateHz) {
      await this.vad?.close();
      this.vad = await this.options.vad.createStream(this.config.rateHz);
      this.vadRateHz = this.config.rateHz;
      this.vadOffsetMs = startMs;
    }
    this.detector ??= createTurnDetector(td);
    const frames = await this.vad.push(samples);
    for (const frame of frames) {
      const shifted = { ...frame, startMs: frame.startMs + this.vadOffsetMs, endMs: frame.endMs + this.vadOffsetMs };
      for (const boundary of this.detector.onFrame(shifted)) this.onBoundary(boundary);
    }
  }

  private onBoundary(boundary: TurnBoundary): void {
    const td = this.config.turnDetection;
    if (boundary.type === 'started') {
      if (td?.interruptResponse && this.response && !this.response.done()) this.response.cancel('turn_detected');
      this.speechItem = { id: this.options.id('item'), audioStartMs: Math.max(this.bufferStartMs, boundary.audioStartMs) };
      this.ctx.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(this.speechItem.audioStartMs), item_id: this.speechItem.id });
      return;
    }
    const item = this.speechItem;
    if (item === null) return;
    this.ctx.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(boundary.audioEndMs), item_id: item.id });
    this.commit(item.id, item.audioStartMs, boundary.audioEndMs);
    if (td?.createResponse && this.config.kind === 'realtime') this.respond(item.id, null);
  }

  private commitManually(eventId: string | null): void {
    if (this.audioMs - this.bufferStartMs < MIN_COMMIT_MS) {
      this.error('input_audio_buffer_commit_empty', `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${(this.audioMs - this.bufferStartMs).toFixed(2)}ms of audio.`, null, eventId);
      return;
    }
    const id = this.speechItem?.id ?? this.options.id('item');
    const startMs = this.speechItem?.audioStartMs ?? this.bufferStartMs;
    this.detector = null;
    this.commit(id, startMs, this.audioMs);
  }

  private commit(itemId: string, startMs: number, endMs: number): void {
    const previous = this.lastItemId;
    this.speechItem = null;
    this.bufferStartMs = this.audioMs;
    this.lastItemId = itemId;
    this.committedAudioMs += endMs - startMs;
    this.ctx.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId });
    const user = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    if (this.config.protocol === 'ga') {
      this.ctx.send({ type: 'conversation.item.added', previous_item_id: previous, item: user });
      this.ctx.send({ type: 'conversation.item.done', previous_item_id: previous, item: user });
    } else {
      this.ctx.send({ type: 'conversation.item.created', previous_item_id: previous, item: user });
    }
    transcribeItem(this.ctx, itemId, this.words.take(startMs, endMs), endMs - startMs);
  }

  private respond(previousItemId: string | null, eventId: string | null): void {
    if (this.config.kind !== 'realtime') {
      this.error('invalid_value', 'Responses are not available in a transcription session.', 'type', eventId);
      return;
    }
    if (this.response && !this.response.done()) {
      this.error('conversation_already_has_active_response', `Conversation already has an active response in progress: ${this.response.id}. Wait until the response is finished before creating a new one.`, null, eventId);
      return;
    }
    this.response = startResponse(this.ctx, previousItemId, this.committedAudioMs);
  }
}
