/**
 * Text normalisers applied before WER/CER. Each has a version string that every report prints,
 * so that numbers from different normaliser versions are never compared unknowingly.
 */

/** A named, versioned text normaliser. */
export interface TextNormalizer {
  readonly name: string;
  readonly version: string;
  normalize(text: string): string;
}

const FILLERS = new Set(['hmm', 'mm', 'mhm', 'mmm', 'uh', 'um', 'er', 'ah', 'eh', 'uhm', 'erm']);

const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\blet's\b/g, 'let us'],
  [/\bain't\b/g, 'aint'],
  [/\by'all\b/g, 'you all'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
];

/** Lower-cases, drops punctuation and bracketed asides, keeps letters and digits of every script. */
function basicClean(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[[(<][^\])>]*[\])>]/g, ' ')
    .replace(/[^\p{L}\p{N}\p{M}'\s-]/gu, ' ')
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Basic normaliser for any language: case, punctuation, white space. */
export const basicNormalizer: TextNormalizer = {
  name: 'basic',
  version: 'rtbench-basic/1',
  normalize: (text) => basicClean(text).replace(/-/g, ' ').replace(/\s+/g, ' ').trim(),
};

/** English normaliser in the style of Whisper's: case, punctuation, contractions, fillers, hyphens. */
export const englishNormalizer: TextNormalizer = {
  name: 'english',
  version: 'rtbench-english/1',
  normalize(text) {
    let t = basicClean(text.replace(/[’‘`]/g, "'"));
    for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
    t = t.replace(/'s\b/g, 's').replace(/'/g, '').replace(/-/g, ' ');
    return t
      .split(/\s+/)
      .filter((word) => word !== '' && !FILLERS.has(word))
      .join(' ');
  },
};

/** The normaliser for a language: English for `en` or unknown, basic otherwise. */
export function normalizerFor(language: string | null): TextNormalizer {
  return language === null || language === 'en' || language.startsWith('en-') ? englishNormalizer : basicNormalizer;
}
