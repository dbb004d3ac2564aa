/**
 * rtbench's WER against NIST sclite's own output (test/golden/sclite, made by generate.ts there):
 * the same normalised pairs must give the same S/D/I counts, the same alignments, the same
 * totals, and sc_stats' matched-pairs (MAPSSWE) numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapsswe } from '../../src/metrics/mapsswe.js';
import { englishNormalizer } from '../../src/metrics/normalize.js';
import { scoreTranscripts } from '../../src/metrics/score-transcript.js';
import { alignTokens, sumCounts, words, type AlignOp } from '../../src/metrics/wer.js';

const dir = join(import.meta.dirname, 'sclite');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

interface Case {
  id: string;
  reference: string;
  hypothesis: string;
  hypothesis2: string;
}

const cases: Case[] = read('cases.jsonl').trim().split('\n').map((l) => JSON.parse(l) as Case);

function parseTrn(name: string): Map<string, string> {
  return new Map(read(name).split('\n').filter((l) => l !== '').map((l) => {
    const m = /^(.*)\((\S+)\)$/.exec(l);
    if (!m) throw new Error(`bad trn line in ${name}: ${l}`);
    return [m[2] ?? '', (m[1] ?? '').trim()];
  }));
}

interface PraUtterance {
  counts: [number, number, number, number];
  ops: string[];
}

/** sclite's pra report: per utterance "Scores: (#C #S #D #I)" and the REF/HYP alignment rows. */
function parsePra(name: string): Map<string, PraUtterance> {
  const out = new Map<string, PraUtterance>();
  for (const block of read(name).split('\nid: (').slice(1)) {
    const id = block.slice(0, block.indexOf(')'));
    const counts = (/Scores: \(#C #S #D #I\) (\d+) (\d+) (\d+) (\d+)/.exec(block)?.slice(1) ?? []).map(Number) as PraUtterance['counts'];
    const row = (label: string): string[] => (new RegExp(`^${label}:(.*)$`, 'm').exec(block)?.[1] ?? '').trim().split(/\s+/).filter((t) => t !== '');
    const refRow = row('REF');
    const hypRow = row('HYP');
    const ops = refRow.map((r, k) => {
      const h = hypRow[k] ?? '';
      if (/^\*+$/.test(r)) return 'insert';
      if (/^\*+$/.test(h)) return 'delete';
      return r.toLowerCase() === h.toLowerCase() ? 'equal' : 'substitute';
    });
    out.set(id, { counts, ops });
  }
  return out;
}

/** The "Sum" row of sclite's rsum report: # Snt, # Wrd, Corr, Sub, Del, Ins, Err, S.Err. */
function parseRawSum(name: string): number[] {
  const line = read(name).split('\n').find((l) => /^\s*\|\s*Sum\s*\|/.test(l)) ?? '';
  return (line.match(/\d+/g) ?? []).map(Number);
}

const refs = parseTrn('ref.trn');
const systems = [
  { name: 'sys1', hyps: parseTrn('sys1.trn'), pra: parsePra('sys1.trn.pra'), sum: parseRawSum('sys1.trn.raw'), text: (c: Case) => c.hypothesis },
  { name: 'sys2', hyps: parseTrn('sys2.trn'), pra: parsePra('sys2.trn.pra'), sum: parseRawSum('sys2.trn.raw'), text: (c: Case) => c.hypothesis2 },
];

function alignmentOf(id: string, hyps: Map<string, string>): { ops: readonly AlignOp[]; counts: number[] } {
  const a = alignTokens(words(refs.get(id) ?? ''), words(hyps.get(id) ?? ''));
  return { ops: a.ops, counts: [a.hits, a.substitutions, a.deletions, a.insertions] };
}

describe('sclite golden fixtures', () => {
  it(`normalises the ${cases.length} raw pairs into exactly the texts sclite scored`, () => {
    for (const c of cases) {
      expect(englishNormalizer.normalize(c.reference), c.id).toBe(refs.get(c.id));
      for (const s of systems) expect(englishNormalizer.normalize(s.text(c)), `${s.name} ${c.id}`).toBe(s.hyps.get(c.id));
    }
  });

  for (const s of systems) {
    it(`${s.name}: per-utterance C/S/D/I counts equal sclite's`, () => {
      expect(s.pra.size).toBe(cases.length);
      for (const c of cases) expect(alignmentOf(c.id, s.hyps).counts, c.id).toEqual(s.pra.get(c.id)?.counts);
    });

    it(`${s.name}: the alignment itself equals sclite's (ties broken the same way)`, () => {
      for (const c of cases) expect(alignmentOf(c.id, s.hyps).ops.map((o) => o.op), c.id).toEqual(s.pra.get(c.id)?.ops);
    });

    it(`${s.name}: pooled totals and WER equal sclite's Sum row`, () => {
      const [, refWords, corr, sub, del, ins, err] = s.sum;
      const scored = scoreTranscripts(cases.map((c) => ({ reference: c.reference, hypothesis: s.text(c) })), { normalizer: 'english' });
      expect([scored.words.refTokens, scored.words.hits, scored.words.substitutions, scored.words.deletions, scored.words.insertions]).toEqual([refWords, corr, sub, del, ins]);
      expect(scored.wer).toBeCloseTo((err ?? 0) / (refWords ?? 1), 12);
      expect(sumCounts(cases.map((c) => alignTokens(words(refs.get(c.id) ?? ''), words(s.hyps.get(c.id) ?? ''))))).toEqual(scored.words);
    });
  }

  it('counts what sclite counts even where plain edit distance finds fewer errors', () => {
    const id = cases.find((c) => c.reference === 'c c c b c a a a c a')?.id ?? '';
    expect(systems[0]?.pra.get(id)?.counts).toEqual([6, 1, 3, 4]);
    const unit = alignTokens(words(refs.get(id) ?? ''), words(systems[0]?.hyps.get(id) ?? ''), { costs: 'unit' });
    expect(unit.substitutions + unit.deletions + unit.insertions).toBe(7);
  });

  it("reproduces sc_stats' matched-pairs sentence-segment test (MAPSSWE) between the two systems", () => {
    const line = read('sc_stats.mapsswe').split('\n').find((l) => l.includes('MTCH_PR_RESULTS')) ?? '';
    const num = (label: string): number => Number(new RegExp(`\\(${label}: ([-\\d.]+)`).exec(line)?.[1]);
    const pct = /\(% Error: ([\d.]+) ([\d.]+)\)/.exec(line);
    const [first, second] = systems;
    if (!first || !second) throw new Error('two systems expected');
    const result = mapsswe(cases.map((c) => alignmentOf(c.id, first.hyps).ops), cases.map((c) => alignmentOf(c.id, second.hyps).ops));
    expect(result.segments).toBe(num('# segs'));
    expect(result.meanDifference.toFixed(3)).toBe(num('mean').toFixed(3));
    expect(result.stdDev.toFixed(3)).toBe(num('std dev').toFixed(3));
    expect(result.z?.toFixed(3)).toBe(num('Z Stat').toFixed(3));
    expect((result.errorRateA * 100).toFixed(2)).toBe(pct?.[1]);
    expect((result.errorRateB * 100).toFixed(2)).toBe(pct?.[2]);
    expect(result.significant).toBe(/Stat Diff: Yes/.test(line));
  });
});
