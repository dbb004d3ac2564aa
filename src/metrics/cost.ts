import { PRICES, type ModelPrice } from './prices.js';
import type { BilledUsage } from './usage.js';

/** The price entry of a model, trying its base name when it is a dated snapshot. */
export function priceOf(model: string): ModelPrice | null {
  return PRICES[model] ?? PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? null;
}

/** tokens × $/1M; null when tokens are billed but the rate is unknown. */
function part(tokens: number, rate: number | undefined): number | null {
  if (tokens === 0) return 0;
  return rate === undefined ? null : (tokens * rate) / 1_000_000;
}

/** Cached tokens by modality: as reported, or all of one kind when the input has one kind only. */
function cachedSplit(usage: BilledUsage): { text: number; audio: number } | null {
  if (usage.cachedTextTokens !== null || usage.cachedAudioTokens !== null) return { text: usage.cachedTextTokens ?? 0, audio: usage.cachedAudioTokens ?? 0 };
  if (usage.cachedTokens === 0) return { text: 0, audio: 0 };
  if ((usage.inputAudioTokens ?? 0) === 0 && usage.inputTextTokens !== null) return { text: usage.cachedTokens, audio: 0 };
  if ((usage.inputTextTokens ?? 0) === 0 && usage.inputAudioTokens !== null) return { text: 0, audio: usage.cachedTokens };
  return null;
}

/** Tokens of one direction by modality; without a split, only a model priced for one modality is unambiguous. */
function split(total: number, text: number | null, audio: number | null, textRate: number | undefined, audioRate: number | undefined): { text: number; audio: number } | null {
  if (text !== null || audio !== null) return { text: text ?? 0, audio: audio ?? 0 };
  if (audioRate === undefined && textRate !== undefined) return { text: total, audio: 0 };
  if (textRate === undefined && audioRate !== undefined) return { text: 0, audio: total };
  return total === 0 ? { text: 0, audio: 0 } : null;
}

function tokenCost(usage: BilledUsage, price: ModelPrice): number | null {
  const input = split(usage.inputTokens - (usage.inputImageTokens ?? 0), usage.inputTextTokens, usage.inputAudioTokens, price.textIn, price.audioIn);
  const output = split(usage.outputTokens, usage.outputTextTokens, usage.outputAudioTokens, price.textOut, price.audioOut);
  const cached = usage.inputTextTokens === null && usage.inputAudioTokens === null && usage.cachedTokens > 0 ? null : cachedSplit(usage);
  if (input === null || output === null || cached === null) return null;
  const parts = [
    part(Math.max(0, input.text - cached.text), price.textIn),
    part(Math.max(0, input.audio - cached.audio), price.audioIn),
    part(cached.text, price.textCachedIn),
    part(cached.audio, price.audioCachedIn),
    part(usage.inputImageTokens ?? 0, undefined),
    part(output.text, price.textOut),
    part(output.audio, price.audioOut),
  ];
  return parts.some((p) => p === null) ? null : parts.reduce<number>((s, p) => s + (p ?? 0), 0);
}

/**
 * Dollars for one usage report, or null when the model, or a kind of token it billed, has no
 * known price. Cached input is billed at the cached rate of its modality.
 */
export function costOfUsage(model: string, usage: BilledUsage): number | null {
  const price = priceOf(model);
  if (price === null) return null;
  if (usage.kind === 'duration') return price.perMinute === undefined ? null : (usage.seconds / 60) * price.perMinute;
  return tokenCost(usage, price);
}
