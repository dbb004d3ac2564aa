import type { AudioFormat } from '../../config/types.js';
import type { ExpectedToolCall } from '../../corpus/manifest.js';
import type { EmulatorContext } from '../context.js';
import { profileFor, sampleLatency } from '../profiles.js';
import { describeFormat, describeModalities, eventNames } from '../session-describe.js';
import type { SessionTool, ToolChoice } from '../session-fields.js';
import { outputBytesPerMs, replyAudio, wordTimesMs } from '../synth.js';
import type { SpokenAudio } from './items.js';
import { usageFor, withinTokens } from './usage.js';

type Raw = Record<string, unknown>;

/** What a response produces: a message (audio with its transcript, or text) or one function call. */
export type ReplyPlan = { readonly kind: 'message'; readonly text: string } | { readonly kind: 'function_call'; readonly call: ExpectedToolCall };

/** The settings of one response: the session's, with response.create's overrides. */
export interface ResponseSettings {
  readonly modality: 'audio' | 'text';
  readonly outputFormat: AudioFormat;
  readonly voice: string;
  readonly instructions: string;
  readonly tools: readonly SessionTool[];
  readonly toolChoice: ToolChoice;
  readonly maxOutputTokens: number | 'inf';
  /** `conversation: "none"`: an out-of-band response, whose items join no conversation. */
  readonly outOfBand: boolean;
  readonly metadata: Readonly<Raw> | null;
}

/** A response being produced; cancelling it ends it with status `cancelled`. */
export interface ActiveResponse {
  readonly id: string;
  readonly outOfBand: boolean;
  cancel(reason: 'turn_detected' | 'client_cancelled'): void;
  done(): boolean;
}

/** What the session learns from a response. */
export interface ResponseHooks {
  /** The output item was added (in progress); returns the id of the item it follows. */
  onItemAdded(item: Raw): string | null;
  /** A newer state of the output item (with its audio so far, for truncation). */
  onItemChanged(item: Raw, audio?: SpokenAudio): void;
  /** response.done went out; `audioMs` of audio were produced (0 unless completed). */
  onFinished(status: string, audioMs: number): void;
}

/** What one response starts from. */
export interface ResponseInput {
  readonly plan: ReplyPlan;
  readonly settings: ResponseSettings;
  /** Input audio the response bills (the conversation's committed audio). */
  readonly inputAudioMs: number;
  /** The session's conversation (`conv_…`); null for out-of-band responses. */
  readonly conversationId: string;
}

const RATE_LIMITS = { type: 'rate_limits.updated', rate_limits: [{ name: 'requests', limit: 5000, remaining: 4999, reset_seconds: 0.012 }, { name: 'tokens', limit: 400000, remaining: 398000, reset_seconds: 0.3 }] };

/** How often deltas go out; each audio delta carries this much audio times the profile's speed. */
const DELTA_EVERY_MS = 50;
/** Function call arguments stream in chunks of this many characters, one every 10 ms. */
const ARGUMENT_CHUNK = 16;

/**
 * One response in the documented order: response.created at once; after the model's
 * first-output latency the output item, its content part and deltas (audio with transcript,
 * text, or function call arguments), their done events, response.done with usage, then
 * rate_limits.updated. Cancelling it closes the item that is under way with all its done
 * events (status `incomplete`, the transcript said so far) before response.done. A reply longer
 * than max_output_tokens is cut to the words that fit and ends `incomplete` (`max_output_tokens`).
 */
class StreamingResponse implements ActiveResponse {
  readonly id: string;
  readonly outOfBand: boolean;
  private readonly names;
  private readonly itemId: string;
  private readonly callId: string;
  private finished = false;
  private item: Raw | null = null;
  private previous: string | null = null;
  /** Words (message) or characters (arguments) sent so far, and the audio sent (ms). */
  private sentWords = 0;
  private sentChars = 0;
  private sentAudioMs = 0;
  /** Its audio went to a WebRTC call's track. */
  private onTrack = false;
  private readonly input: ResponseInput;
  private startedMs = 0;
  private firstMs = 0;
  private logged = false;
  /** max_output_tokens cut the reply short: it ends `incomplete`. */
  private readonly cut: boolean;

  constructor(private readonly ctx: EmulatorContext, input: ResponseInput, private readonly hooks: ResponseHooks) {
    const limited = withinTokens(input);
    this.input = limited.input;
    this.cut = limited.cut;
    this.id = ctx.id('resp');
    this.itemId = ctx.id('item');
    this.callId = ctx.id('call');
    this.outOfBand = input.settings.outOfBand;
    this.names = eventNames(ctx.config());
  }

  done(): boolean {
    return this.finished;
  }

  cancel(reason: 'turn_detected' | 'client_cancelled'): void {
    if (this.finished) return;
    // Its audio stops playing on a WebRTC track (output_audio_buffer.cleared) before the done events.
    if (this.onTrack) this.ctx.audioTrack?.clear(this.ctx);
    if (this.item !== null) this.closeItem('incomplete');
    this.finish('cancelled', { type: 'cancelled', reason });
  }

  start(): void {
    this.ctx.send({ type: 'response.created', response: this.describe('in_progress', [], null, null) });
    const profile = profileFor(this.ctx.profiles, this.ctx.config().model);
    const firstMs = sampleLatency(profile.responseFirstAudio, this.ctx.rng);
    this.startedMs = this.ctx.now();
    this.firstMs = firstMs;
    this.ctx.later(firstMs, () => {
      if (this.finished) return;
      const plan = this.input.plan;
      if (plan.kind === 'function_call') this.streamCall(plan.call);
      else this.streamMessage(plan.text, profile.responseAudioSpeed);
    });
  }

  /** Logs the injected first-output latency once, when the first audio, text or arguments delta has gone out. */
  private logFirst(stage: 'response_first_audio' | 'response_first_text' | 'response_first_tool_call'): void {
    if (this.logged) return;
    this.logged = true;
    this.ctx.log({ event: 'injected', stage, response_id: this.id, planned_ms: this.firstMs, actual_ms: this.ctx.now() - this.startedMs });
  }

  private get address(): Raw {
    return { response_id: this.id, item_id: this.itemId, output_index: 0, content_index: 0 };
  }

  private addItem(item: Raw): void {
    this.item = item;
    this.ctx.send({ type: 'response.output_item.added', response_id: this.id, output_index: 0, item });
    this.previous = this.hooks.onItemAdded(item);
    if (this.outOfBand) return;
    const type = this.ctx.config().protocol === 'ga' ? 'conversation.item.added' : 'conversation.item.created';
    this.ctx.send({ type, previous_item_id: this.previous, item });
  }

  private streamMessage(text: string, speed: number): void {
    const audio = this.input.settings.modality === 'audio';
    this.addItem({ id: this.itemId, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] });
    this.ctx.send({ type: 'response.content_part.added', ...this.address, part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } });
    const words = text.split(' ').filter((w) => w !== '');
    if (!audio) {
      words.forEach((word, k) => {
        this.ctx.later(k * DELTA_EVERY_MS, () => {
          if (this.finished) return;
          this.ctx.send({ type: this.names.textDelta, ...this.address, delta: (k === 0 ? '' : ' ') + word });
          this.logFirst('response_first_text');
          this.sentWords = k + 1;
          if (k === words.length - 1) this.complete();
        });
      });
      if (words.length === 0) this.complete();
      return;
    }
    const samples = replyAudio(text, this.input.settings.outputFormat);
    const perMs = outputBytesPerMs(this.input.settings.outputFormat);
    const deltaMs = DELTA_EVERY_MS * speed;
    const deltas = Math.max(1, Math.ceil(samples.length / (perMs * deltaMs)));
    const times = wordTimesMs(text);
    for (let k = 0; k < deltas; k++) {
      this.ctx.later(k * DELTA_EVERY_MS, () => {
        if (this.finished) return;
        for (; this.sentWords < words.length && (times[this.sentWords]?.startMs ?? 0) < (k + 1) * deltaMs; this.sentWords++) {
          this.ctx.send({ type: this.names.transcriptDelta, ...this.address, delta: (this.sentWords === 0 ? '' : ' ') + (words[this.sentWords] ?? '') });
        }
        const chunk = samples.subarray(Math.round(k * deltaMs * perMs), Math.round((k + 1) * deltaMs * perMs));
        this.sendAudio(text, chunk, k);
        this.logFirst('response_first_audio');
        this.sentAudioMs += chunk.length / perMs;
        this.hooks.onItemChanged(this.messageItem('in_progress'), this.spoken());
        if (k === deltas - 1) this.complete();
      });
    }
  }

  /**
   * Audio chunk `k` of the reply: a `…audio.delta` event over a WebSocket; over WebRTC no delta
   * carries audio, and the whole reply (24 kHz PCM16, whatever the output format) starts playing
   * on the call's track with the first chunk.
   */
  private sendAudio(text: string, chunk: Buffer, k: number): void {
    const track = this.ctx.audioTrack;
    if (track === null) this.ctx.send({ type: this.names.audioDelta, ...this.address, delta: chunk.toString('base64') });
    else if (k === 0) {
      this.onTrack = true;
      track.play(this.ctx, this.id, replyAudio(text, 'pcm16'));
    }
  }

  private streamCall(call: ExpectedToolCall): void {
    const args = JSON.stringify(call.arguments);
    this.addItem(this.callItem('in_progress', ''));
    const chunks = Math.max(1, Math.ceil(args.length / ARGUMENT_CHUNK));
    for (let k = 0; k < chunks; k++) {
      this.ctx.later(k * 10, () => {
        if (this.finished) return;
        const delta = args.slice(k * ARGUMENT_CHUNK, (k + 1) * ARGUMENT_CHUNK);
        this.ctx.send({ type: 'response.function_call_arguments.delta', response_id: this.id, item_id: this.itemId, output_index: 0, call_id: this.callId, delta });
        this.logFirst('response_first_tool_call');
        this.sentChars += delta.length;
        if (k === chunks - 1) this.complete();
      });
    }
  }

  private get transcript(): string {
    const plan = this.input.plan;
    if (plan.kind === 'function_call') return JSON.stringify(plan.call.arguments).slice(0, this.sentChars);
    return plan.text.split(' ').filter((w) => w !== '').slice(0, this.sentWords).join(' ');
  }

  private spoken(): SpokenAudio {
    const text = this.input.plan.kind === 'message' ? this.input.plan.text : '';
    const times = wordTimesMs(text).slice(0, this.sentWords);
    return { audioMs: this.sentAudioMs, words: text.split(' ').filter((w) => w !== '').slice(0, this.sentWords), wordEndsMs: times.map((t) => t.endMs) };
  }

  private messageItem(status: string): Raw {
    const content = this.input.settings.modality === 'audio' ? { type: this.names.audioPartType, transcript: this.transcript } : { type: this.names.textPartType, text: this.transcript };
    return { id: this.itemId, object: 'realtime.item', type: 'message', status, role: 'assistant', content: [content] };
  }

  private callItem(status: string, args: string): Raw {
    const plan = this.input.plan;
    const name = plan.kind === 'function_call' ? plan.call.name : '';
    return { id: this.itemId, object: 'realtime.item', type: 'function_call', status, call_id: this.callId, name, arguments: args };
  }

  private complete(): void {
    this.closeItem(this.cut ? 'incomplete' : 'completed');
    if (this.cut) this.finish('incomplete', { type: 'incomplete', reason: 'max_output_tokens' });
    else this.finish('completed', null);
  }

  /** The done events of the output item, in the documented order. */
  private closeItem(status: 'completed' | 'incomplete'): void {
    let item: Raw;
    if (this.input.plan.kind === 'function_call') {
      item = this.callItem(status, this.transcript);
      this.ctx.send({ type: 'response.function_call_arguments.done', response_id: this.id, item_id: this.itemId, output_index: 0, call_id: this.callId, name: item.name, arguments: this.transcript });
      this.hooks.onItemChanged(item);
    } else {
      item = this.messageItem(status);
      if (this.input.settings.modality === 'audio') {
        this.ctx.send({ type: this.names.audioDone, ...this.address });
        this.ctx.send({ type: this.names.transcriptDone, ...this.address, transcript: this.transcript });
        this.ctx.send({ type: 'response.content_part.done', ...this.address, part: { type: 'audio', transcript: this.transcript } });
        this.hooks.onItemChanged(item, this.spoken());
      } else {
        this.ctx.send({ type: this.names.textDone, ...this.address, text: this.transcript });
        this.ctx.send({ type: 'response.content_part.done', ...this.address, part: { type: 'text', text: this.transcript } });
        this.hooks.onItemChanged(item);
      }
    }
    if (!this.outOfBand && this.ctx.config().protocol === 'ga') this.ctx.send({ type: 'conversation.item.done', previous_item_id: this.previous, item });
    this.ctx.send({ type: 'response.output_item.done', response_id: this.id, output_index: 0, item });
    this.item = item;
  }

  private finish(status: string, statusDetails: Raw | null): void {
    if (this.finished) return;
    this.finished = true;
    const usage = usageFor(this.input, this.transcript, this.sentAudioMs);
    this.ctx.send({ type: 'response.done', response: this.describe(status, this.item === null ? [] : [this.item], usage, statusDetails) });
    this.ctx.send(RATE_LIMITS);
    this.hooks.onFinished(status, status === 'completed' ? this.sentAudioMs : 0);
  }

  private describe(status: string, output: unknown[], usage: unknown, statusDetails: unknown): Raw {
    const config = this.ctx.config();
    const s = this.input.settings;
    const base = { id: this.id, object: 'realtime.response', status, status_details: statusDetails, output, conversation_id: s.outOfBand ? null : this.input.conversationId, usage, metadata: s.metadata };
    if (config.protocol === 'beta') {
      return { ...base, modalities: describeModalities(config, s.modality), voice: s.voice, output_audio_format: describeFormat(config, s.outputFormat), temperature: 0.8, max_output_tokens: s.maxOutputTokens };
    }
    return { ...base, output_modalities: describeModalities(config, s.modality), max_output_tokens: s.maxOutputTokens, audio: { output: { format: describeFormat(config, s.outputFormat), voice: s.voice } } };
  }
}

/** Starts a response (see {@link StreamingResponse} for the order of its events). */
export function startResponse(ctx: EmulatorContext, input: ResponseInput, hooks: ResponseHooks): ActiveResponse {
  const response = new StreamingResponse(ctx, input, hooks);
  response.start();
  return response;
}
