import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { realClock } from '../../clock.js';
import { BENCH_SECTIONS, runPerfBench, type BenchSection } from '../../bench/perf/bench.js';
import { describeMachine, renderBenchTable } from '../../bench/perf/render.js';
import type { WorkerLauncher } from '../../bench/perf/workers.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { getFfmpegPath } from '../../pipeline/decode.js';
import type { CliIo } from '../io.js';
import { BUNDLED_CORPUS } from '../version.js';

/** Declares `rtbench bench [sections..]`. */
export function declareBenchOptions<T>(y: Argv<T>) {
  return y
    .positional('sections', { type: 'string', array: true, describe: `parts to run: ${BENCH_SECTIONS.join(', ')} [default: all]` })
    .option('quick', { type: 'boolean', describe: 'short runs, under a minute (CI): every figure, less precisely' })
    .option('out', { type: 'string', describe: 'results folder; writes <out>/bench/<stamp>/ [default: results]' });
}

/** The worker entry beside this file: compiled JavaScript, or TypeScript under tsx (tests, development). */
export function benchLauncher(io: CliIo): WorkerLauncher {
  const here = import.meta.url;
  const typescript = here.endsWith('.ts');
  const entry = fileURLToPath(new URL(`../bench-worker.${typescript ? 'ts' : 'js'}`, here));
  return { entry, execArgv: typescript ? ['--import', 'tsx'] : [], env: { ...io.env }, cwd: io.cwd };
}

/** `sctk` on the PATH, or null. */
export function findOnPath(name: string, path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

function parseSections(argv: Record<string, unknown>): BenchSection[] {
  const given = ((argv.sections as string[] | undefined) ?? []).flatMap((s) => s.split(','));
  if (given.length === 0 || given.includes('all')) return [...BENCH_SECTIONS];
  const unknown = given.filter((s) => !(BENCH_SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new ConfigError([`rtbench bench ${unknown.join(' ')}: the parts are ${BENCH_SECTIONS.join(', ')} (or all)`]);
  return BENCH_SECTIONS.filter((s) => given.includes(s));
}

/** `rtbench bench`: rtbench's own performance, each figure next to its alternative; writes results/bench/<stamp>/. */
export async function benchCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const sections = parseSections(argv);
  const quick = argv.quick === true;
  const startedMs = realClock.now();
  const result = await runPerfBench(
    { quick, out: resolve(io.cwd, typeof argv.out === 'string' ? argv.out : 'results'), sections },
    {
      launcher: benchLauncher(io), clock: realClock, signal: io.signal ?? new AbortController().signal, ffmpegPath: getFfmpegPath(), sctk: findOnPath('sctk', io.env.PATH),
      nodeVersion: globalThis.process.version, corpusDir: BUNDLED_CORPUS,
      log: (line) => {
        io.stdout.write(`  ${((realClock.now() - startedMs) / 1000).toFixed(0).padStart(4)} s  ${line}\n`);
      },
    },
  );
  io.stdout.write(`\n${renderBenchTable(result.figures)}\n\nmachine: ${describeMachine(result.machine)}\n`);
  io.stdout.write(`\n${result.figures.length} figures in ${(result.elapsedMs / 1000).toFixed(0)} s: ${result.dir}\n`);
  return ExitCode.Ok;
}
