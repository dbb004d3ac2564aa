import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../corpus/manifest.js';
import { tempDir } from '../../../test/helpers/cli.js';
import { writeBenchCorpus, type SpeechSource } from './bench-corpus.js';

const second = (fill: number): Buffer => Buffer.alloc(48_000, fill);
const source: SpeechSource = {
  pieces: [
    { pcm: Buffer.concat([second(1), second(1)]), text: 'two seconds', segments: [[0.1, 1.9]] },
    { pcm: second(2), text: 'one', segments: [[0.2, 0.8]] },
  ],
};

describe('the bench corpus', () => {
  it('lays utterances end to end to the exact length, with shifted segments and the joined text', () => {
    const dir = tempDir();
    const corpus = writeBenchCorpus(dir, source, 5000);
    expect(corpus.pcm.length).toBe(5 * 48_000);
    expect(corpus.durationMs).toBe(5000);
    expect(readFileSync(corpus.audioPath).length).toBe(44 + 5 * 48_000);
    const [item] = loadCorpus(dir).items;
    // 2 s + 0.8 s gap, then 1 s (+ gap): the next 2 s utterance no longer fits.
    expect(item?.text).toBe('two seconds one');
    expect(item?.speechSegments).toEqual([[0.1, 1.9], [3, 3.6]]);
  });

  it('cuts the first utterance when the corpus is shorter than all of them, and names several items', () => {
    const dir = tempDir();
    const corpus = writeBenchCorpus(join(dir, 'c'), { pieces: [source.pieces[0]!] }, 500, 'item', 3);
    expect(corpus.pcm.length).toBe(24_000);
    expect(loadCorpus(join(dir, 'c')).items.map((i) => i.id)).toEqual(['item-1', 'item-2', 'item-3']);
    expect(corpus.itemId).toBe('item-1');
  });
});
