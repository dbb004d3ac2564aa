import { describe, expect, it } from 'vitest';
import { fullMatrixAlignment } from '../../test/helpers/full-matrix-alignment.js';
import { longTranscript } from '../../test/helpers/long-transcript.js';
import { englishNormalizer } from './normalize.js';
import { scoreTranscript } from './score-transcript.js';
import { alignCounts, characters, countOps, words } from './wer.js';

describe('scoring long transcripts', () => {
  it('the test transcripts have the counts their construction says (checked on a short one against the full table)', () => {
    const short = longTranscript(3_000, 20, 11);
    expect(countOps(fullMatrixAlignment(words(short.reference), words(short.hypothesis)).ops)).toEqual(short.words);
    expect(countOps(fullMatrixAlignment(characters(short.reference), characters(short.hypothesis)).ops)).toEqual(short.characters);
    expect(countOps(fullMatrixAlignment(characters(short.reference), characters(short.hypothesis), 'unit').ops)).toEqual(short.characters);
  });

  it('scores a 2.5-hour transcript (110 000 characters, 23 000 words; the full table would need 12 GB) with exact counts', () => {
    const long = longTranscript(110_000);
    expect(long.characters.refTokens).toBeGreaterThanOrEqual(110_000);
    expect(englishNormalizer.normalize(long.reference)).toBe(long.reference);
    expect(englishNormalizer.normalize(long.hypothesis)).toBe(long.hypothesis);
    const score = scoreTranscript(long.reference, long.hypothesis);
    expect(score.characters).toEqual(long.characters);
    const { ops, ...wordCounts } = score.words;
    expect(wordCounts).toEqual(long.words);
    expect(ops).toHaveLength(long.words.refTokens + long.words.insertions);
  });

  it('counts the same with unit costs', () => {
    const long = longTranscript(40_000, 20, 3);
    expect(alignCounts(characters(long.reference), characters(long.hypothesis), { costs: 'unit' })).toEqual(long.characters);
  });
});
