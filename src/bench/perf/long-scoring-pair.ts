import { createRng } from '../../metrics/stats.js';

/** A long reference/hypothesis pair, already normalised (lower case, single spaces). */
export interface LongScoringPair {
  readonly reference: string;
  readonly hypothesis: string;
}

const VOCABULARY = (
  'the a and of to in is that it was for on are with as be at this have from or one had by but not what all were we when your ' +
  'can said there use an each which she do how their if will up other about out many then them these so some her would make ' +
  'like him into time has look two more write go see number no way could people my than first water been call who oil its now ' +
  'find long down day did get come made may part kitchen lights timer weather minutes please today tomorrow meeting seven'
).split(' ');

/** Probabilities per reference word of a substitution, a deletion and an insertion after it. */
const SUBSTITUTION = 0.03;
const DELETION = 0.03;
const INSERTION = 0.03;

function pick(rng: () => number): string {
  return VOCABULARY[Math.floor(rng() * VOCABULARY.length)] ?? '';
}

/**
 * A seeded pair like a long session's transcript against its reference: the reference is
 * `characters` long (common words, so alignments have many ties), the hypothesis has about 9%
 * word errors (3% each of substitutions, deletions and insertions) spread over the whole text.
 */
export function longScoringPair(characters: number, seed = 20261207): LongScoringPair {
  const rng = createRng(seed);
  const reference: string[] = [];
  const hypothesis: string[] = [];
  let length = -1;
  while (length < characters) {
    const word = pick(rng);
    reference.push(word);
    length += word.length + 1;
    const r = rng();
    if (r < SUBSTITUTION) hypothesis.push(pick(rng));
    else if (r < SUBSTITUTION + DELETION) continue;
    else if (r < SUBSTITUTION + DELETION + INSERTION) hypothesis.push(word, pick(rng));
    else hypothesis.push(word);
  }
  return { reference: reference.join(' '), hypothesis: hypothesis.join(' ') };
}
