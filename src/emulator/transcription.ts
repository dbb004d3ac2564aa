import type { EmulatorContext } from './context.js';
import { profileFor, sampleLatency } from './profiles.js';
import { TOKENS } from './responder.js';

/**
 * Emits the input transcription of a committed item: deltas word by word after the model's
 * first-delta latency, then `completed` with usage (GA) — asynchronous to any response.
 */
export function transcribeItem(ctx: EmulatorContext, itemId: string, words: readonly string[], audioMs: number): void {
  const config = ctx.config();
  if (config.transcriptionModel === null) return;
  const profile = profileFor(ctx.profiles, config.transcriptionModel);
  let at = sampleLatency(profile.transcriptFirstDelta, ctx.rng);
  words.forEach((word, i) => {
    const delta = i === 0 ? word : ` ${word}`;
    ctx.later(at, () => {
      ctx.send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta });
    });
    at += sampleLatency(profile.transcriptDeltaGap, ctx.rng);
  });
  const transcript = words.join(' ');
  const audioTokens = Math.round((audioMs / 1000) * TOKENS.inputAudioPerSecond);
  const outputTokens = Math.ceil(words.length * TOKENS.textPerWord);
  const usage = { type: 'tokens', total_tokens: audioTokens + outputTokens, input_tokens: audioTokens, input_token_details: { text_tokens: 0, audio_tokens: audioTokens }, output_tokens: outputTokens };
  ctx.later(at, () => {
    ctx.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
      ...(config.protocol === 'ga' ? { usage } : {}),
    });
  });
}
