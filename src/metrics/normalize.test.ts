import { describe, expect, it } from 'vitest';
import { BRITISH_TO_AMERICAN } from './english-spelling.js';
import { basicNormalizer, englishNormalizer, getNormalizer, identityNormalizer, normalizerFor, normalizersForLanguages } from './normalize.js';

const en = (text: string): string => englishNormalizer.normalize(text);
const basic = (text: string): string => basicNormalizer.normalize(text);

describe('English normaliser, one behaviour each', () => {
  it('lower-cases', () => expect(en('Turn ON the Kitchen Lights')).toBe('turn on the kitchen lights'));
  it('removes punctuation', () => expect(en('Yes. No! Okay? "Stop," she said; wait: now')).toBe('yes no okay stop she said wait now'));
  it('removes bracketed and parenthesised asides', () => expect(en('hello [noise] there (laughs) <unk> friend')).toBe('hello there friend'));
  it('removes fillers', () => expect(en('um so uh I mean hmm mm mhm yes')).toBe('so i mean yes'));
  it('expands contractions', () => expect(en("I can't, we won't, they're, you've, I'll, I'm")).toBe('i can not we will not they are you have i will i am'));
  it("reads 's as is, and as has before been/got", () => expect(en("he's here, she's been there, it's got")).toBe('he is here she has been there it has got'));
  it('expands informal forms', () => expect(en("gonna wanna gotta y'all")).toBe('going to want to got to you all'));
  it('expands titles', () => expect(en('Dr. Smith met Mrs. Jones and Capt. Kirk')).toBe('doctor smith met missus jones and captain kirk'));
  it('writes spelled-out numbers as digits', () => expect(en('set a timer for ten minutes')).toBe('set a timer for 10 minutes'));
  it('writes ordinals as digits with their suffix', () => expect(en('the twenty first of May')).toBe('the 21st of may'));
  it('removes commas inside numbers', () => expect(en('1,000,000 people')).toBe('1000000 people'));
  it('keeps decimal points', () => expect(en('pi is 3.14.')).toBe('pi is 3.14'));
  it('writes currencies and percentages as symbols', () => expect(en('twenty dollars and fifty percent')).toBe('$20 and 50%'));
  it('makes British spellings American', () => expect(en('The colour of the theatre is grey')).toBe('the color of the theater is gray'));
  it('splits hyphenated compounds into words', () => expect(en('a well-known state-of-the-art app')).toBe('a well known state of the art app'));
  it('joins number compounds written with hyphens', () => expect(en('twenty-one guns')).toBe('21 guns'));
  it('joins dotted acronyms', () => expect(en('The U.S.A. and the U.K.')).toBe('the usa and the uk'));
  it('drops ellipses', () => expect(en('well... I think so...')).toBe('well i think so'));
  it('removes diacritics', () => expect(en('Café naïve façade Ærø')).toBe('cafe naive facade aero'));
  it('collapses white space', () => expect(en('  a\t\tb \n c  ')).toBe('a b c'));
  it('turns an empty or silent text into the empty string', () => {
    expect(en('')).toBe('');
    expect(en('[silence] ... um')).toBe('');
  });
  it('reads typographic apostrophes as straight ones', () => expect(en('don’t ‘cause')).toBe('do not cause'));
});

describe('basic (multilingual) normaliser, one behaviour each', () => {
  it('lower-cases', () => expect(basic('Guten Tag, Welt')).toBe('guten tag welt'));
  it('keeps diacritics', () => expect(basic('Ça va très bien')).toBe('ça va très bien'));
  it('keeps the combining marks that spell words', () => expect(basic('नमस्ते दुनिया')).toBe('नमस्ते दुनिया'));
  it('removes bracketed asides', () => expect(basic('hola [ruido] amigo')).toBe('hola amigo'));
  it('turns punctuation and symbols into spaces', () => expect(basic('¿Qué? ¡Sí!—no… 50€')).toBe('qué sí no 50'));
  it('folds compatibility forms (NFKC)', () => expect(basic('ｆｕｌｌ ﬁne')).toBe('full fine'));
});

describe('normaliser registry', () => {
  it('has a version string per normaliser', () => {
    expect(englishNormalizer.version).toBe('rtbench-english/2');
    expect(basicNormalizer.version).toBe('rtbench-basic/2');
    expect(identityNormalizer.version).toBe('none');
  });
  it('picks English for en, en-* and unknown languages, basic otherwise', () => {
    expect(normalizerFor('en')).toBe(englishNormalizer);
    expect(normalizerFor('en-GB')).toBe(englishNormalizer);
    expect(normalizerFor(null)).toBe(englishNormalizer);
    expect(normalizerFor('de')).toBe(basicNormalizer);
  });
  it('finds normalisers by name', () => expect(getNormalizer('none').normalize(' A  b ')).toBe('A b'));
  it('carries the British→American table over whole', () => {
    expect(BRITISH_TO_AMERICAN.size).toBe(1738);
    expect(BRITISH_TO_AMERICAN.get('mobilisation')).toBe('mobilization');
    expect(BRITISH_TO_AMERICAN.get('cancelation')).toBe('cancellation');
  });
});

describe('normalizersForLanguages', () => {
  it('lists each normaliser version a corpus uses once, sorted', () => {
    expect(normalizersForLanguages(['en', null, 'en-US'])).toBe('rtbench-english/2');
    expect(normalizersForLanguages(['fr', 'en', 'de'])).toBe('rtbench-basic/2, rtbench-english/2');
    expect(normalizersForLanguages([])).toBe('rtbench-english/2');
  });
});
