import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { longTranscript } from '../helpers/long-transcript.js';

function files(ref: string, hyp: string): { dir: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'ref.txt'), ref);
  writeFileSync(join(dir, 'hyp.txt'), hyp);
  return { dir };
}

describe('rtbench wer REF HYP', () => {
  it('prints pooled WER and CER with counts, the normaliser and the costs', async () => {
    const { dir } = files('The cat sat on the mat.\nSet a timer for ten minutes.\n', 'the cat sat on mat the\nset the timer for 10 minutes\n');
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('WER 25.00% (S 1, D 1, I 1; 3 errors over 12 reference words)');
    expect(run.stdout).toMatch(/CER \d+\.\d\d%/);
    expect(run.stdout).toContain('2 utterances · normaliser rtbench-english/2 · alignment costs sclite');
  });

  it('prints sclite-style alignments with --align, and n/a for an utterance with no reference words', async () => {
    const { dir } = files('a b c\n\n', 'a x c d\nthank you\n');
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt', '--align', '--normalizer', 'none'], { cwd: dir });
    expect(run.stdout).toContain('REF:  a B c *\nHYP:  a X c D\nEVAL:   S   I');
    expect(run.stdout).toContain('utterance 2: WER n/a (S 0, D 0, I 2; 2 errors over 0 reference words)');
    expect(run.stdout).toContain('WER 133.33% (S 1, D 0, I 3; 4 errors over 3 reference words)');
  });

  it('prints JSON for machines with --json, raw and normalised texts kept', async () => {
    const { dir } = files("I can't\r\n", 'I cannot\r\n');
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt', '--json'], { cwd: dir });
    const json = JSON.parse(run.stdout) as Record<string, unknown> & { per_utterance: Record<string, unknown>[] };
    expect(json).toMatchObject({ normalizer: 'rtbench-english/2', costs: 'sclite', utterances: 1, words: { ref_tokens: 3, substitutions: 1, deletions: 1, insertions: 0 } });
    expect(json.per_utterance[0]).toMatchObject({ line: 1, reference: "I can't", normalized_reference: 'i can not', normalized_hypothesis: 'i cannot' });
  });

  it('switches to unit costs (plain edit distance) with --costs unit', async () => {
    const { dir } = files('c c c b c a a a c a\n', 'b b a a c a c a b c c\n');
    expect((await runCli(['wer', 'ref.txt', 'hyp.txt', '--normalizer', 'none'], { cwd: dir })).stdout).toContain('8 errors over 10');
    expect((await runCli(['wer', 'ref.txt', 'hyp.txt', '--normalizer', 'none', '--costs', 'unit'], { cwd: dir })).stdout).toContain('7 errors over 10');
  });

  it('gives the totals of sclite on its golden pairs', async () => {
    const cases = readFileSync(join(import.meta.dirname, '../golden/sclite/cases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reference: string; hypothesis: string });
    const { dir } = files(cases.map((c) => c.reference).join('\n') + '\n', cases.map((c) => c.hypothesis).join('\n') + '\n');
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt', '--json'], { cwd: dir });
    const sum = readFileSync(join(import.meta.dirname, '../golden/sclite/sys1.trn.raw'), 'utf8').split('\n').find((l) => /\|\s*Sum\s*\|/.test(l)) ?? '';
    const [, refWords, corr, sub, del, ins] = (sum.match(/\d+/g) ?? []).map(Number);
    expect((JSON.parse(run.stdout) as { words: unknown }).words).toEqual({ ref_tokens: refWords, hits: corr, substitutions: sub, deletions: del, insertions: ins });
  });

  it('scores two lines of 100 000 characters each (a long session) with exact counts', async () => {
    const long = longTranscript(100_000, 40);
    const { dir } = files(`${long.reference}\n`, `${long.hypothesis}\n`);
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { words: unknown; characters: unknown };
    const asJson = (c: typeof long.words) => ({ ref_tokens: c.refTokens, hits: c.hits, substitutions: c.substitutions, deletions: c.deletions, insertions: c.insertions });
    expect(json.words).toEqual(asJson(long.words));
    expect(json.characters).toEqual(asJson(long.characters));
  });

  it('exits 2 naming the files when their line counts differ', async () => {
    const { dir } = files('a\nb\n', 'a\n');
    const run = await runCli(['wer', 'ref.txt', 'hyp.txt'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ref.txt has 2 lines but hyp.txt has 1');
  });

  it('exits 2 for a missing file or a bad option', async () => {
    const { dir } = files('a\n', 'a\n');
    const missing = await runCli(['wer', 'ref.txt', 'nope.txt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the HYP file nope.txt');
    const bad = await runCli(['wer', 'ref.txt', 'hyp.txt', '--normalizer', 'klingon', '--costs', 'free'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--normalizer klingon is not one of english, basic, none');
    expect(bad.stderr).toContain('--costs free is not sclite or unit');
  });
});
