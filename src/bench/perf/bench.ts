import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import { makeRunId } from '../runner.js';
import { loadSpeechSource } from './bench-corpus.js';
import { clientFigures } from './client-figures.js';
import { runRtbench, corpusOf } from './client-runs.js';
import { benchPlan, type BenchContext } from './context.js';
import { decodeFigure } from './decode-figure.js';
import type { EmulatorInfo, EmulatorReport } from './emulator-role.js';
import { emulatorFigures, type EmulatorPlan } from './emulator-figures.js';
import type { BenchFigure } from './figures.js';
import { describeThisMachine, finishMachine, type MachineInfo } from './machine.js';
import { memoryGrowthFigure } from './memory-figure.js';
import { renderBenchCsv, renderBenchMarkdown } from './render.js';
import { replayFigure } from './replay-figure.js';
import { longScoringFigure, scoringFigure } from './scoring-figure.js';
import { transportCostFigure } from './transport-figure.js';
import { makeSelfSignedCertificate } from './tls.js';
import { startWorker, type WorkerLauncher } from './workers.js';

/** The parts of `rtbench bench`, in the order they run. */
export const BENCH_SECTIONS = ['clients', 'replay', 'memory', 'transports', 'emulator', 'decode', 'scoring'] as const;

/** One part of the bench. */
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Options of {@link runPerfBench}. */
export interface PerfBenchOptions {
  /** Shorter runs (under a minute): every figure, less precisely. @default false */
  readonly quick: boolean;
  /** Results folder; the bench writes `<out>/bench/<stamp>/`. */
  readonly out: string;
  /** Parts to run. @default all */
  readonly sections: readonly BenchSection[];
  /** The emulator part: engines, loads, or a running server. */
  readonly emulator: EmulatorPlan;
}

/** What the bench needs from outside (the CLI provides it). */
export interface PerfBenchDeps {
  readonly launcher: WorkerLauncher;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly ffmpegPath: string;
  /** `sctk` when installed. */
  readonly sctk: string | null;
  readonly nodeVersion: string;
  /** The corpus whose speech the bench streams (the bundled one). */
  readonly corpusDir: string;
  readonly log: (line: string) => void;
}

/** A finished bench. */
export interface PerfBenchResult {
  readonly figures: readonly BenchFigure[];
  readonly machine: MachineInfo;
  readonly dir: string;
  readonly elapsedMs: number;
}

async function withEmulator<T>(ctx: BenchContext, run: (info: EmulatorInfo) => Promise<T>): Promise<T> {
  const emulator = startWorker<EmulatorInfo, EmulatorReport>(ctx.launcher, { role: 'emulator', vad: 'webrtc', tls: { certPath: ctx.certificate.certPath, keyPath: ctx.certificate.keyPath } });
  try {
    return await run(await emulator.ready);
  } finally {
    emulator.stop();
    await emulator.result.catch(() => undefined);
  }
}

async function clientSections(ctx: BenchContext, sections: readonly BenchSection[]): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  await withEmulator(ctx, async (emulator) => {
    let wideRunDir: string | null = null;
    if (sections.includes('clients')) {
      const result = await clientFigures(ctx, emulator);
      figures.push(...result.figures);
      wideRunDir = result.wideRunDir;
    } else if (sections.includes('replay')) {
      ctx.log(`recording ${ctx.plan.wideStreams} streams to replay`);
      await runRtbench(ctx, emulator, corpusOf(ctx, ctx.plan.wideStreamMs), 'wide', ctx.plan.wideStreams);
      wideRunDir = join(ctx.workDir, 'runs', 'wide');
    }
    if (sections.includes('replay') && wideRunDir !== null) figures.push(await replayFigure(ctx, wideRunDir));
    if (sections.includes('memory')) figures.push(await memoryGrowthFigure(ctx, emulator));
    if (sections.includes('transports')) figures.push(await transportCostFigure(ctx, emulator));
  });
  return figures;
}

async function runSections(ctx: BenchContext, options: PerfBenchOptions): Promise<BenchFigure[]> {
  const { sections } = options;
  const figures: BenchFigure[] = [];
  if (sections.some((s) => s === 'clients' || s === 'replay' || s === 'memory' || s === 'transports')) figures.push(...(await clientSections(ctx, sections)));
  if (sections.includes('emulator')) figures.push(...(await emulatorFigures(ctx, options.emulator)));
  if (sections.includes('decode')) figures.push(await decodeFigure(ctx));
  if (sections.includes('scoring')) figures.push(await scoringFigure(ctx), await longScoringFigure(ctx));
  return figures;
}

/**
 * Runs rtbench's own benchmarks, each figure next to its alternative measured in the same
 * run, and writes `<out>/bench/<stamp>/`: bench.csv, bench.json and bench.md (the table and
 * the machine, for the README).
 */
export async function runPerfBench(options: PerfBenchOptions, deps: PerfBenchDeps): Promise<PerfBenchResult> {
  const started = deps.clock.now();
  const machine = await describeThisMachine(deps.nodeVersion, deps.ffmpegPath, deps.sctk);
  const workDir = mkdtempSync(join(tmpdir(), 'rtbench-bench-'));
  try {
    const ctx: BenchContext = {
      plan: benchPlan(options.quick), launcher: deps.launcher, workDir, certificate: await makeSelfSignedCertificate(workDir), speech: await loadSpeechSource(deps.corpusDir),
      speechCorpusDir: deps.corpusDir, ffmpegPath: deps.ffmpegPath, sctk: deps.sctk, signal: deps.signal, log: deps.log,
    };
    const figures = await runSections(ctx, options);
    const finished = finishMachine(machine);
    const dir = join(options.out, 'bench', makeRunId(deps.clock.wallIso(), Math.random));
    mkdirSync(dir, { recursive: true });
    const title = `rtbench bench${options.quick ? ' --quick' : ''}, ${deps.clock.wallIso().slice(0, 10)}`;
    writeFileSync(join(dir, 'bench.csv'), renderBenchCsv(figures));
    writeFileSync(join(dir, 'bench.md'), renderBenchMarkdown(figures, finished, title));
    writeFileSync(join(dir, 'bench.json'), `${JSON.stringify({ schema_version: 1, quick: options.quick, sections: options.sections, machine: finished, figures }, null, 2)}\n`);
    return { figures, machine: finished, dir, elapsedMs: deps.clock.now() - started };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
