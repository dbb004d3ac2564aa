import { getNormalizer, isNormalizerName, normalizerFor, type NormalizerName, type TextNormalizer } from './normalize.js';
import { alignCounts, alignTokens, characters, errorRate, sumCounts, words, type AlignCosts, type Alignment, type EditCounts } from './wer.js';

/** Options of {@link scoreTranscript}. */
export interface ScoreTranscriptOptions {
  /**
   * A normaliser name (`english`, `basic`, `none`) or an object of your own. When absent, the
   * language decides: English for `en`/`en-*`/unknown, basic otherwise.
   */
  readonly normalizer?: NormalizerName | TextNormalizer;
  /**
   * BCP-47 language of the texts; picks the normaliser when none is given.
   * @default null
   */
  readonly language?: string | null;
  /**
   * Alignment costs: `sclite` (S 4, I 3, D 3; NIST sclite's counts) or `unit` (edit distance).
   * @default 'sclite'
   */
  readonly costs?: AlignCosts;
}

/** WER and CER of one reference/hypothesis pair, with the word alignment. */
export interface TranscriptScore {
  readonly reference: string;
  readonly hypothesis: string;
  readonly normalizedReference: string;
  readonly normalizedHypothesis: string;
  /** Version of the normaliser used, e.g. `rtbench-english/2`. */
  readonly normalizer: string;
  /** (S + D + I) / N over words; with an empty reference, the number of inserted words. */
  readonly wer: number;
  /** The same over characters (code points, single spaces between words included). */
  readonly cer: number;
  /** Word counts and the alignment itself. */
  readonly words: Alignment;
  readonly characters: EditCounts;
}

/** Pooled scores of many pairs: Σ errors / Σ reference words (and characters). */
export interface TranscriptsScore {
  readonly normalizer: string;
  readonly costs: AlignCosts;
  readonly wer: number;
  readonly cer: number;
  readonly words: EditCounts;
  readonly characters: EditCounts;
  readonly utterances: readonly TranscriptScore[];
}

function resolveNormalizer(options: ScoreTranscriptOptions): TextNormalizer {
  const chosen = options.normalizer;
  if (chosen === undefined) return normalizerFor(options.language ?? null);
  if (typeof chosen === 'string') {
    if (!isNormalizerName(chosen)) throw new TypeError(`unknown normalizer "${String(chosen)}": use english, basic or none`);
    return getNormalizer(chosen);
  }
  return chosen;
}

/**
 * Scores one hypothesis against its reference: normalises both (raw texts are kept in the
 * result), aligns words and characters, and returns WER, CER, the S/D/I counts and the alignment.
 * An empty reference counts every hypothesis word as an insertion.
 *
 * @example scoreTranscript('Turn on the lights.', 'turn of the light').wer // 0.5
 */
export function scoreTranscript(reference: string, hypothesis: string, options: ScoreTranscriptOptions = {}): TranscriptScore {
  const normalizer = resolveNormalizer(options);
  const align = { costs: options.costs ?? 'sclite' } as const;
  const normalizedReference = normalizer.normalize(reference);
  const normalizedHypothesis = normalizer.normalize(hypothesis);
  const wordAlignment = alignTokens(words(normalizedReference), words(normalizedHypothesis), align);
  const charCounts = alignCounts(characters(normalizedReference), characters(normalizedHypothesis), align);
  return {
    reference,
    hypothesis,
    normalizedReference,
    normalizedHypothesis,
    normalizer: normalizer.version,
    wer: errorRate(wordAlignment),
    cer: errorRate(charCounts),
    words: wordAlignment,
    characters: charCounts,
  };
}

/** Scores many pairs with one normaliser and pools them (Σ errors / Σ reference tokens). */
export function scoreTranscripts(pairs: readonly { readonly reference: string; readonly hypothesis: string }[], options: ScoreTranscriptOptions = {}): TranscriptsScore {
  const normalizer = resolveNormalizer(options);
  const utterances = pairs.map((p) => scoreTranscript(p.reference, p.hypothesis, { ...options, normalizer }));
  const wordTotals = sumCounts(utterances.map((u) => u.words));
  const charTotals = sumCounts(utterances.map((u) => u.characters));
  return {
    normalizer: normalizer.version,
    costs: options.costs ?? 'sclite',
    wer: errorRate(wordTotals),
    cer: errorRate(charTotals),
    words: wordTotals,
    characters: charTotals,
    utterances,
  };
}
