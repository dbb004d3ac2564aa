import { describe, expect, it } from 'vitest';
import { normalizeEnglishNumbers } from './english-numbers.js';
import { englishNormalizer } from './normalize.js';

// Expected outputs of Whisper's English number normaliser, as its own test suite states them
// (openai/whisper tests/test_normalizer.py). Both the number stage alone and the whole English
// normaliser must give them.
const WHISPER_CASES: readonly [string, string][] = [
  ['two', '2'], ['thirty one', '31'], ['five twenty four', '524'], ['nineteen ninety nine', '1999'], ['twenty nineteen', '2019'],
  ['two point five million', '2500000'], ['four point two billions', '4200000000s'], ['200 thousand', '200000'],
  ['200 thousand dollars', '$200000'], ['$20 million', '$20000000'], ['€52.4 million', '€52400000'], ['£77 thousands', '£77000s'],
  ['two double o eight', '2008'], ['three thousand twenty nine', '3029'], ['forty three thousand two hundred sixty', '43260'],
  ['forty three thousand two hundred and sixty', '43260'], ['nineteen fifties', '1950s'], ['thirty first', '31st'],
  ['thirty three thousand and three hundred and thirty third', '33333rd'], ['three billion', '3000000000'], ['millions', '1000000s'],
  ['july third twenty twenty', 'july 3rd 2020'], ['august twenty sixth twenty twenty one', 'august 26th 2021'], ['3 14', '3 14'],
  ['3.14', '3.14'], ['3 point 2', '3.2'], ['3 point 14', '3.14'], ['fourteen point 4', '14.4'], ['two point two five dollars', '$2.25'],
  ['two hundred million dollars', '$200000000'], ['$20.1 million', '$20100000'], ['ninety percent', '90%'], ['seventy six per cent', '76%'],
  ['double oh seven', '007'], ['double zero seven', '007'], ['nine one one', '911'], ['nine double one', '911'], ['one triple oh one', '10001'],
  ['two thousandth', '2000th'], ['thirty two thousandth', '32000th'], ['minus 500', '-500'], ['positive twenty thousand', '+20000'],
  ['two dollars and seventy cents', '$2.70'], ['3 cents', '¢3'], ['$0.36', '¢36'], ['three euros and sixty five cents', '€3.65'],
  ['three and a half million', '3500000'], ['forty eight and a half dollars', '$48.5'], ['b747', 'b 747'], ['10 th', '10th'], ['10th', '10th'],
];

describe('normalizeEnglishNumbers', () => {
  it.each(WHISPER_CASES)('number stage: %s → %s', (input, expected) => {
    expect(normalizeEnglishNumbers(input)).toBe(expected);
  });

  it.each(WHISPER_CASES)('whole English normaliser: %s → %s', (input, expected) => {
    expect(englishNormalizer.normalize(input)).toBe(expected);
  });

  it('keeps integers exact beyond 2^53', () => {
    expect(normalizeEnglishNumbers('nine quintillion')).toBe('9000000000000000000');
  });

  it('leaves words that are not numbers alone', () => {
    expect(normalizeEnglishNumbers('set a timer please')).toBe('set a timer please');
  });
});
