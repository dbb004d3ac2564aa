import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

/** Runs `code` in a Node process in the package folder, with every resolution of `vitest` refused. */
function withoutVitest(code: string): { status: number | null; stderr: string; stdout: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'hooks.mjs'), `export async function resolve(specifier, context, next) {
  if (specifier === 'vitest' || specifier.startsWith('vitest/')) throw new Error('vitest imported by ' + context.parentURL);
  return next(specifier, context);
}\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', code], { cwd: process.cwd(), encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

describe('the package entries (the built package, as a project imports it)', () => {
  it('exports rtbench and rtbench/vitest, with types', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types: string; default: string }>; peerDependenciesMeta: Record<string, { optional: boolean }> };
    expect(pkg.exports['./vitest']).toEqual({ types: './dist/vitest.d.ts', default: './dist/vitest.js' });
    expect(pkg.peerDependenciesMeta.vitest).toEqual({ optional: true });
  });

  it('loads rtbench without vitest, and only rtbench/vitest needs it', () => {
    const main = withoutVitest("const m = await import('rtbench'); console.log([typeof m.runBenchmark, typeof m.replay, typeof m.startEmulator, typeof m.startRealtimeServer].join(' '));");
    expect(main.stderr).toBe('');
    expect(main.stdout.trim()).toBe('function function function function');
    const helpers = withoutVitest("await import('rtbench/vitest');");
    expect(helpers.status).not.toBe(0);
    expect(helpers.stderr).toMatch(/vitest imported by file:\/\/.*\/dist\/vitest\.js/);
  });
});
