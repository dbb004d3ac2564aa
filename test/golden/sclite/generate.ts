/**
 * Regenerates the sclite golden fixtures in this folder (needs NIST SCTK: `apt-get install -y sctk`):
 *
 *     npx tsx test/golden/sclite/generate.ts
 *
 * 1. writes cases.jsonl: raw reference/hypothesis pairs (hand-picked hard cases, seeded random
 *    tie-heavy pairs, seeded perturbations for two "systems");
 * 2. normalises them with rtbench's English normaliser into ref.trn, sys1.trn, sys2.trn;
 * 3. runs sclite on both systems (alignments: *.pra, totals: *.raw) and sc_stats' matched-pairs
 *    test on the pair (sc_stats.mapsswe), keeping their output verbatim.
 * The tests read only the files, so they never need sclite.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishNormalizer } from '../../../src/metrics/normalize.js';
import { createRng } from '../../../src/metrics/stats.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  id: string;
  reference: string;
  hypothesis: string;
  hypothesis2: string;
}

/** Hard cases: ties between alignments, empty sides, repeated words, normaliser work. */
const CURATED: readonly [string, string, string][] = [
  ['The cat sat on the mat.', 'the cat sat on mat the', 'the cat sat on the mat'],
  ['', 'Thank you.', ''],
  ['Hello world', '', 'hello'],
  ['', '', 'uh huh'],
  ['a a a', 'a a', 'a a a a'],
  ['a a', 'a a a a', 'a'],
  ['the the the the', 'the', 'the the'],
  ['b a b a b a', 'a b a b a b', 'b a b a'],
  ['a b c d e f', 'f e d c b a', 'a b c d e f'],
  ['x y z', 'a b c d e', 'x z'],
  ['c c c b c a a a c a', 'b b a a c a c a b c c', 'c c c b c a a c a'],
  ['Set a timer for ten minutes.', 'set the timer for 10 minutes', 'set a timer for ten minute'],
  ["I can't do that, Dave.", 'I cannot do that Dave', "I can't do that Dave"],
  ['The colour of the theatre is grey.', 'the color of the theater is gray', 'the colour of the theatre'],
  ['Please turn on the kitchen lights.', 'please turn on kitchen light', 'Please, turn the kitchen lights on.'],
  ['What is the weather like in Boston today?', "what's the weather like in boston to day", 'what is the weather in austin today'],
  ['Remind me to call the dentist tomorrow morning.', 'remind me to call the dentist tomorrow morning', 'remind me call dentist morning'],
  ['It costs twenty-five dollars and fifty cents.', 'it costs $25.50', 'it cost twenty five dollars'],
  ['Um, so, the U.S.A. is big... really big.', 'so the usa is big really big', 'the u s a is big big'],
  ['He was born on July third, nineteen ninety-nine.', 'he was born on july 3rd 1999', 'he was born july third'],
];

const TIE_VOCAB = ['a', 'b', 'c', 'd'];
const SYSTEM_VOCAB = ['turn', 'on', 'the', 'lights', 'kitchen', 'please', 'set', 'timer', 'for', 'ten', 'minutes', 'call', 'mom'];

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

function randomSentence(rng: () => number, vocab: readonly string[], min: number, max: number): string[] {
  return Array.from({ length: min + Math.floor(rng() * (max - min + 1)) }, () => pick(rng, vocab));
}

/** Each word substituted, deleted or followed by an insertion with probability `rate` in all. */
function perturb(rng: () => number, words: readonly string[], rate: number): string[] {
  const out: string[] = [];
  for (const w of words) {
    const r = rng();
    if (r < rate / 3) out.push(pick(rng, SYSTEM_VOCAB));
    else if (r < (2 * rate) / 3) continue;
    else if (r < rate) out.push(w, pick(rng, SYSTEM_VOCAB));
    else out.push(w);
  }
  return out;
}

function buildCases(): Case[] {
  const rng = createRng(20261121);
  // sclite reads "speaker_utterance" ids: three speakers, one per kind of case.
  const id = (speaker: string, i: number): string => `${speaker}_${String(i).padStart(3, '0')}`;
  const cases: Case[] = CURATED.map(([reference, hypothesis, hypothesis2], i) => ({ id: id('cur', i), reference, hypothesis, hypothesis2 }));
  for (let i = 0; i < 200; i++) {
    const [r, h, h2] = [0, 1, 2].map(() => randomSentence(rng, TIE_VOCAB, 0, 8).join(' ')) as [string, string, string];
    cases.push({ id: id('tie', i), reference: r, hypothesis: h, hypothesis2: h2 });
  }
  for (let i = 0; i < 200; i++) {
    const ref = randomSentence(rng, SYSTEM_VOCAB, 3, 15);
    cases.push({ id: id('sys', i), reference: ref.join(' '), hypothesis: perturb(rng, ref, 0.15).join(' '), hypothesis2: perturb(rng, ref, 0.3).join(' ') });
  }
  return cases;
}

function trn(cases: readonly Case[], text: (c: Case) => string): string {
  return cases.map((c) => `${englishNormalizer.normalize(text(c))} (${c.id})\n`).join('');
}

const cases = buildCases();
writeFileSync(join(here, 'cases.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
writeFileSync(join(here, 'ref.trn'), trn(cases, (c) => c.reference));
writeFileSync(join(here, 'sys1.trn'), trn(cases, (c) => c.hypothesis));
writeFileSync(join(here, 'sys2.trn'), trn(cases, (c) => c.hypothesis2));
for (const sys of ['sys1', 'sys2']) {
  execFileSync('sctk', ['sclite', '-r', 'ref.trn', 'trn', '-h', `${sys}.trn`, 'trn', sys, '-i', 'spu_id', '-o', 'pra', 'rsum', 'sgml', '-O', here], { cwd: here, stdio: 'ignore' });
}
// The matched-pairs sentence-segment word error test (MAPSSWE) between the two systems; sc_stats
// names its report <-n>.mapsswe. (Its sign test aborts on these files and its Wilcoxon ranks zero
// differences as positive, so those two are checked against scipy instead: test/golden/stats.)
execFileSync('sh', ['-c', 'cat sys1.trn.sgml sys2.trn.sgml | sctk sc_stats -p -t mapsswe -v -n sc_stats'], { cwd: here, stdio: 'ignore' });
for (const file of readdirSync(here).filter((f) => f.endsWith('.sgml'))) unlinkSync(join(here, file));
renameSync(join(here, 'sc_stats.stats.mapsswe'), join(here, 'sc_stats.mapsswe'));
