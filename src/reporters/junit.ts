import type { CompareCheck } from '../bench/compare.js';
import type { ThresholdResult } from '../config/thresholds.js';
import { formatNumber } from './format.js';

/** One check as a JUnit test case. */
export interface JunitCase {
  /** Grouping shown by CI tools (the config). */
  readonly classname: string;
  /** The check (the `--fail-on` expression). */
  readonly name: string;
  /** Null when it passed. */
  readonly failure: string | null;
}

function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** JUnit XML for CI test reporters: one suite, one test case per check. Pure. */
export function renderJunit(suite: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure !== null).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"`;
    return c.failure === null ? `${open}/>` : `${open}>\n      <failure message="${xml(c.failure)}">${xml(c.failure)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rtbench" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Test cases of a run's thresholds. */
export function thresholdCases(thresholds: readonly ThresholdResult[]): JunitCase[] {
  return thresholds.map((t) => ({
    classname: t.configId,
    name: t.expression,
    failure: t.failed ? `${t.expression} failed for ${t.configId}: actual ${formatNumber(t.actual, 4)}` : null,
  }));
}

/** Test cases of a comparison's checks. */
export function compareCases(checks: readonly CompareCheck[]): JunitCase[] {
  return checks.map((c) => ({ classname: c.configId, name: c.expression, failure: c.failed ? `${c.expression} failed for ${c.configId}: ${c.reason}` : null }));
}
