import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportInternalError } from './internal-error.js';

describe('reportInternalError', () => {
  it('prints one line and where the full trace was written, never the trace itself or the options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtbench-trace-'));
    let stderr = '';
    const error = new TypeError('cannot read properties of undefined (reading "x")\nsecond line', { cause: new Error('the cause') });
    reportInternalError({ write: (t) => void (stderr += t) }, error, ['run', '--header', 'Authorization=Bearer sk-secret'], dir);
    const [file] = readdirSync(dir);
    const path = join(dir, file ?? '');
    expect(stderr).toBe(`rtbench: internal error: cannot read properties of undefined (reading "x")\n(the full trace is in ${path}; please include it in a bug report)\n`);
    const trace = readFileSync(path, 'utf8');
    expect(trace).toContain('TypeError: cannot read properties of undefined');
    expect(trace).toContain('internal-error.test.ts');
    expect(trace).toContain('caused by: Error: the cause');
    expect(trace).toContain('command: run');
    expect(trace).not.toContain('sk-secret');
  });

  it('prints the trace when it cannot be written anywhere', () => {
    let stderr = '';
    reportInternalError({ write: (t) => void (stderr += t) }, new Error('boom'), ['run'], '/proc/self/no-such-folder');
    expect(stderr).toMatch(/^rtbench: internal error: Error: boom\n {4}at /);
  });
});
