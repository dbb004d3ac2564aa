import { describe, expect, it } from 'vitest';
import { createRng } from '../metrics/stats.js';
import { englishNormalizer } from '../metrics/normalize.js';
import { alignTokens } from '../metrics/wer.js';
import { DEFAULT_PROFILES, profileFor } from './profiles.js';
import { applyWordErrors, seedFrom } from './word-errors.js';

const SENTENCES = [
  'Please turn on the kitchen lights.',
  'What is the weather like in Boston today?',
  'Set a timer for ten minutes.',
  'Remind me to call the dentist tomorrow morning.',
  'Can you book a table for two people tonight?',
  'I would like to hear some relaxing music.',
];

/** Pooled WER of a model's profile over `sentences` sentences, scored by the harness's own metric. */
function measuredWer(model: string, sentences: number, seed: number): { wer: number; subs: number; dels: number; ins: number; words: number } {
  const rates = profileFor(DEFAULT_PROFILES, model).wordErrors;
  const rng = createRng(seed);
  let subs = 0;
  let dels = 0;
  let ins = 0;
  let words = 0;
  for (let i = 0; i < sentences; i++) {
    const ref = SENTENCES[i % SENTENCES.length] ?? '';
    const hyp = applyWordErrors(ref.split(' '), rates, rng).join(' ');
    const a = alignTokens(englishNormalizer.normalize(ref).split(' '), englishNormalizer.normalize(hyp).split(' ').filter((w) => w !== ''));
    subs += a.substitutions;
    dels += a.deletions;
    ins += a.insertions;
    words += a.refTokens;
  }
  return { wer: (subs + dels + ins) / words, subs: subs / words, dels: dels / words, ins: ins / words, words };
}

describe('applyWordErrors', () => {
  it('gives the WER each default profile promises, over 40 000 words (seeded)', () => {
    for (const model of ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1']) {
      const rates = profileFor(DEFAULT_PROFILES, model).wordErrors;
      const promised = rates.substitution + rates.deletion + rates.insertion;
      const m = measuredWer(model, 6000, 7);
      expect(m.words).toBeGreaterThan(40_000);
      // Binomial standard error at these rates and sizes is about 0.0009; allow 4 of them.
      expect(Math.abs(m.wer - promised), model).toBeLessThan(0.0036);
      expect(Math.abs(m.subs - rates.substitution), model).toBeLessThan(0.003);
      expect(Math.abs(m.dels - rates.deletion), model).toBeLessThan(0.003);
      expect(Math.abs(m.ins - rates.insertion), model).toBeLessThan(0.003);
    }
  });

  it('ranks the models as their profiles do', () => {
    const wer = (model: string): number => measuredWer(model, 3000, 11).wer;
    expect(wer('gpt-4o-transcribe')).toBeLessThan(wer('gpt-4o-mini-transcribe'));
    expect(wer('gpt-4o-mini-transcribe')).toBeLessThan(wer('whisper-1'));
  });

  it('reaches high rates too, and leaves a perfect profile untouched', () => {
    const rng = createRng(3);
    const ref = 'the quick brown fox jumps over the lazy dog today'.split(' ');
    expect(applyWordErrors(ref, { substitution: 0, deletion: 0, insertion: 0 }, rng)).toEqual(ref);
    let errors = 0;
    let words = 0;
    for (let i = 0; i < 2000; i++) {
      const a = alignTokens(ref, applyWordErrors(ref, { substitution: 0.2, deletion: 0.1, insertion: 0.05 }, rng));
      errors += a.substitutions + a.deletions + a.insertions;
      words += a.refTokens;
    }
    expect(errors / words).toBeGreaterThan(0.3);
    expect(errors / words).toBeLessThan(0.36);
  });

  it('is deterministic for one seed and differs between seeds', () => {
    const ref = SENTENCES.join(' ').split(' ');
    const rates = { substitution: 0.2, deletion: 0.1, insertion: 0.1 };
    const a = applyWordErrors(ref, rates, createRng(seedFrom(1, 'gpt-4o-transcribe', 'x', 0)));
    expect(applyWordErrors(ref, rates, createRng(seedFrom(1, 'gpt-4o-transcribe', 'x', 0)))).toEqual(a);
    expect(applyWordErrors(ref, rates, createRng(seedFrom(2, 'gpt-4o-transcribe', 'x', 0)))).not.toEqual(a);
  });
});
