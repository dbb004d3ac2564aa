import type { Usage } from '../pipeline/protocol/events.js';
import { PRICES, type ModelPrice } from './prices.js';

/** The price entry of a model, trying its base name when it is a dated snapshot. */
export function priceOf(model: string): ModelPrice | null {
  return PRICES[model] ?? PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? null;
}

/**
 * Dollars for one usage report, or null when the model has no price. Cached input is billed at
 * the cached rate; audio and text tokens at their own rates.
 */
export function costOfUsage(model: string, usage: Usage): number | null {
  const price = priceOf(model);
  if (price === null) return null;
  if (usage.seconds > 0) return price.perMinute === undefined ? null : (usage.seconds / 60) * price.perMinute;
  const perToken = (rate: number | undefined): number => (rate ?? 0) / 1_000_000;
  const detailed = usage.inputAudioTokens + usage.inputTextTokens > 0;
  const cached = Math.min(usage.inputCachedTokens, usage.inputTokens);
  const inputAudio = detailed ? usage.inputAudioTokens : usage.inputTokens;
  const inputText = detailed ? usage.inputTextTokens : 0;
  const uncachedShare = usage.inputTokens > 0 ? 1 - cached / usage.inputTokens : 1;
  const outputAudio = usage.outputAudioTokens + usage.outputTextTokens > 0 ? usage.outputAudioTokens : 0;
  const outputText = usage.outputAudioTokens + usage.outputTextTokens > 0 ? usage.outputTextTokens : usage.outputTokens;
  return (
    inputAudio * uncachedShare * perToken(price.audioIn) +
    inputText * uncachedShare * perToken(price.textIn) +
    cached * perToken(price.audioCachedIn ?? price.textCachedIn) +
    outputAudio * perToken(price.audioOut) +
    outputText * perToken(price.textOut)
  );
}
