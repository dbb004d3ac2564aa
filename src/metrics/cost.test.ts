import { describe, expect, it } from 'vitest';
import { costOfUsage, priceOf } from './cost.js';
import { PRICES, PRICES_AS_OF } from './prices.js';
import { readUsage, type BilledUsage } from './usage.js';

const usage = (raw: unknown): BilledUsage => {
  const u = readUsage(raw);
  if (!u) throw new Error('no usage');
  return u;
};

// The usage block of a realtime response, as the service sends it (REALTIME.md §9).
const RESPONSE = {
  total_tokens: 821, input_tokens: 789, output_tokens: 32,
  input_token_details: { text_tokens: 313, audio_tokens: 476, cached_tokens: 640, cached_tokens_details: { text_tokens: 256, audio_tokens: 384 } },
  output_token_details: { text_tokens: 9, audio_tokens: 23 },
};

describe('cost of a usage report', () => {
  it('bills uncached and cached input and output of each modality at its own rate', () => {
    // gpt-realtime-2.1-mini: text 0.6 / 0.06 / 2.4, audio 10 / 0.3 / 20 per 1M tokens.
    const expected = (57 * 0.6 + 92 * 10 + 256 * 0.06 + 384 * 0.3 + 9 * 2.4 + 23 * 20) / 1e6;
    expect(costOfUsage('gpt-realtime-2.1-mini', usage(RESPONSE))).toBeCloseTo(expected, 15);
  });

  it('prices dated snapshots as their model', () => {
    expect(priceOf('gpt-4o-mini-transcribe-2025-12-15')).toBe(PRICES['gpt-4o-mini-transcribe']);
  });

  it('bills transcription tokens: audio in, text out', () => {
    const u = usage({ type: 'tokens', total_tokens: 26, input_tokens: 16, input_token_details: { text_tokens: 0, audio_tokens: 16 }, output_tokens: 10 });
    expect(costOfUsage('gpt-4o-mini-transcribe', u)).toBeCloseTo((16 * 1.25 + 10 * 5) / 1e6, 15);
  });

  it('bills duration usage per minute', () => {
    expect(costOfUsage('whisper-1', usage({ type: 'duration', seconds: 30 }))).toBeCloseTo(0.003, 15);
  });

  it('leaves the cost blank for a model without a known price, never guessing', () => {
    expect(costOfUsage('gpt-realtime', usage(RESPONSE))).toBeNull();
    expect(costOfUsage('gpt-4o-realtime-preview-2025-06-03', usage(RESPONSE))).toBeNull();
  });

  it('leaves the cost blank when a kind of token was billed whose rate is unknown', () => {
    // gpt-realtime-mini's page lists text tokens only.
    expect(costOfUsage('gpt-realtime-mini', usage(RESPONSE))).toBeNull();
    const textOnly = usage({ input_tokens: 100, output_tokens: 10, input_token_details: { text_tokens: 100, audio_tokens: 0, cached_tokens: 0 }, output_token_details: { text_tokens: 10, audio_tokens: 0 } });
    expect(costOfUsage('gpt-realtime-mini', textOnly)).toBeCloseTo((100 * 0.6 + 10 * 2.4) / 1e6, 15);
    const prompted = usage({ type: 'tokens', input_tokens: 20, input_token_details: { text_tokens: 4, audio_tokens: 16 }, output_tokens: 5 });
    expect(costOfUsage('gpt-4o-transcribe', prompted)).toBeNull();
  });

  it('leaves the cost blank when cached tokens cannot be split by modality', () => {
    const noSplit = usage({ input_tokens: 100, output_tokens: 0, input_token_details: { text_tokens: 50, audio_tokens: 50, cached_tokens: 40 }, output_token_details: { text_tokens: 0, audio_tokens: 0 } });
    expect(costOfUsage('gpt-realtime-1.5', noSplit)).toBeNull();
  });

  it('states where every price comes from and when', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [model, price] of Object.entries(PRICES)) expect(price.source, model).toMatch(/^https:\/\/developers\.openai\.com\/api\/docs\/models\//);
  });
});
