/** Emulated token counts: usage of responses and transcriptions, and the max_output_tokens cut. */
import { wordTimesMs } from '../synth.js';
import type { ResponseInput } from './responder.js';

type Raw = Record<string, unknown>;

/** Approximate token rates used for the emulated usage (audio ≈ 10 input / 20 output tokens per second). */
export const TOKENS = { inputAudioPerSecond: 10, outputAudioPerSecond: 20, textPerWord: 1.3, charsPerTextToken: 4 } as const;

/** The usage of a response (response.done): its input billed as audio and instruction tokens, its output as said or sent so far. */
export function usageFor(input: ResponseInput, outputText: string, outputAudioMs: number): Raw {
  const audioIn = Math.round((input.inputAudioMs / 1000) * TOKENS.inputAudioPerSecond);
  const textIn = Math.ceil(input.settings.instructions.length / TOKENS.charsPerTextToken);
  const audioOut = Math.round((outputAudioMs / 1000) * TOKENS.outputAudioPerSecond);
  const textOut = input.plan.kind === 'function_call' ? Math.ceil(outputText.length / TOKENS.charsPerTextToken) : Math.ceil(outputText.split(' ').filter((w) => w !== '').length * TOKENS.textPerWord);
  return {
    total_tokens: audioIn + textIn + audioOut + textOut,
    input_tokens: audioIn + textIn,
    output_tokens: audioOut + textOut,
    input_token_details: { text_tokens: textIn, audio_tokens: audioIn, image_tokens: 0, cached_tokens: 0, cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 } },
    output_token_details: { text_tokens: textOut, audio_tokens: audioOut },
  };
}

/** Output tokens of a spoken or written reply of `words` words. */
export function replyTokens(words: readonly string[], audio: boolean): number {
  const audioMs = wordTimesMs(words.join(' ')).at(-1)?.endMs ?? 0;
  return Math.ceil(words.length * TOKENS.textPerWord) + (audio ? Math.round((audioMs / 1000) * TOKENS.outputAudioPerSecond) : 0);
}

/** The reply cut to the words that fit in max_output_tokens (a message only; a call is never cut). */
export function withinTokens(input: ResponseInput): { input: ResponseInput; cut: boolean } {
  const max = input.settings.maxOutputTokens;
  if (max === 'inf' || input.plan.kind !== 'message') return { input, cut: false };
  const words = input.plan.text.split(' ').filter((w) => w !== '');
  let fit = words.length;
  while (fit > 0 && replyTokens(words.slice(0, fit), input.settings.modality === 'audio') > max) fit--;
  if (fit === words.length) return { input, cut: false };
  return { input: { ...input, plan: { kind: 'message', text: words.slice(0, fit).join(' ') } }, cut: true };
}

