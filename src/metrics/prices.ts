/**
 * Prices in US dollars per 1M tokens (per minute of audio for duration-billed models), as the
 * vendor's model pages show them. A model or a token kind whose price was not found is absent:
 * its cost stays blank, never guessed.
 * NOTE: keep `PRICES_AS_OF` and the sources in step with the numbers; every report prints them.
 */

/** Date of the stored copies of the pages the numbers were read from. */
export const PRICES_AS_OF = '2026-11-21';

/** One model's price and where it was read. */
export interface ModelPrice {
  readonly textIn?: number;
  readonly textCachedIn?: number;
  readonly textOut?: number;
  readonly audioIn?: number;
  readonly audioCachedIn?: number;
  readonly audioOut?: number;
  /** Duration-billed transcription, per minute of audio. */
  readonly perMinute?: number;
  /** The page the numbers come from. */
  readonly source: string;
}

const PAGE = 'https://developers.openai.com/api/docs/models/';

/**
 * Price per model name (dated snapshots fall back to their base name).
 *
 * Looked up and not found on a vendor page, so absent (cost blank): `gpt-realtime`,
 * `gpt-4o-realtime-preview`. `gpt-realtime-mini`'s page lists text tokens only, so sessions that
 * bill audio tokens on it get a blank cost too.
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-realtime-2.1': { textIn: 4, textCachedIn: 0.4, textOut: 24, audioIn: 32, audioCachedIn: 0.4, audioOut: 64, source: `${PAGE}gpt-realtime-2.1` },
  'gpt-realtime-2': { textIn: 4, textCachedIn: 0.4, textOut: 24, audioIn: 32, audioCachedIn: 0.4, audioOut: 64, source: `${PAGE}gpt-realtime-2` },
  'gpt-realtime-1.5': { textIn: 4, textCachedIn: 0.4, textOut: 16, audioIn: 32, audioCachedIn: 0.4, audioOut: 64, source: `${PAGE}gpt-realtime-1.5` },
  'gpt-realtime-2.1-mini': { textIn: 0.6, textCachedIn: 0.06, textOut: 2.4, audioIn: 10, audioCachedIn: 0.3, audioOut: 20, source: `${PAGE}gpt-realtime-2.1-mini` },
  'gpt-realtime-mini': { textIn: 0.6, textCachedIn: 0.06, textOut: 2.4, source: `${PAGE}gpt-realtime-mini` },
  'gpt-4o-mini-realtime-preview': { textIn: 0.6, textCachedIn: 0.3, textOut: 2.4, audioIn: 10, audioCachedIn: 0.3, audioOut: 20, source: `${PAGE}gpt-4o-mini-realtime-preview` },
  // The transcribe pages list "Audio tokens: input, output"; the output of these models is text.
  'gpt-4o-transcribe': { audioIn: 2.5, textOut: 10, source: `${PAGE}gpt-4o-transcribe` },
  'gpt-4o-mini-transcribe': { audioIn: 1.25, textOut: 5, source: `${PAGE}gpt-4o-mini-transcribe` },
  'whisper-1': { perMinute: 0.006, source: `${PAGE}whisper-1` },
  'gpt-realtime-whisper': { perMinute: 0.017, source: `${PAGE}gpt-realtime-whisper` },
};

/** Where the numbers come from, as every report prints it. */
export const PRICE_SOURCES = [`OpenAI model pages (${PAGE}<model>), stored copies of ${PRICES_AS_OF}; models without a found price cost blank`];
