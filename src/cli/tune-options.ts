import { basename, dirname, resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { runOptionsFromRunJson } from '../bench/resume.js';
import { readRunMeta } from '../bench/run-dir.js';
import type { RunMeta } from '../bench/run-result.js';
import { parseSettingValues, parseSteps, RANGE_SETTINGS, type RangeSetting } from '../bench/tune/space.js';
import { readTuneFile, type TuneFile } from '../bench/tune/tune-file.js';
import type { TuneSpec } from '../bench/tune/tune.js';
import { parseObjective } from '../config/objective.js';
import type { ResolvedOptions, RunOptions } from '../config/options.js';
import { resolveOptions } from '../config/options.js';
import { ConfigError } from '../errors.js';
import type { CliIo } from './io.js';
import { readConfigFile } from './config-file.js';
import { configSchemaOf, declareRunOptions, toRunOptions, type DeclaredOptions } from './run-options.js';
import { BUNDLED_CORPUS } from './version.js';

/** Defaults of the search. NOTE: the README's tune option table documents these values. */
export const TUNE_DEFAULTS = { eta: 3, minItems: 1, alpha: 0.05 } as const;

/** Declares what `rtbench tune` adds to the options of `rtbench run`. */
export function declareTuneOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('objective', { type: 'string', describe: 'what to optimise: "min EXPR [subject to C1, C2…]", e.g. "min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200"', group: 'Tune:' })
    .option('step', { type: 'string', array: true, describe: 'step of the ranges: threshold=0.05,silence_duration_ms=100 (a bare number: every range) [default: threshold 0.1, ms settings 100]', group: 'Tune:' })
    .option('eta', { type: 'number', describe: 'each round keeps 1/eta of the settings and runs them on eta times the items [default: 3]', group: 'Tune:' })
    .option('min-items', { type: 'number', describe: 'items of the first round at least [default: 1]', group: 'Tune:' })
    .option('alpha', { type: 'number', describe: 'significance level of the paired tests (runners-up, early stop) [default: 0.05]', group: 'Tune:' })
    .option('threshold', { type: 'string', describe: 'server_vad thresholds to search: a range 0.2..0.9 (at --step), 0.2..0.9:0.05, or a comma list [default: 0.5]', group: 'Tune:' })
    .option('prefix-padding-ms', { type: 'string', describe: 'prefix paddings to search: a range, range:step or comma list [default: 300]', group: 'Tune:' })
    .option('silence-duration-ms', { type: 'string', describe: 'silence durations to search: a range 200..1500, 200..1500:50, or a comma list [default: 500]', group: 'Tune:' });
}

/** Options of the run that a tune may not take, and why. */
const REFUSED: Readonly<Record<string, string>> = {
  shard: '--shard cannot be given to rtbench tune: each round is decided from the one before, so a tune runs on one machine',
  failOn: '--fail-on cannot be given to rtbench tune: it writes the gate of its answer itself; give conditions with "subject to" in --objective',
};

/** Flags that may be given again with `--resume` (as for `rtbench run --resume`). */
const RESUMABLE = new Set(['resume', 'header', 'concurrency', 'sessionRate', 'maxAttempts']);

/** A tune to run: its options, its search, and the stored state when resuming. */
export interface TunePlanInput {
  readonly options: ResolvedOptions;
  readonly spec: TuneSpec;
  readonly resume?: { readonly file: TuneFile; readonly meta: RunMeta };
}

function searchNumber(problems: string[], flag: string, raw: unknown, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  // yargs has already turned a flag's text into NaN, so only a config file's value can be shown.
  if (!Number.isFinite(n) || !check(n)) problems.push(`--${flag}${typeof raw === 'number' && Number.isNaN(raw) ? '' : ` ${JSON.stringify(raw)}`}: must be ${rule}`);
  return n;
}

function searchOf(merged: Record<string, unknown>, objectiveText: unknown, problems: string[]): Omit<TuneSpec, 'space' | 'objective'> & { objective: TuneSpec['objective'] | null } {
  const eta = searchNumber(problems, 'eta', merged.eta, TUNE_DEFAULTS.eta, (n) => Number.isInteger(n) && n >= 2 && n <= 100, 'a whole number from 2 to 100');
  const minItems = searchNumber(problems, 'min-items', merged.minItems, TUNE_DEFAULTS.minItems, (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1');
  const alpha = searchNumber(problems, 'alpha', merged.alpha, TUNE_DEFAULTS.alpha, (n) => n > 0 && n < 1, 'a number between 0 and 1');
  if (typeof objectiveText !== 'string' || objectiveText.trim() === '') {
    problems.push('--objective is required, e.g. --objective "min turn_split_rate + false_starts_per_hour/100 subject to stopped_to_transcript_ms.p95<1200"');
    return { eta, minItems, alpha, objective: null };
  }
  try {
    return { eta, minItems, alpha, objective: parseObjective(objectiveText) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return { eta, minItems, alpha, objective: null };
  }
}

function spaceOf(options: ResolvedOptions): TuneSpec['space'] {
  return { vad: options.vad, threshold: options.threshold, prefixPaddingMs: options.prefixPaddingMs, silenceDurationMs: options.silenceDurationMs, eagerness: options.eagerness };
}

/** The keys a config file of `rtbench tune` may hold: those of run, the search's own, and the ranges. */
function tuneConfigSchema(): ReturnType<typeof configSchemaOf> {
  return configSchemaOf(declareTuneOptions(declareRunOptions(yargs())) as unknown as DeclaredOptions, Object.keys(RANGE_SETTINGS));
}

/** Reads a new tune from its flags (and `--config` file under them); every problem is reported at once. */
export function newTunePlan(argv: Record<string, unknown>, io: CliIo): TunePlanInput {
  const file = typeof argv.config === 'string' ? readConfigFile(argv.config, io.cwd, tuneConfigSchema()) : {};
  const merged: Record<string, unknown> = { ...file, ...Object.fromEntries(Object.entries(argv).filter(([, v]) => v !== undefined)) };
  const problems = Object.keys(REFUSED).filter((k) => merged[k] !== undefined && merged[k] !== null).map((k) => REFUSED[k] as string);
  const steps = parseSteps(merged.step, problems);
  const ranges: Partial<Record<RangeSetting, number[]>> = {};
  for (const key of Object.keys(RANGE_SETTINGS) as RangeSetting[]) ranges[key] = parseSettingValues(key, merged[key], steps[key], problems);
  const search = searchOf(merged, merged.objective, problems);
  const rest = Object.fromEntries(Object.entries(merged).filter(([k]) => !(k in RANGE_SETTINGS) && !Object.values(RANGE_SETTINGS).some((s) => s.flag === k) && k !== 'config' && !(k in REFUSED)));
  let runOptions: RunOptions = {};
  try {
    runOptions = { ...toRunOptions(rest, io.cwd), ...ranges };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || search.objective === null) throw new ConfigError(problems, { hint: 'Run `rtbench tune --help` for every option; the README describes the objective language.' });
  const options = resolveOptions(runOptions, { cwd: io.cwd, env: io.env, bundledCorpus: BUNDLED_CORPUS });
  return { options, spec: { ...search, objective: search.objective, space: spaceOf(options) } };
}

/** Reads the tune to finish from its folder (`--resume DIR`): its options and search come from tune.json. */
export function resumedTunePlan(argv: Record<string, unknown>, io: CliIo): TunePlanInput {
  const dir = resolve(io.cwd, String(argv.resume));
  const file = readTuneFile(dir);
  const meta = readRunMeta(dir);
  const given = Object.keys(argv).filter((k) => k !== '_' && k !== '$0' && !k.includes('-') && argv[k] !== undefined && !RESUMABLE.has(k));
  const problems = given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} cannot be given with --resume: the tune's options come from ${dir}/tune.json (only --header, --concurrency, --session-rate and --max-attempts may change)`);
  const flags = toRunOptions(Object.fromEntries(Object.entries(argv).filter(([k]) => RESUMABLE.has(k))), io.cwd);
  const storedHeaders = Array.isArray(file.options.headers) ? file.options.headers.map(String) : [];
  const givenHeaders = new Set((flags.headers ?? []).map((h) => h.slice(0, h.indexOf('=')).trim().toLowerCase()));
  const missing = storedHeaders.filter((name) => !givenHeaders.has(name.toLowerCase()));
  if (missing.length > 0) problems.push(`--resume ${dir}: the tune was started with --header ${missing.join(', ')}; give them again (header values are never stored)`);
  const search = searchOf({ eta: file.search.eta, minItems: file.search.minItems, alpha: file.search.alpha }, file.search.objective, problems);
  if (problems.length > 0 || search.objective === null) throw new ConfigError(problems, { hint: 'Run `rtbench tune --resume <dir>` alone, or with --header, --concurrency, --session-rate or --max-attempts.' });
  const stored: RunOptions = { ...runOptionsFromRunJson(file.options), failOn: [], shard: null };
  const runOptions: RunOptions = { ...stored, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)), out: dirname(dir), runId: basename(dir) };
  const options = resolveOptions(runOptions, { cwd: io.cwd, env: io.env, bundledCorpus: BUNDLED_CORPUS });
  return { options, spec: { ...search, objective: search.objective, space: file.search.space }, resume: { file, meta } };
}
