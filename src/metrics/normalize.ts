/**
 * Text normalisers applied before WER/CER. Each has a version string that every report prints
 * and run.json stores, so that numbers from different normaliser versions are never compared
 * unknowingly. Raw texts are always kept beside the scores, so any run can be re-scored.
 * NOTE: change a normaliser's behaviour ⇒ bump its version (the sclite golden fixtures pin it).
 */
import { normalizeEnglish } from './normalize-english.js';
import { collapseSpaces, removeBracketed, removeSymbolsKeepMarks } from './text-clean.js';

/** A named, versioned text normaliser. */
export interface TextNormalizer {
  readonly name: NormalizerName;
  readonly version: string;
  normalize(text: string): string;
}

/** Names accepted by `--normalizer` and {@link getNormalizer}. */
export const NORMALIZER_NAMES = ['english', 'basic', 'none'] as const;

/** One of {@link NORMALIZER_NAMES}. */
export type NormalizerName = (typeof NORMALIZER_NAMES)[number];

/**
 * English, in the style of the Whisper / Open ASR Leaderboard normaliser: case, punctuation,
 * numbers and ordinals, contractions and titles, fillers, British→American spelling, hyphenated
 * compounds split, dotted acronyms joined.
 */
export const englishNormalizer: TextNormalizer = {
  name: 'english',
  version: 'rtbench-english/2',
  normalize: normalizeEnglish,
};

/**
 * Any language (Whisper's basic normaliser, marks kept): lower case, bracketed asides removed,
 * punctuation and symbols become spaces, letters, digits and combining marks of every script kept.
 */
export const basicNormalizer: TextNormalizer = {
  name: 'basic',
  version: 'rtbench-basic/2',
  normalize: (text) => collapseSpaces(removeSymbolsKeepMarks(removeBracketed(text.toLowerCase())).toLowerCase()),
};

/** No normalisation beyond splitting on white space (for texts normalised elsewhere). */
export const identityNormalizer: TextNormalizer = {
  name: 'none',
  version: 'none',
  normalize: collapseSpaces,
};

const BY_NAME: Readonly<Record<NormalizerName, TextNormalizer>> = {
  english: englishNormalizer,
  basic: basicNormalizer,
  none: identityNormalizer,
};

/** The normaliser of a name. */
export function getNormalizer(name: NormalizerName): TextNormalizer {
  return BY_NAME[name];
}

/** True when `name` is a normaliser name. */
export function isNormalizerName(name: string): name is NormalizerName {
  return (NORMALIZER_NAMES as readonly string[]).includes(name);
}

/** The normaliser for a language: English for `en`, `en-*` or unknown, basic otherwise. */
export function normalizerFor(language: string | null): TextNormalizer {
  return language === null || language === 'en' || language.startsWith('en-') ? englishNormalizer : basicNormalizer;
}

/** The distinct normaliser versions of a set of texts, sorted and comma-joined: what reports print. */
export function describeNormalizers(versions: readonly string[]): string {
  return [...new Set(versions)].sort().join(', ');
}

/** The normaliser versions that scoring items of these languages uses. */
export function normalizersForLanguages(languages: readonly (string | null)[]): string {
  return describeNormalizers(languages.length === 0 ? [englishNormalizer.version] : languages.map((l) => normalizerFor(l).version));
}
