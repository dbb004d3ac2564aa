/**
 * Usage as the service reports it, read in the detail that pricing needs: `response.done`
 * `response.usage` and the GA `conversation.item.input_audio_transcription.completed` `usage`
 * (REALTIME.md §9). Missing details stay null (unknown), never 0, so that cost can tell
 * "none used" from "not reported".
 */

/** One usage report. Token counts are totals; the cached counts are part of them. */
export interface BilledUsage {
  /** `tokens`, or `duration` (billed per second of audio, e.g. whisper-1). */
  readonly kind: 'tokens' | 'duration';
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly inputTextTokens: number | null;
  readonly inputAudioTokens: number | null;
  readonly inputImageTokens: number | null;
  readonly cachedTokens: number;
  readonly cachedTextTokens: number | null;
  readonly cachedAudioTokens: number | null;
  readonly outputTextTokens: number | null;
  readonly outputAudioTokens: number | null;
  readonly seconds: number;
}

type Raw = Record<string, unknown>;

function obj(value: unknown): Raw | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Reads a usage object of either shape; null when it is absent or not an object. */
export function readUsage(value: unknown): BilledUsage | null {
  const usage = obj(value);
  if (usage === null) return null;
  const input = obj(usage.input_token_details);
  const cached = obj(input?.cached_tokens_details);
  const output = obj(usage.output_token_details);
  const seconds = count(usage.seconds);
  return {
    kind: usage.type === 'duration' || (seconds !== null && usage.input_tokens === undefined) ? 'duration' : 'tokens',
    inputTokens: count(usage.input_tokens) ?? 0,
    outputTokens: count(usage.output_tokens) ?? 0,
    inputTextTokens: count(input?.text_tokens),
    inputAudioTokens: count(input?.audio_tokens),
    inputImageTokens: count(input?.image_tokens),
    cachedTokens: count(input?.cached_tokens) ?? 0,
    cachedTextTokens: count(cached?.text_tokens),
    cachedAudioTokens: count(cached?.audio_tokens),
    outputTextTokens: count(output?.text_tokens),
    outputAudioTokens: count(output?.audio_tokens),
    seconds: seconds ?? 0,
  };
}
