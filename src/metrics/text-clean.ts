/**
 * Character-level cleaning shared by the normalisers: bracketed asides, symbols, diacritics.
 * Unicode categories decide (M marks, S symbols, P punctuation), as in Whisper's normalisers.
 */

/** Letters that NFKD does not split into a base letter and a mark. */
const ADDITIONAL_DIACRITICS: Readonly<Record<string, string>> = {
  œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', ß: 'ss', ẞ: 'SS',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'th', ł: 'l', Ł: 'L',
};

const NONSPACING_MARK = /^\p{Mn}$/u;
const MARK_SYMBOL_PUNCT = /^[\p{M}\p{S}\p{P}]$/u;
const SYMBOL_PUNCT = /^[\p{S}\p{P}]$/u;

/** Removes `[…]`, `<…>` and `(…)` asides (non-speech tags, annotations). */
export function removeBracketed(text: string): string {
  return text.replace(/[<[][^>\]]*[>\]]/g, '').replace(/\(([^)]+?)\)/g, '');
}

/**
 * Decomposes (NFKD), drops non-spacing marks (accents), spells out the few letters NFKD keeps
 * whole (æ → ae, ß → ss, …) and turns every other mark, symbol or punctuation into a space,
 * except the characters in `keep`.
 */
export function removeSymbolsAndDiacritics(text: string, keep = ''): string {
  let out = '';
  for (const c of text.normalize('NFKD')) {
    if (keep.includes(c)) out += c;
    else if (ADDITIONAL_DIACRITICS[c] !== undefined) out += ADDITIONAL_DIACRITICS[c];
    else if (NONSPACING_MARK.test(c)) continue;
    else out += MARK_SYMBOL_PUNCT.test(c) ? ' ' : c;
  }
  return out;
}

/**
 * Composes (NFKC) and turns symbols and punctuation into spaces, keeping letters, digits and the
 * combining marks that many scripts (Devanagari, Thai, Arabic vowel points…) spell words with.
 */
export function removeSymbolsKeepMarks(text: string): string {
  let out = '';
  for (const c of text.normalize('NFKC')) out += SYMBOL_PUNCT.test(c) ? ' ' : c;
  return out;
}

/** Runs of white space become one space; the ends are trimmed. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
