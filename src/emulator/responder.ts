import type { EmulatorContext } from './context.js';
import { profileFor, sampleLatency } from './profiles.js';
import { eventNames } from './session-describe.js';
import { OUTPUT_RATE_HZ, speechFor } from './synth.js';

/** A response being produced; cancelling it ends it with status `cancelled`. */
export interface ActiveResponse {
  readonly id: string;
  cancel(reason: 'turn_detected' | 'client_cancelled'): void;
  done(): boolean;
}

const REPLIES = ['Got it.', 'Thanks, I heard you.', 'Understood, tell me more.', 'Sure, one moment please.', 'Okay, noted.'];

/** Synthesises the replies once, when an emulator starts, so that no turn pays for it (and no other command does). */
export function warmReplies(): void {
  for (const reply of REPLIES) speechFor(reply);
}

/** Audio per output delta, and how often deltas go out: the service streams faster than real time. */
const DELTA_AUDIO_MS = 200;
const DELTA_EVERY_MS = 50;

/** Approximate token rates used for the emulated usage (audio ≈ 10 input / 20 output tokens per second). */
export const TOKENS = { inputAudioPerSecond: 10, outputAudioPerSecond: 20, textPerWord: 1.3 } as const;

function responseObject(ctx: EmulatorContext, id: string, status: string, output: unknown[], usage: unknown, statusDetails: unknown = null): Record<string, unknown> {
  const config = ctx.config();
  const base = { id, object: 'realtime.response', status, status_details: statusDetails, output, usage, metadata: null };
  if (config.protocol === 'beta') {
    return { ...base, modalities: ['audio', 'text'], voice: config.voice, output_audio_format: 'pcm16', temperature: 0.8, max_output_tokens: 'inf' };
  }
  return { ...base, conversation_id: null, output_modalities: ['audio'], max_output_tokens: 'inf', audio: { output: { format: { type: 'audio/pcm', rate: OUTPUT_RATE_HZ }, voice: config.voice } } };
}

function usageFor(inputAudioMs: number, instructions: string, text: string, audioMs: number): Record<string, unknown> {
  const audioIn = Math.round((inputAudioMs / 1000) * TOKENS.inputAudioPerSecond);
  const textIn = Math.ceil(instructions.length / 4);
  const audioOut = Math.round((audioMs / 1000) * TOKENS.outputAudioPerSecond);
  const textOut = Math.ceil(text.split(' ').length * TOKENS.textPerWord);
  return {
    total_tokens: audioIn + textIn + audioOut + textOut,
    input_tokens: audioIn + textIn,
    output_tokens: audioOut + textOut,
    input_token_details: { text_tokens: textIn, audio_tokens: audioIn, image_tokens: 0, cached_tokens: 0, cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 } },
    output_token_details: { text_tokens: textOut, audio_tokens: audioOut },
  };
}

/** What the session learns from a response. */
export interface ResponseHooks {
  /** The assistant item joined the conversation. */
  onItem(itemId: string, item: Record<string, unknown>): void;
  /** response.done went out; `audioMs` of audio were produced (0 unless completed). */
  onFinished(status: string, audioMs: number): void;
}

const part = (transcript: string): Record<string, unknown> => ({ type: 'audio', transcript });

const RATE_LIMITS = { type: 'rate_limits.updated', rate_limits: [{ name: 'requests', limit: 5000, remaining: 4999, reset_seconds: 0.012 }, { name: 'tokens', limit: 400000, remaining: 398000, reset_seconds: 0.3 }] };

/**
 * The audio of delta `k`: a `…audio.delta` event over a WebSocket; over WebRTC no delta carries
 * audio, and the whole reply starts playing on the call's track with the first.
 */
function sendAudioPart(ctx: EmulatorContext, type: string, address: { response_id: string }, audio: Buffer, k: number, deltaBytes: number): void {
  if (ctx.audioTrack === null) ctx.send({ type, ...address, delta: audio.subarray(k * deltaBytes, (k + 1) * deltaBytes).toString('base64') });
  else if (k === 0) ctx.audioTrack.play(ctx, address.response_id, audio);
}

/**
 * Starts a response in the documented order: response.created at once; after the model's
 * first-audio latency the output item, content part, interleaved audio and transcript deltas,
 * their done events, response.done with usage, then rate_limits.updated.
 */
export function startResponse(ctx: EmulatorContext, previousItemId: string | null, inputAudioMs: number, hooks: ResponseHooks): ActiveResponse {
  const config = ctx.config();
  const names = eventNames(config);
  const id = ctx.id('resp');
  const itemId = ctx.id('item');
  const text = REPLIES[Math.floor(ctx.rng() * REPLIES.length)] ?? 'Okay.';
  const audio = speechFor(text);
  const audioMs = (audio.length / 2 / OUTPUT_RATE_HZ) * 1000;
  let finished = false;
  const item = (status: string, transcript: string | null): Record<string, unknown> => ({
    id: itemId, object: 'realtime.item', type: 'message', status, role: 'assistant', content: transcript === null ? [] : [{ type: names.audioPartType, transcript }],
  });
  const address = { response_id: id, item_id: itemId, output_index: 0, content_index: 0 };
  const finish = (status: string, statusDetails: unknown): void => {
    if (finished) return;
    finished = true;
    const usage = usageFor(inputAudioMs, config.instructions, text, audioMs);
    ctx.send({ type: 'response.done', response: responseObject(ctx, id, status, status === 'completed' ? [item('completed', text)] : [], usage, statusDetails) });
    ctx.send(RATE_LIMITS);
    hooks.onFinished(status, status === 'completed' ? audioMs : 0);
  };
  ctx.send({ type: 'response.created', response: responseObject(ctx, id, 'in_progress', [], null) });
  const firstAudioMs = sampleLatency(profileFor(ctx.profiles, config.model).responseFirstAudio, ctx.rng);
  const startedMs = ctx.now();
  ctx.later(firstAudioMs, () => {
    if (finished) return;
    ctx.send({ type: 'response.output_item.added', response_id: id, output_index: 0, item: item('in_progress', null) });
    hooks.onItem(itemId, item('completed', text));
    if (config.protocol === 'ga') ctx.send({ type: 'conversation.item.added', previous_item_id: previousItemId, item: item('in_progress', null) });
    else ctx.send({ type: 'conversation.item.created', previous_item_id: previousItemId, item: item('in_progress', null) });
    ctx.send({ type: 'response.content_part.added', ...address, part: part('') });
    const words = text.split(' ');
    const deltaBytes = (OUTPUT_RATE_HZ * 2 * DELTA_AUDIO_MS) / 1000;
    const deltas = Math.ceil(audio.length / deltaBytes);
    for (let k = 0; k < deltas; k++) {
      ctx.later(k * DELTA_EVERY_MS, () => {
        if (finished) return;
        if (k < words.length) ctx.send({ type: names.transcriptDelta, ...address, delta: (k === 0 ? '' : ' ') + (words[k] ?? '') });
        sendAudioPart(ctx, names.audioDelta, address, audio, k, deltaBytes);
        if (k === 0) ctx.log({ event: 'injected', stage: 'response_first_audio', response_id: id, planned_ms: firstAudioMs, actual_ms: ctx.now() - startedMs });
        if (k < deltas - 1) return;
        for (const w of words.slice(deltas)) ctx.send({ type: names.transcriptDelta, ...address, delta: ` ${w}` });
        ctx.send({ type: names.audioDone, ...address });
        ctx.send({ type: names.transcriptDone, ...address, transcript: text });
        ctx.send({ type: 'response.content_part.done', ...address, part: part(text) });
        if (config.protocol === 'ga') ctx.send({ type: 'conversation.item.done', previous_item_id: previousItemId, item: item('completed', text) });
        ctx.send({ type: 'response.output_item.done', response_id: id, output_index: 0, item: item('completed', text) });
        finish('completed', null);
      });
    }
  });
  return {
    id,
    done: () => finished,
    cancel(reason) {
      if (!finished) ctx.audioTrack?.clear(ctx);
      finish('cancelled', { type: 'cancelled', reason });
    },
  };
}
