/**
 * Long, similar reference/hypothesis texts whose word and character counts are known without
 * aligning them: the hypothesis is the reference with one isolated edit every few words, made of
 * the letter q, which no reference word contains.
 * - substitution: a word becomes as many q's (1 word substituted; its letters substituted, since
 *   a substitution costs less than a deletion and an insertion);
 * - deletion: a word is dropped (1 word; its letters and one space deleted, as the lengths force);
 * - insertion: "qqqq" is added after a word (1 word; 4 letters and a space inserted).
 * Twenty matching words between edits cost far more to shift than the edits, so no edit's
 * alignment can borrow from another's.
 */
import { createRng } from '../../src/metrics/stats.js';
import type { EditCounts } from '../../src/metrics/wer.js';

const VOCABULARY = 'the a and of to in is that it was for on are with as be at this have from or had by but not what all were we when your can said there use each which she do how their if will up other about out many then them these so some her would make like him into time has look more write go see number no way could people my than water been call who oil its now find long down day did get come made may part kitchen lights timer weather minutes please today tomorrow meeting'.split(' ');

const INSERTED = 'qqqq';

/** A long pair and the counts its edits make, in words and in characters. */
export interface LongTranscript {
  readonly reference: string;
  readonly hypothesis: string;
  readonly words: EditCounts;
  readonly characters: EditCounts;
}

interface Tally {
  s: number;
  d: number;
  i: number;
}

function counts(tally: Tally, refTokens: number): EditCounts {
  return { substitutions: tally.s, deletions: tally.d, insertions: tally.i, refTokens, hits: refTokens - tally.s - tally.d };
}

/** A transcript of at least `characters` characters with an edit every `every` words (seeded). */
export function longTranscript(characters: number, every = 20, seed = 7): LongTranscript {
  const rng = createRng(seed);
  const reference: string[] = [];
  const hypothesis: string[] = [];
  const wordTally: Tally = { s: 0, d: 0, i: 0 };
  const charTally: Tally = { s: 0, d: 0, i: 0 };
  let length = -1;
  for (let k = 0; length < characters; k++) {
    const word = VOCABULARY[Math.floor(rng() * VOCABULARY.length)] ?? 'the';
    reference.push(word);
    length += word.length + 1;
    const edit = k % every === every - 1 ? Math.floor(k / every) % 3 : -1;
    if (edit === 0) {
      hypothesis.push('q'.repeat(word.length));
      wordTally.s++;
      charTally.s += word.length;
    } else if (edit === 1) {
      wordTally.d++;
      charTally.d += word.length + 1;
    } else if (edit === 2) {
      hypothesis.push(word, INSERTED);
      wordTally.i++;
      charTally.i += INSERTED.length + 1;
    } else {
      hypothesis.push(word);
    }
  }
  return { reference: reference.join(' '), hypothesis: hypothesis.join(' '), words: counts(wordTally, reference.length), characters: counts(charTally, length) };
}
