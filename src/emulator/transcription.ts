import type { EmulatorContext } from './context.js';
import { TOKENS } from './conversation/usage.js';
import { profileFor, sampleLatency } from './profiles.js';
import { LOGPROBS_INCLUDE } from './session-fields.js';
import { applyWordErrors } from './word-errors.js';

/** One token's log probability, as `include: ["item.input_audio_transcription.logprobs"]` adds them. */
export interface LogProb {
  readonly token: string;
  readonly logprob: number;
  readonly bytes: number[];
}

/**
 * Log probabilities for the words of a transcript, one token per word (with its leading
 * space): a reference word the model kept is likely (−0.005…−0.2), a word it substituted or
 * inserted is not (−0.7…−2.7), so that confidence tracks the emulated errors.
 */
export function logprobsFor(words: readonly string[], reference: readonly string[], rng: () => number): LogProb[] {
  const expected = new Set(reference.map((w) => w.toLowerCase()));
  return words.map((word, i) => {
    const token = i === 0 ? word : ` ${word}`;
    const kept = expected.has(word.toLowerCase());
    const logprob = kept ? -(0.005 + rng() * 0.195) : -(0.7 + rng() * 2);
    return { token, logprob: Math.round(logprob * 10_000) / 10_000, bytes: [...Buffer.from(token, 'utf8')] };
  });
}

/**
 * Emits the input transcription of a committed item, asynchronous to any response: the
 * reference words of the turn pass through the model's word error profile; `completed` comes
 * after the model's commit → completed latency, preceded by the deltas (one per word, or one
 * with the whole transcript), which end one delta gap before it. Usage follows the model
 * (tokens, or duration in whole seconds for whisper-1). `onCompleted` runs just before
 * `completed` goes out (the item's transcript is known from then on).
 */
export function transcribeItem(ctx: EmulatorContext, itemId: string, referenceWords: readonly string[], audioMs: number, errorRng: () => number, onCompleted: (transcript: string) => void): void {
  const config = ctx.config();
  const model = config.transcription?.model;
  if (model === undefined) return;
  const profile = profileFor(ctx.profiles, model);
  const words = applyWordErrors(referenceWords, profile.wordErrors, errorRng);
  const transcript = words.join(' ');
  const withLogprobs = config.include?.includes(LOGPROBS_INCLUDE) === true;
  const logprobs = withLogprobs ? logprobsFor(words, referenceWords, errorRng) : [];
  const deltas = profile.transcriptDeltas === 'whole' ? (transcript === '' ? [] : [{ delta: transcript, logprobs }]) : words.map((w, i) => ({ delta: i === 0 ? w : ` ${w}`, logprobs: logprobs.slice(i, i + 1) }));
  const completedMs = sampleLatency(profile.transcriptCompleted, ctx.rng);
  const gaps = deltas.map(() => sampleLatency(profile.transcriptDeltaGap, ctx.rng));
  let at = Math.max(0, completedMs - gaps.reduce((sum, g) => sum + g, 0));
  const startedMs = ctx.now();
  deltas.forEach(({ delta, logprobs: lp }, i) => {
    const plannedMs = at;
    ctx.later(plannedMs, () => {
      ctx.send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta, ...(withLogprobs ? { logprobs: lp } : {}) });
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
    onCompleted(transcript);
    ctx.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript, ...(withLogprobs ? { logprobs } : {}), usage });
    ctx.log({ event: 'injected', stage: 'transcript_completed', item_id: itemId, planned_ms: completedMs, actual_ms: ctx.now() - startedMs });
  });
}
