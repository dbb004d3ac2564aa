import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { realClock } from '../../clock.js';
import { BENCH_SECTIONS, runPerfBench, type BenchSection } from '../../bench/perf/bench.js';
import type { EmulatorPlan } from '../../bench/perf/emulator-figures.js';
import { BENCH_VAD_ENGINES } from '../../bench/perf/emulator-role.js';
import type { BenchVadEngine } from '../../bench/perf/worker-protocol.js';
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
    .option('out', { type: 'string', describe: 'results folder; writes <out>/bench/<stamp>/ [default: results]' })
    .option('vad-engine', { type: 'string', describe: 'emulator part: silero, webrtc or both, comma-separated [default: silero,webrtc]' })
    .option('sessions', { type: 'string', describe: 'emulator part: the loads to try, comma-separated (e.g. 25,50,100,150,200) [default: searched]' })
    .option('url', { type: 'string', describe: 'emulator part: measure a server already running (ws://…/v1/realtime) instead of starting one' });
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

function parseEmulatorPlan(argv: Record<string, unknown>): EmulatorPlan {
  const problems: string[] = [];
  const engineList = typeof argv.vadEngine === 'string' ? argv.vadEngine.split(',').map((e) => e.trim()) : [...BENCH_VAD_ENGINES];
  const engines = engineList.filter((e): e is BenchVadEngine => (BENCH_VAD_ENGINES as readonly string[]).includes(e));
  if (engines.length !== engineList.length || engines.length === 0) problems.push(`--vad-engine ${String(argv.vadEngine)}: give silero, webrtc or both`);
  const sessions = typeof argv.sessions === 'string' ? argv.sessions.split(',').map(Number) : null;
  if (sessions !== null && !sessions.every((n) => Number.isInteger(n) && n > 0 && n <= 10_000)) problems.push(`--sessions ${String(argv.sessions)}: whole numbers from 1 to 10000, comma-separated`);
  const url = typeof argv.url === 'string' ? argv.url : null;
  if (url !== null && !/^wss?:\/\//.test(url)) problems.push(`--url ${url}: a ws:// or wss:// URL, e.g. ws://127.0.0.1:8787/v1/realtime`);
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'Run `rtbench bench --help` for the options.' });
  return { engines, sessions, url };
}

/** `rtbench bench`: rtbench's own performance, each figure next to its alternative; writes results/bench/<stamp>/. */
export async function benchCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const sections = parseSections(argv);
  const emulator = parseEmulatorPlan(argv);
  const quick = argv.quick === true;
  const startedMs = realClock.now();
  const result = await runPerfBench(
    { quick, out: resolve(io.cwd, typeof argv.out === 'string' ? argv.out : 'results'), sections, emulator },
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
