import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUnit, type UnitContext } from '../../src/bench/unit.js';
import type { Endpoint } from '../../src/bench/endpoint.js';
import { realClock } from '../../src/clock.js';
import { expandMatrix } from '../../src/config/matrix.js';
import { resolveOptions } from '../../src/config/options.js';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { loadCorpus, type CorpusItem } from '../../src/corpus/manifest.js';
import { tempDir } from '../helpers/cli.js';

/** An endpoint nothing may connect to: these units must fail before any socket. */
const nowhere: Endpoint = {
  label: 'local',
  sendsHint: false,
  urlFor: () => {
    throw new Error('no session may connect');
  },
  headersFor: () => ({}),
  close: () => Promise.resolve(),
};

/**
 * The problems loadCorpus finds in `dir`. Root may read any file, so as root they are found by a
 * child process running as `nobody`, who may not.
 */
function manifestProblems(dir: string): string[] {
  if (process.getuid?.() !== 0) return loadCorpus(dir).problems.map((p) => p.message);
  const script = `import { loadCorpus } from ${JSON.stringify(join(process.cwd(), 'src', 'corpus', 'manifest.ts'))}; process.stdout.write(JSON.stringify(loadCorpus(${JSON.stringify(dir)}).problems.map((p) => p.message)));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`loadCorpus as nobody failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[];
}

describe('audio that cannot be read', () => {
  it('gives an error row naming the file when it is gone by the time its session starts', async () => {
    const runDir = tempDir();
    const options = resolveOptions({ out: runDir }, { cwd: process.cwd(), env: {}, bundledCorpus: BUNDLED_CORPUS });
    const ctx: UnitContext = { runId: 'r', runDir, options, endpoint: nowhere, clock: realClock, signal: new AbortController().signal, harnessVersion: 'test' };
    const item: CorpusItem = { id: 'gone', audio: 'gone.wav', audioPath: join(runDir, 'gone.wav'), text: 'x', language: 'en', speechSegments: null, segmentsMethod: null, segmentsText: null, declaredDurationS: null, expectedToolCall: null };
    const [config] = expandMatrix(options);
    if (config === undefined) throw new Error('no config');
    const result = await runUnit(ctx, { config, item, repeat: 1 });
    expect(result).toMatchObject({ status: 'error', state: 'errored' });
    expect(result.error).toMatch(/^cannot decode \S*gone\.wav: the file does not exist/);
  });

  it('reports a file without read permission as a manifest problem (as an unprivileged user when the tests run as root)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(dir, 'locked.wav'));
    chmodSync(join(dir, 'locked.wav'), 0o000);
    writeFileSync(join(dir, 'manifest.jsonl'), '{"id":"locked","audio":"locked.wav","text":"x"}\n');
    expect(manifestProblems(dir)[0]).toMatch(/audio file "locked\.wav" cannot be read \(EACCES\)/);
  });
});
