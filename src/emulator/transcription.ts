import type { EmulatorContext } from './context.js';
import { profileFor, sampleLatency } from './profiles.js';
import { TOKENS } from './responder.js';
import { applyWordErrors } from './word-errors.js';

/**
 * Emits the input transcription of a committed item, asynchronous to any response: the
 * reference words of the turn pass through the model's word error profile; `completed` comes
 * after the model's commit → completed latency, preceded by the deltas (one per word, or one
 * with the whole transcript), which end one delta gap before it. Usage follows the model
 * (tokens, or duration in whole seconds for whisper-1); beta events carry none.
 */
export function transcribeItem(ctx: EmulatorContext, itemId: string, referenceWords: readonly string[], audioMs: number, errorRng: () => number): void {
  const config = ctx.config();
  const model = config.transcriptionModel;
  if (model === null) return;
  const profile = profileFor(ctx.profiles, model);
  const words = applyWordErrors(referenceWords, profile.wordErrors, errorRng);
  const transcript = words.join(' ');
  const deltas = profile.transcriptDeltas === 'whole' ? (transcript === '' ? [] : [transcript]) : words.map((w, i) => (i === 0 ? w : ` ${w}`));
  const completedMs = sampleLatency(profile.transcriptCompleted, ctx.rng);
  const gaps = deltas.map(() => sampleLatency(profile.transcriptDeltaGap, ctx.rng));
  let at = Math.max(0, completedMs - gaps.reduce((sum, g) => sum + g, 0));
  const startedMs = ctx.now();
  deltas.forEach((delta, i) => {
    const plannedMs = at;
    ctx.later(plannedMs, () => {
      ctx.send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta });
      if (i === 0) ctx.log({ event: 'injected', stage: 'transcript_first_delta', item_id: itemId, planned_ms: plannedMs, actual_ms: ctx.now() - startedMs });
    });
    at += gaps[i] ?? 0;
  });
  const audioTokens = Math.round((audioMs / 1000) * TOKENS.inputAudioPerSecond);
  const outputTokens = Math.ceil(words.length * TOKENS.textPerWord);
  const usage =
    profile.transcriptUsage === 'duration'
      ? { type: 'duration', seconds: Math.max(1, Math.ceil(audioMs / 1000)) }
      : { type: 'tokens', total_tokens: audioTokens + outputTokens, input_tokens: audioTokens, input_token_details: { text_tokens: 0, audio_tokens: audioTokens }, output_tokens: outputTokens };
  ctx.later(completedMs, () => {
    ctx.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript, ...(config.protocol === 'ga' ? { usage } : {}) });
    ctx.log({ event: 'injected', stage: 'transcript_completed', item_id: itemId, planned_ms: completedMs, actual_ms: ctx.now() - startedMs });
  });
}
