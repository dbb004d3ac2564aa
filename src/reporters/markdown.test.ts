import { describe, expect, it } from 'vitest';
import { item, runOf } from '../../test/helpers/items.js';
import { compareRuns } from '../bench/compare.js';
import { parseGate } from '../config/thresholds.js';
import { renderComparisonMarkdown, renderRunMarkdown } from './markdown.js';

describe('renderRunMarkdown', () => {
  it('summarises configs and thresholds for a CI step summary', () => {
    const md = renderRunMarkdown(runOf([item('a', { errors: 2 }), item('b')], ['wer>0.05']));
    expect(md).toContain('## rtbench run run — ❌ 1 threshold check(s) failed');
    expect(md).toContain('> **Emulated run**');
    expect(md).toMatch(/\| gpt-realtime\+gpt-4o-transcribe\.ga\.realtime\.sv-t0\.5-p300-s500\.pcm24k \| 2\/2 \| 0\.1 \|/);
    expect(md).toContain('| ❌ | wer>0.05 |');
  });
});

describe('renderComparisonMarkdown', () => {
  it('shows the verdict, each check, and the changes with intervals', () => {
    const base = runOf(['a', 'b', 'c'].map((id) => item(id)), [], 'base');
    const cand = runOf(['a', 'b', 'c'].map((id) => item(id, { errors: 1 })), [], 'cand');
    const md = renderComparisonMarkdown(compareRuns(base, cand, { gate: parseGate(['wer:+0.01']), seed: 1 }));
    expect(md).toContain('## rtbench compare base → cand — ❌ 1 check(s) failed');
    expect(md).toMatch(/\| ❌ \| wer:\+0\.01 \| .* \| wer 0 → 0\.1 \(\+0\.1, allowed \+0\.01\): over the allowance, significant/);
    expect(md).toContain('| wer | 0 | 0.1 | +0.1 | 0.1 … 0.1 |');
  });
});
