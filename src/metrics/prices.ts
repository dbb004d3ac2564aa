/**
 * Prices in US dollars per 1M tokens (per minute for duration-billed models).
 * NOTE: keep `PRICES_AS_OF` and the sources in step with the numbers; every report prints them.
 *
 * Sources: the vendor's model pages as summarised in shared/protocol/REALTIME.md §9 (stored
 * copies dated late 2026). Models whose pages were not retrieved are absent: their cost is
 * left blank rather than guessed.
 */
export const PRICES_AS_OF = '2026-11';

/** Where the numbers come from. */
export const PRICE_SOURCES = ['OpenAI model pages (stored copies, late 2026), via REALTIME.md §9'];

/** One model's price. */
export interface ModelPrice {
  readonly textIn?: number;
  readonly textCachedIn?: number;
  readonly textOut?: number;
  readonly audioIn?: number;
  readonly audioCachedIn?: number;
  readonly audioOut?: number;
  /** Duration-billed transcription, per minute of audio. */
  readonly perMinute?: number;
}

/** Price per model name (dated snapshots fall back to their base name). */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-realtime-1.5': { textIn: 4, textCachedIn: 0.4, textOut: 16, audioIn: 32, audioCachedIn: 0.4, audioOut: 64 },
  'gpt-realtime-2.1-mini': { textIn: 0.6, textCachedIn: 0.06, textOut: 2.4, audioIn: 10, audioCachedIn: 0.3, audioOut: 20 },
  'gpt-4o-mini-realtime-preview': { textIn: 0.6, textCachedIn: 0.3, textOut: 2.4, audioIn: 10, audioCachedIn: 0.3, audioOut: 20 },
  'gpt-4o-mini-transcribe': { audioIn: 1.25, textIn: 1.25, textOut: 5 },
  'gpt-4o-transcribe': { audioIn: 2.5, textIn: 2.5, textOut: 10 },
  'gpt-realtime-whisper': { perMinute: 0.017 },
};
