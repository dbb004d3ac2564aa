import type { WordErrorRates } from './profiles.js';

/**
 * Applies a model's word error profile to reference words, so that emulated models differ in
 * WER the way their profiles say. Per reference word: deleted with probability `deletion`,
 * otherwise replaced by a different word with probability `substitution / (1 − deletion)`
 * (so `substitution` of all words are substituted); after every reference word a word is
 * inserted with probability `insertion`. The expected WER is the sum of the three rates (the
 * minimal alignment can find a slightly cheaper path where errors touch).
 */

/**
 * Replacement and insertion words: common words no normaliser drops (no fillers, no numbers,
 * no contractions), so every applied error stays an error after normalisation.
 */
const VOCABULARY = [
  'house', 'river', 'paper', 'garden', 'window', 'market', 'yellow', 'ticket', 'pocket', 'silver', 'orange', 'doctor', 'finger', 'basket', 'circle', 'forest',
  'bridge', 'castle', 'engine', 'island', 'letter', 'mirror', 'pencil', 'rabbit', 'saddle', 'tunnel', 'velvet', 'wonder', 'anchor', 'button', 'candle', 'dinner',
];

/** The comparable form of a word: lower case, letters and digits only. */
function bare(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function pick(rng: () => number, avoid: string): string {
  for (;;) {
    const word = VOCABULARY[Math.floor(rng() * VOCABULARY.length)] ?? 'house';
    if (word !== bare(avoid)) return word;
  }
}

/** Keeps the reference word's trailing punctuation on its replacement ("lights." → "river."). */
function substitute(word: string, rng: () => number): string {
  const tail = /[^\p{L}\p{N}]+$/u.exec(word)?.[0] ?? '';
  return pick(rng, word) + tail;
}

/** The words a model with these error rates would return for `reference`. */
export function applyWordErrors(reference: readonly string[], rates: WordErrorRates, rng: () => number): string[] {
  const out: string[] = [];
  const substituteGivenKept = rates.deletion >= 1 ? 0 : rates.substitution / (1 - rates.deletion);
  for (const word of reference) {
    if (rng() < rates.deletion) {
      // deleted
    } else if (rng() < substituteGivenKept) out.push(substitute(word, rng));
    else out.push(word);
    if (rng() < rates.insertion) out.push(pick(rng, word));
  }
  return out;
}

/** A seed from text (FNV-1a), so that the same item and model get the same errors in every run. */
export function seedFrom(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
