import type { ExpectedToolCall } from '../corpus/manifest.js';
import type { ScriptTurn } from './script.js';
import { createWordPlan, type ReferenceHint } from './transcriber.js';

/** What one committed turn said, by the transcript source. */
export interface TurnText {
  /** The reference words of the turn (the model's word errors are applied later). */
  readonly words: readonly string[];
  /** The tool call the turn's item expects, on the turn that ends the item. */
  readonly expectedCall: ExpectedToolCall | null;
}

/**
 * Where a session's transcripts come from (no speech recogniser runs offline): the reference
 * hint the harness sends, a script (`rtbench serve --script`), the corpus item recognised from
 * the audio (`--corpus`, recognise.ts), or nowhere (empty transcripts).
 */
export interface TranscriptSource {
  readonly kind: 'hint' | 'script' | 'corpus' | 'none';
  /** Audio as the session receives it (PCM16 at `rateHz`); only recognition needs it. */
  onAudio(samples: Int16Array, rateHz: number): void;
  /** The words of a turn whose speech covered `startMs`…`endMs` of the session's audio. */
  take(startMs: number, endMs: number): TurnText;
  /** semantic_vad: whether the words spoken before `speechEndMs` end an utterance (null: cannot tell). */
  utteranceComplete(speechEndMs: number): boolean | null;
}

const NOTHING: TurnText = { words: [], expectedCall: null };

/** No transcripts: every turn is empty. */
export const NO_TRANSCRIPTS: TranscriptSource = { kind: 'none', onAudio: () => undefined, take: () => NOTHING, utteranceComplete: () => null };

/** Transcripts from the harness's reference hint; its tool call goes with the turn that takes the last word. */
export function hintSource(hint: ReferenceHint): TranscriptSource {
  const plan = createWordPlan(hint);
  let called = false;
  return {
    kind: 'hint',
    onAudio: () => undefined,
    take(startMs, endMs) {
      const words = plan.take(startMs, endMs);
      const ends = !called && plan.done();
      if (ends) called = true;
      return { words, expectedCall: ends ? (hint.toolCall ?? null) : null };
    },
    utteranceComplete: (speechEndMs) => plan.utteranceComplete(speechEndMs),
  };
}

/** Transcripts from a script: turn n of the session says line n (nothing once the script runs out). */
export function scriptSource(turns: readonly ScriptTurn[]): TranscriptSource {
  let next = 0;
  return {
    kind: 'script',
    onAudio: () => undefined,
    take() {
      const turn = turns[next++];
      if (turn === undefined) return NOTHING;
      return { words: turn.text.split(/\s+/).filter((w) => w !== ''), expectedCall: turn.expectedToolCall };
    },
    utteranceComplete: () => null,
  };
}
