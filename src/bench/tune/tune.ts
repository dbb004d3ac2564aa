import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import { expandMatrix } from '../../config/matrix.js';
import type { Objective } from '../../config/objective.js';
import type { ResolvedOptions } from '../../config/options.js';
import type { RunConfig } from '../../config/types.js';
import { loadCorpus, type CorpusItem, type ManifestProblem } from '../../corpus/manifest.js';
import { ConfigError } from '../../errors.js';
import type { ItemResult } from '../../metrics/item-result.js';
import { normalizersForLanguages } from '../../metrics/normalize.js';
import { PRICES_AS_OF } from '../../metrics/prices.js';
import { STATISTICS_METHOD } from '../../metrics/stats.js';
import type { Transport } from '../../pipeline/transport/transport.js';
import { configRecord } from '../../pipeline/session-plan.js';
import type { Awaitable, Reporter } from '../../reporters/reporter.js';
import { renderRunJson } from '../../reporters/json.js';
import type { VadEngineLoader } from '../endpoint.js';
import { makeRunId, publicOptions, runBenchmark, selectItems, summarize } from '../runner.js';
import { checkSameCorpus } from '../resume.js';
import { compareResults, RESULTS_SCHEMA_VERSION, type RunMeta, type RunResult } from '../run-result.js';
import { answerOf, type TuneAnswer } from './answer.js';
import { settingEvidence } from './evidence.js';
import { planSearch, type SearchPlan } from './plan.js';
import { decideRound, type RoundRules, type SettingResults } from './round.js';
import { writeTuneOutputs } from './outputs.js';
import { TUNE_SCHEMA_VERSION, writeTuneFile, type RoundRecord, type TuneFile, type TuneSearch } from './tune-file.js';

/** What to search for, besides the run options. */
export interface TuneSpec {
  readonly objective: Objective;
  /** Keep 1/eta of the settings per round. */
  readonly eta: number;
  /** Items of the first round at least. */
  readonly minItems: number;
  /** Significance level of the paired tests. */
  readonly alpha: number;
  /** The searched values per setting, as recorded in tune.json. */
  readonly space: TuneSearch['space'];
  /** Bootstrap resamples of every paired test. @default 1000 */
  readonly resamples?: number;
}

/** A round about to run. */
export interface RoundStart {
  readonly index: number;
  readonly rounds: number;
  readonly settings: number;
  readonly items: number;
  readonly newItems: number;
  /** Sessions this round plans (settings × new items × repeats). */
  readonly sessions: number;
}

/** What a tune needs from outside. */
export interface TuneDeps {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly harnessVersion: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly loadVad?: VadEngineLoader;
  readonly createTransport?: (url: string, headers: Record<string, string>) => Transport;
  /** Reporters that see one round's sessions. */
  readonly roundReporters?: (round: RoundStart) => readonly Reporter[];
  /** Told after each round, with the state written to tune.json. */
  readonly onRound?: (round: RoundRecord, file: TuneFile) => Awaitable<void>;
  /** The folder's tune.json and run.json, to finish a tune cut short (`--resume`): finished sessions are kept. */
  readonly resume?: { readonly file: TuneFile; readonly meta: RunMeta };
}

/** A finished (or interrupted) tune. */
export interface TuneResult {
  readonly dir: string;
  readonly file: TuneFile;
  /** Every session the tune ran, scored as a run. */
  readonly run: RunResult;
  readonly answer: TuneAnswer | null;
  /** Manifest lines that could not be read, left out of the search. */
  readonly skipped: readonly ManifestProblem[];
}

const isItem = (i: CorpusItem | ManifestProblem): i is CorpusItem => !('message' in i);

function targetLabel(options: ResolvedOptions): string {
  return options.target.kind === 'url' ? options.target.url : options.target.kind;
}

function tuneMeta(options: ResolvedOptions, deps: TuneDeps, o: { id: string; startedAt: string; corpus: RunMeta['corpus']; items: readonly CorpusItem[]; planned: number }): RunMeta {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION, runId: o.id, harnessVersion: deps.harnessVersion, startedAt: o.startedAt, endedAt: null, target: targetLabel(options),
    emulated: options.target.kind === 'local', options: publicOptions(options), corpus: o.corpus, normalizer: normalizersForLanguages(o.items.map((i) => i.language)),
    statistics: STATISTICS_METHOD, pricesAsOf: PRICES_AS_OF, versions: deps.versions, plannedSessions: o.planned, interrupted: false, shard: null,
  };
}

/** The tune's question and plan: the grid, the items in search order, the rounds. */
function prepare(options: ResolvedOptions, spec: TuneSpec): { grid: RunConfig[]; plan: SearchPlan; items: CorpusItem[]; skipped: ManifestProblem[]; corpus: RunMeta['corpus'] } {
  if (options.shard !== null) throw new ConfigError(['--shard cannot be given to rtbench tune: each round is decided from the one before, so a tune runs on one machine']);
  const corpus = loadCorpus(options.corpus);
  const selected = selectItems(corpus, options);
  const items = selected.filter(isItem);
  if (items.length === 0) throw new ConfigError([`${corpus.manifestPath}: no readable item to tune on`], { hint: 'Check the corpus with `rtbench corpus check <dir>`.' });
  const grid = expandMatrix(options);
  const plan = planSearch(grid.length, items.map((i) => i.id), { eta: spec.eta, minItems: spec.minItems, repeat: options.repeat, seed: options.seed });
  return { grid, plan, items, skipped: selected.filter((i): i is ManifestProblem => !isItem(i)), corpus: { dir: corpus.dir, digest: corpus.digest, items: items.length } };
}

/** The results of some settings on some items, as rounds decide on them. */
function settingResults(ids: readonly string[], grid: readonly RunConfig[], all: readonly ItemResult[], items: readonly string[]): SettingResults[] {
  const index = new Map(grid.map((c, i) => [c.configId, i]));
  const wanted = new Set(items);
  return ids.map((id) => {
    const gridIndex = index.get(id) ?? -1;
    const config = grid[gridIndex] as RunConfig;
    return { config: configRecord(config), gridIndex, results: all.filter((r) => r.config.config_id === id && wanted.has(r.itemId)) };
  });
}

/** What the rounds of one tune share. */
interface TuneContext {
  readonly options: ResolvedOptions;
  readonly deps: TuneDeps;
  readonly dir: string;
  readonly grid: readonly RunConfig[];
  readonly plan: SearchPlan;
  readonly rules: RoundRules;
  readonly meta: RunMeta;
  readonly skipped: readonly ManifestProblem[];
  /** Every session so far. */
  readonly all: ItemResult[];
  file: TuneFile;
}

/** Updates tune.json and rewrites the folder's files from every session so far. */
function save(ctx: TuneContext, changes: Partial<TuneFile>, answer: TuneAnswer | null = null): RunResult {
  ctx.file = { ...ctx.file, ...changes, sessionsUsed: ctx.all.length };
  const meta = { ...ctx.meta, endedAt: ctx.file.endedAt, plannedSessions: ctx.all.length, interrupted: ctx.file.status === 'interrupted', emulated: ctx.meta.emulated || ctx.all.some((r) => r.emulated) };
  const items = [...ctx.all].sort(compareResults);
  const run: RunResult = { meta, items, ...summarize(items, [], ctx.options.seed) };
  writeTuneOutputs(ctx.dir, ctx.file, run, { answer, options: ctx.options, skipped: ctx.skipped });
  return run;
}

/** Runs one round's sessions (those a resumed tune finished before are kept) through the ordinary run path. */
async function runRound(ctx: TuneContext, k: number, survivors: readonly string[]): Promise<RunResult> {
  const previous = ctx.plan.rounds[k - 1]?.items ?? 0;
  const newItems = ctx.plan.itemOrder.slice(previous, ctx.plan.rounds[k]?.items ?? 0);
  const start: RoundStart = { index: k, rounds: ctx.plan.rounds.length, settings: survivors.length, items: ctx.plan.rounds[k]?.items ?? 0, newItems: newItems.length, sessions: survivors.length * newItems.length * ctx.options.repeat };
  const d = ctx.deps;
  try {
    return await runBenchmark({ ...ctx.options, items: newItems, limit: null, runId: ctx.file.tuneId, failOn: [] }, {
      clock: d.clock, signal: d.signal, reporters: d.roundReporters?.(start) ?? [], harnessVersion: d.harnessVersion, versions: d.versions, loadVad: d.loadVad, createTransport: d.createTransport,
      configs: survivors.map((id) => ctx.grid.find((c) => c.configId === id) as RunConfig),
      // Every round after the first goes on writing into the tune's folder, as a resumed run does.
      resume: d.resume?.meta ?? (k > 0 ? ctx.meta : undefined),
    });
  } catch (error) {
    save(ctx, { status: 'stopped' });
    throw error;
  }
}

/** Counts the sessions a resume kept, round by round, into its entry of `resumes`. */
function countKept(file: TuneFile, round: RunResult): TuneFile['resumes'] {
  const last = file.resumes.at(-1);
  if (last === undefined) return file.resumes;
  return [...file.resumes.slice(0, -1), { ...last, kept: last.kept + (round.meta.resumes?.at(-1)?.kept ?? 0) }];
}

function startTune(options: ResolvedOptions, spec: TuneSpec, deps: TuneDeps): TuneContext {
  const { grid, plan, items, skipped, corpus } = prepare(options, spec);
  const id = deps.resume?.file.tuneId ?? options.runId ?? makeRunId(deps.clock.wallIso(), Math.random);
  const dir = join(options.out, id);
  if (deps.resume) checkSameCorpus(deps.resume.meta, corpus.digest, dir);
  mkdirSync(dir, { recursive: true });
  const startedAt = deps.resume?.file.startedAt ?? deps.clock.wallIso();
  const meta = tuneMeta(options, deps, { id, startedAt, corpus, items, planned: plan.plannedSessions });
  writeFileSync(join(dir, 'run.json'), renderRunJson(meta));
  const file: TuneFile = {
    kind: 'rtbench.tune', schemaVersion: TUNE_SCHEMA_VERSION, tuneId: id, harnessVersion: deps.harnessVersion, startedAt, endedAt: null, status: 'running',
    search: { objective: spec.objective.text, eta: spec.eta, minItems: spec.minItems, alpha: spec.alpha, space: spec.space },
    options: meta.options, plan, grid: grid.map((c) => c.configId), rounds: [], sessionsUsed: 0, answer: null, settings: [],
    resumes: deps.resume ? [...deps.resume.file.resumes, { at: deps.clock.wallIso(), kept: 0 }] : [],
  };
  writeTuneFile(dir, file);
  const rules: RoundRules = { objective: spec.objective, eta: spec.eta, alpha: spec.alpha, seed: options.seed, resamples: spec.resamples };
  return { options, deps, dir, grid, plan, rules, meta, skipped, all: [], file };
}

/**
 * `rtbench tune`: successive halving over the corpus (plan.ts), one round at a time through the
 * ordinary run path (runBenchmark with the round's settings and new items, cassettes in the
 * tune's folder), each round decided by round.ts, the answer by answer.ts. tune.json is
 * rewritten after every round; a tune cut short is finished from its folder (`deps.resume`):
 * the plan is the same for the same options and seed, every finished session is kept, and the
 * decisions, which depend only on the sessions' scores, come out the same.
 */
export async function runTune(options: ResolvedOptions, spec: TuneSpec, deps: TuneDeps): Promise<TuneResult> {
  const ctx = startTune(options, spec, deps);
  let survivors: readonly string[] = ctx.file.grid;
  for (const [k, round] of ctx.plan.rounds.entries()) {
    const result = await runRound(ctx, k, survivors);
    ctx.all.push(...result.items);
    const resumes = countKept(ctx.file, result);
    if (result.meta.interrupted) {
      const run = save(ctx, { status: 'interrupted', resumes });
      return { dir: ctx.dir, file: ctx.file, answer: null, run, skipped: ctx.skipped };
    }
    const items = ctx.plan.itemOrder.slice(0, round.items);
    const outcome = decideRound(k, k === ctx.plan.rounds.length - 1, settingResults(survivors, ctx.grid, ctx.all, items), items, ctx.rules);
    const record: RoundRecord = { ...outcome, newSessions: result.items.length };
    save(ctx, { rounds: [...ctx.file.rounds, record], resumes });
    await deps.onRound?.(record, ctx.file);
    if (outcome.stop !== null) break;
    survivors = outcome.kept;
  }
  const last = ctx.file.rounds.at(-1) as RoundRecord;
  const answer = answerOf(last, settingResults(last.ranking.map((s) => s.configId), ctx.grid, ctx.all, last.items), ctx.rules);
  const run = save(ctx, { status: 'done', endedAt: deps.clock.wallIso(), answer, settings: settingEvidence(ctx.file.rounds, answer) }, answer);
  return { dir: ctx.dir, file: ctx.file, run, answer, skipped: ctx.skipped };
}
