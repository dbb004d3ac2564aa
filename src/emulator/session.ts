import type { ExpectedToolCall } from '../corpus/manifest.js';
import { createRng } from '../metrics/stats.js';
import type { EmulatorContext, EmulatorLogEntry, ResponseAudioTrack } from './context.js';
import { Conversation, messageText, type ItemProblem } from './conversation/items.js';
import { Responses } from './conversation/responses.js';
import { callForTurn, type ToolRule } from './conversation/tool-rules.js';
import { sessionExpired, type FaultedOutput } from './faults.js';
import { toLinear } from './g711.js';
import { InputBuffer, type OpenTurn } from './input-buffer.js';
import type { LatencyProfiles } from './profiles.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { applySessionUpdate, sameTurnDetection, type EmulatedConfig } from './session-config.js';
import { describeSession, eventNames } from './session-describe.js';
import type { TranscriptSource } from './transcript-source.js';
import { transcribeItem } from './transcription.js';
import type { VadEngine } from './vad/vad.js';
import { seedFrom } from './word-errors.js';

export type { ResponseAudioTrack } from './context.js';

/** How one emulated session was opened. */
export interface EmulatedSessionOptions {
  readonly config: EmulatedConfig;
  /** Where the turns' transcripts come from (hint, script, corpus recognition or none). */
  readonly transcripts: TranscriptSource;
  /** Seeds the word errors (with the emulator's seed and the model): the reference text when known. */
  readonly errorSeedText: string;
  /** When the emulated model calls a tool (profile rules). */
  readonly toolRules: readonly ToolRule[];
  readonly vad: VadEngine;
  readonly profiles: LatencyProfiles;
  readonly rng: () => number;
  /** Seed of the emulator: word errors derive from it, the model and the reference. */
  readonly seed: number;
  readonly id: (prefix: string) => string;
  /** The socket's outgoing side, faults applied. */
  readonly output: FaultedOutput;
  /** Closes the socket (session_expired). */
  readonly closeSocket: (code: number, reason: string) => void;
  /** Session lifetime; `expires_at` reports it and session_expired ends it. */
  readonly maxSessionMs: number;
  readonly nowS: () => number;
  /** Monotonic ms. */
  readonly now: () => number;
  readonly log: (entry: EmulatorLogEntry) => void;
  /** Over WebRTC: the call's outbound track (responses play there, not as audio deltas). @default none */
  readonly audioTrack?: ResponseAudioTrack;
}

const MIN_COMMIT_MS = 100;
const CLIENT_EVENTS = ['session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.retrieve', 'conversation.item.truncate', 'conversation.item.delete', 'response.create', 'response.cancel'];
type Raw = Record<string, unknown>;

/** One client's session: its configuration, input buffer, conversation, responses and timers. */
export class EmulatedSession {
  private config: EmulatedConfig;
  private readonly ctx: EmulatorContext;
  private readonly scheduler: Scheduler;
  private readonly input: InputBuffer;
  private readonly conversation: Conversation;
  private readonly responses: Responses;
  private readonly sessionId: string;
  private readonly expiresAt: number;
  private audioQueue: Promise<void> = Promise.resolve();
  private committedAudioMs = 0;
  private turns = 0;
  /** The reference and expected call of each committed user turn, for tool calls. */
  private readonly turnFacts = new Map<string, { readonly reference: string; readonly expectedCall: ExpectedToolCall | null }>();
  private closed = false;

  constructor(private readonly options: EmulatedSessionOptions) {
    this.config = options.config;
    this.sessionId = options.id('sess');
    this.expiresAt = Math.floor(options.nowS() + options.maxSessionMs / 1000);
    this.scheduler = createScheduler(options.now);
    this.ctx = {
      send: (event) => {
        if (!this.closed) options.output.send({ type: event.type, event_id: options.id('event'), ...event });
      },
      id: options.id,
      rng: options.rng,
      config: () => this.config,
      profiles: options.profiles,
      now: options.now,
      log: options.log,
      audioTrack: options.audioTrack ?? null,
      later: (delayMs, fn) => {
        if (!this.closed) this.scheduler.later(delayMs, () => {
          if (!this.closed) fn();
        });
      },
    };
    this.conversation = new Conversation(this.ctx);
    this.responses = new Responses({
      ctx: this.ctx,
      conversation: this.conversation,
      conversationId: options.id('conv'),
      inputAudioMs: () => this.committedAudioMs,
      wantedCall: (item) => this.wantedCall(item),
      error: (problem, eventId) => {
        this.error(problem.code, problem.message, problem.param, eventId);
      },
      onFinished: (audioMs) => {
        this.input.restartIdle(this.input.audioMs + audioMs);
      },
    });
    this.input = new InputBuffer({
      vad: options.vad,
      config: () => this.config,
      id: options.id,
      utteranceComplete: (ms) => options.transcripts.utteranceComplete(ms),
      responding: () => this.responses.active(),
      events: {
        speechStarted: (turn) => {
          this.onSpeechStarted(turn);
        },
        speechStopped: (turn, audioEndMs) => {
          this.onSpeechStopped(turn, audioEndMs);
        },
        idleTimeout: (startMs, endMs) => {
          this.onIdleTimeout(startMs, endMs);
        },
      },
    });
  }

  /** Sends session.created, arms the faults and the maximum session length. */
  open(): void {
    this.ctx.send({ type: eventNames(this.config).sessionCreated, session: describeSession(this.config, this.sessionId, this.expiresAt) });
    this.options.output.start();
    this.ctx.later(this.options.maxSessionMs, () => {
      const expired = sessionExpired(Number((this.options.maxSessionMs / 60_000).toFixed(2)));
      this.ctx.send({ type: 'error', error: expired.error });
      this.options.log({ event: 'session.expired' });
      this.options.closeSocket(1001, expired.reason);
    });
  }

  /** Stops every timer and the VAD. */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.cancelAll();
    await this.audioQueue.catch(() => undefined);
    await this.input.close();
  }

  /** The rate the session takes its input at: a WebRTC track is decoded to it. */
  get audioRateHz(): number {
    return this.config.rateHz;
  }

  /** Runs `fn` after `delayMs` on the session's timers (none after close). */
  later(delayMs: number, fn: () => void): void {
    this.ctx.later(delayMs, fn);
  }

  /** Reports a frame that could not be read as an event (not JSON, binary, not an object). */
  handleError(code: string, message: string): void {
    this.error(code, message, null, null);
  }

  /** Runs `fn` after the audio appended before it has been analysed (events keep the client's order). */
  private queued(fn: () => void | Promise<void>): void {
    this.audioQueue = this.audioQueue.then(fn).catch((error: unknown) => {
      this.error('server_error', `The server had an error while processing audio: ${error instanceof Error ? error.message : String(error)}`, null, null, 'server_error');
    });
  }

  /** Handles one client event (already parsed JSON), in the order the client sent them. */
  handle(event: Record<string, unknown>): void {
    if (event.type === 'input_audio_buffer.append') this.append(event.audio, typeof event.event_id === 'string' ? event.event_id : null);
    else this.queued(() => {
      this.dispatch(event);
    });
  }

  private dispatch(event: Record<string, unknown>): void {
    const type = typeof event.type === 'string' ? event.type : undefined;
    const eventId = typeof event.event_id === 'string' ? event.event_id : null;
    const report = (problem: ItemProblem | null): void => {
      if (problem) this.error(problem.code, problem.message, problem.param, eventId);
    };
    switch (type) {
      case undefined:
        this.error('invalid_event', "The 'type' field is missing.", 'type', eventId);
        return;
      case 'session.update':
      case 'transcription_session.update':
        this.update(type, event.session, eventId);
        return;
      case 'input_audio_buffer.commit':
        this.commitManually(eventId);
        return;
      case 'input_audio_buffer.clear':
        this.input.clear();
        this.ctx.send({ type: 'input_audio_buffer.cleared' });
        return;
      case 'conversation.item.create':
        report(this.conversation.create(event.item, event.previous_item_id));
        return;
      case 'conversation.item.retrieve':
        report(this.conversation.retrieve(event.item_id));
        return;
      case 'conversation.item.truncate':
        report(this.conversation.truncate(event.item_id, event.content_index, event.audio_end_ms));
        return;
      case 'conversation.item.delete':
        report(this.conversation.delete(event.item_id));
        return;
      case 'response.create':
        this.responses.create(event.response, eventId);
        return;
      case 'output_audio_buffer.clear':
        if (this.ctx.audioTrack === null) break;
        if (!this.ctx.audioTrack.clear(this.ctx)) this.error('output_audio_buffer_clear_not_playing', 'No audio is playing on the output audio buffer.', null, eventId);
        return;
      case 'response.cancel':
        this.responses.cancel(event.response_id, eventId);
        return;
    }
    const supported = [...CLIENT_EVENTS, ...(this.config.protocol === 'beta' ? ['transcription_session.update'] : []), ...(this.ctx.audioTrack ? ['output_audio_buffer.clear'] : [])];
    this.error('invalid_value', `Invalid value: '${type}'. Supported values are: ${supported.map((t) => `'${t}'`).join(', ')}.`, 'type', eventId);
  }

  private error(code: string | null, message: string, param: string | null, eventId: string | null, type = 'invalid_request_error'): void {
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
    // An update that leaves turn detection as it was (the harness's end-of-audio barrier, say)
    // must not restart it: a turn in progress stays open.
    const detectionChanged = !sameTurnDetection(this.config.turnDetection, result.turnDetection);
    this.config = result;
    if (detectionChanged) this.input.reconfigured();
    this.ctx.send({ type: eventNames(this.config).sessionUpdated, session: describeSession(this.config, this.sessionId, this.expiresAt) });
  }

  private append(audio: unknown, eventId: string | null): void {
    if (typeof audio !== 'string') {
      this.error('missing_required_parameter', "Missing required parameter: 'audio'.", 'audio', eventId);
      return;
    }
    this.takeAudio(Buffer.from(audio, 'base64'), this.config.format);
  }

  /**
   * Input audio from the call's track (WebRTC), decoded to PCM16 at the session's rate; it joins
   * the input buffer in order with the client's events, as appends do.
   */
  takeTrackAudio(pcm: Buffer): void {
    this.takeAudio(pcm, 'pcm16');
  }

  private takeAudio(bytes: Buffer, format: EmulatedConfig['format']): void {
    this.queued(async () => {
      if (this.closed) return;
      if (this.options.transcripts.kind === 'corpus') this.options.transcripts.onAudio(toLinear(bytes, format), this.config.rateHz);
      await this.input.append(bytes, format);
      this.options.output.onAudio(this.input.audioMs);
    });
  }

  /** The service's barge-in order: speech_started first, then the cancelled response and its done events. */
  private onSpeechStarted(turn: OpenTurn): void {
    this.ctx.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(turn.audioStartMs), item_id: turn.id });
    if (!this.config.turnDetection?.interruptResponse) return;
    // A reply still playing out on a WebRTC track stops when the user speaks, even after its response.done.
    this.ctx.audioTrack?.clear(this.ctx);
    this.responses.interrupt();
  }

  private onSpeechStopped(turn: OpenTurn, audioEndMs: number): void {
    this.ctx.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(audioEndMs), item_id: turn.id });
    this.input.markCommitted(audioEndMs, false);
    this.commit(turn.id, turn.audioStartMs, audioEndMs);
    if (this.config.turnDetection?.createResponse) this.responses.afterTurn(turn.id);
  }

  private onIdleTimeout(startMs: number, endMs: number): void {
    const itemId = this.options.id('item');
    this.ctx.send({ type: 'input_audio_buffer.timeout_triggered', audio_start_ms: Math.round(startMs), audio_end_ms: Math.round(endMs), item_id: itemId });
    this.input.markCommitted(endMs, false);
    this.commit(itemId, startMs, endMs);
    if (this.config.kind === 'realtime') this.responses.afterTurn(itemId);
  }

  private commitManually(eventId: string | null): void {
    const bufferedMs = this.input.audioMs - this.input.bufferStartMs;
    if (bufferedMs < MIN_COMMIT_MS) {
      this.error('input_audio_buffer_commit_empty', `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`, null, eventId);
      return;
    }
    // Committed while VAD was inside speech: the open turn's item, and no speech_stopped (REALTIME.md §7.2).
    const id = this.input.turn?.id ?? this.options.id('item');
    const startMs = this.input.turn?.audioStartMs ?? this.input.bufferStartMs;
    const endMs = this.input.audioMs;
    this.input.markCommitted(endMs, true);
    this.commit(id, startMs, endMs);
  }

  private commit(itemId: string, startMs: number, endMs: number): void {
    this.committedAudioMs += endMs - startMs;
    this.conversation.commitAudio(itemId);
    const turn = this.options.transcripts.take(startMs, endMs);
    this.turnFacts.set(itemId, { reference: turn.words.join(' '), expectedCall: turn.expectedCall });
    const model = this.config.transcription?.model ?? '';
    const errorRng = createRng(seedFrom(this.options.seed, model, this.options.errorSeedText, this.turns++));
    transcribeItem(this.ctx, itemId, turn.words, endMs - startMs, errorRng, (transcript) => {
      this.conversation.setTranscript(itemId, transcript);
    });
  }

  /** The tool call the item a response follows asks for: a user audio turn's, or a user text message's by the rules. */
  private wantedCall(item: Readonly<Raw> | null): ExpectedToolCall | null {
    if (item?.type !== 'message' || item.role !== 'user') return null;
    const facts = typeof item.id === 'string' ? this.turnFacts.get(item.id) : undefined;
    return facts ? callForTurn(facts.reference, facts.expectedCall, this.options.toolRules) : callForTurn(messageText(item), null, this.options.toolRules);
  }
}
