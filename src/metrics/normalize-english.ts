import { BRITISH_TO_AMERICAN } from './english-spelling.js';
import { normalizeEnglishNumbers } from './english-numbers.js';
import { collapseSpaces, removeBracketed, removeSymbolsAndDiacritics } from './text-clean.js';

/**
 * The English normaliser, in the style of Whisper's `EnglishTextNormalizer` (openai/whisper) as
 * the Hugging Face Open ASR Leaderboard uses it: lower case; typographic apostrophes made straight; bracketed and parenthesised asides
 * removed; fillers (hmm, mm, mhm, mmm, uh, um) removed; contractions and titles expanded; dotted
 * acronyms joined (u.s.a. → usa) and ellipses dropped (the Leaderboard's additions); punctuation,
 * symbols and diacritics removed, hyphenated compounds split into words; spelled-out numbers,
 * ordinals, currencies and percentages written as digits; British spellings made American.
 */

const FILLERS = /\b(hmm|mm|mhm|mmm|uh|um)\b/g;

/** Applied in order. */
const REPLACERS: readonly (readonly [RegExp, string])[] = [
  // common contractions
  [/\bwon't\b/g, 'will not'], [/\bcan't\b/g, 'can not'], [/\blet's\b/g, 'let us'], [/\bain't\b/g, 'aint'],
  [/\by'all\b/g, 'you all'], [/\bwanna\b/g, 'want to'], [/\bgotta\b/g, 'got to'], [/\bgonna\b/g, 'going to'],
  [/\bi'ma\b/g, 'i am going to'], [/\bimma\b/g, 'i am going to'], [/\bwoulda\b/g, 'would have'],
  [/\bcoulda\b/g, 'could have'], [/\bshoulda\b/g, 'should have'], [/\bma'am\b/g, 'madam'],
  // titles and other abbreviations
  [/\bmr\b/g, 'mister '], [/\bmrs\b/g, 'missus '], [/\bst\b/g, 'saint '], [/\bdr\b/g, 'doctor '],
  [/\bprof\b/g, 'professor '], [/\bcapt\b/g, 'captain '], [/\bgov\b/g, 'governor '], [/\bald\b/g, 'alderman '],
  [/\bgen\b/g, 'general '], [/\bsen\b/g, 'senator '], [/\brep\b/g, 'representative '], [/\bpres\b/g, 'president '],
  [/\brev\b/g, 'reverend '], [/\bhon\b/g, 'honorable '], [/\basst\b/g, 'assistant '], [/\bassoc\b/g, 'associate '],
  [/\blt\b/g, 'lieutenant '], [/\bcol\b/g, 'colonel '], [/\bjr\b/g, 'junior '], [/\bsr\b/g, 'senior '],
  [/\besq\b/g, 'esquire '],
  // perfect tenses
  [/'d been\b/g, ' had been'], [/'s been\b/g, ' has been'], [/'d gone\b/g, ' had gone'], [/'s gone\b/g, ' has gone'],
  [/'d done\b/g, ' had done'], [/'s got\b/g, ' has got'],
  // general contractions
  [/n't\b/g, ' not'], [/'re\b/g, ' are'], [/'s\b/g, ' is'], [/'d\b/g, ' would'], [/'ll\b/g, ' will'],
  [/'t\b/g, ' not'], [/'ve\b/g, ' have'], [/'m\b/g, ' am'],
];

/** u.s.a. → usa, a.b.c.s → abcs, e.g. → eg (the Open ASR Leaderboard's acronym rules). */
const ACRONYMS: readonly (readonly [RegExp, string])[] = [
  [/\b([a-z])\.([a-z])\.([a-z])\.s\b/g, '$1$2$3s'],
  [/\b([a-z])\.([a-z])\.([a-z])\.([a-z])\.?\b/g, '$1$2$3$4'],
  [/\b([a-z])\.([a-z])\.([a-z])\.?\b/g, '$1$2$3'],
  [/\b([a-z])\.([a-z])\.?\b/g, '$1$2'],
  [/\b([a-z])\.\s+([a-z])\.\s+([a-z])\.\s+([a-z])\.\b/g, '$1$2$3$4'],
  [/\b([a-z])\.\s+([a-z])\.\s+([a-z])\.\b/g, '$1$2$3'],
  [/\b([a-z])\.\s+([a-z])\.\b/g, '$1$2'],
  [/\b([a-z])\.([a-z])\.([a-z])\.'s\b/g, '$1$2$3s'],
];

function replaceAll(text: string, rules: readonly (readonly [RegExp, string])[]): string {
  return rules.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

function americanSpelling(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => BRITISH_TO_AMERICAN.get(word) ?? word)
    .join(' ');
}

/** Normalises English text for WER. Pure and deterministic. */
export function normalizeEnglish(text: string): string {
  // Typographic apostrophes read as straight ones, so that "don’t" expands like "don't".
  let s = text.toLowerCase().replace(/[’‘]/g, "'");
  s = s.replace(/\.{3,}\s*$/, '').replace(/\s*\.{3,}\s*/g, ' ');
  s = removeBracketed(s).replace(FILLERS, '').replace(/\s+'/g, "'");
  s = replaceAll(s, ACRONYMS);
  s = replaceAll(s, REPLACERS);
  // Commas inside numbers go; periods stay only as decimal points.
  s = s.replace(/(\d),(\d)/g, '$1$2').replace(/\.([^0-9]|$)/g, ' $1');
  s = removeSymbolsAndDiacritics(s, '.%$¢€£');
  s = americanSpelling(normalizeEnglishNumbers(s));
  // Currency and percent signs stick to their numbers; elsewhere they go.
  s = s.replace(/([$¢€£])\s+([0-9])/g, '$1$2').replace(/([0-9])\s+%/g, '$1%');
  s = s.replace(/[.$¢€£]([^0-9])/g, ' $1').replace(/([^0-9])%/g, '$1 ');
  return collapseSpaces(s);
}
