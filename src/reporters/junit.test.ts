import { describe, expect, it } from 'vitest';
import { renderJunit, thresholdCases } from './junit.js';

describe('renderJunit', () => {
  it('writes one test case per check with the failures counted', () => {
    const xml = renderJunit('rtbench thresholds (r1)', thresholdCases([
      { expression: 'wer>0.08', configId: 'cfg-a', actual: 0.1, failed: true },
      { expression: 'wer>0.08', configId: 'cfg-b', actual: 0.02, failed: false },
    ]));
    expect(xml).toContain('<testsuites name="rtbench" tests="2" failures="1">');
    expect(xml).toContain('<testcase classname="cfg-b" name="wer&gt;0.08"/>');
    expect(xml).toContain('<failure message="wer&gt;0.08 failed for cfg-a: actual 0.1">');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const xml = renderJunit('s', [{ classname: 'a"<b>', name: 'x\u0001&y', failure: null }]);
    expect(xml).toContain('classname="a&quot;&lt;b&gt;" name="x&amp;y"');
  });
});
