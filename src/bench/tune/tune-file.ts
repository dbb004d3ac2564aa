import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { TuneAnswer } from './answer.js';
import type { SettingEvidence } from './evidence.js';
import type { SearchPlan } from './plan.js';
import type { RoundOutcome } from './round.js';

/** Version of tune.json. */
export const TUNE_SCHEMA_VERSION = 1;

/** The file that holds a tune's question, plan and progress: `<tune-dir>/tune.json`. */
export const TUNE_FILE = 'tune.json';

/** The config file of the recommendation, for `rtbench run --config`. */
export const RECOMMENDED_CONFIG_FILE = 'recommended.config.json';

/** The `--fail-on` gate of the recommendation, one line. */
export const GATE_FILE = 'gate.txt';

/** What was asked: everything besides the run options that decides the search. */
export interface TuneSearch {
  /** `--objective`, as given. */
  readonly objective: string;
  readonly eta: number;
  readonly minItems: number;
  readonly alpha: number;
  /** The searched values of each setting (the matrix lists of the options). */
  readonly space: Readonly<Record<string, readonly (number | string)[]>>;
}

/** A round as tune.json keeps it. */
export interface RoundRecord extends RoundOutcome {
  /** Sessions the round ran, or kept from the folder when resumed. */
  readonly newSessions: number;
}

/** State of a tune: `running` while rounds go, `interrupted` by Ctrl-C, `stopped` by an error, `done` with its answer. */
export type TuneStatus = 'running' | 'interrupted' | 'stopped' | 'done';

/** tune.json. */
export interface TuneFile {
  readonly kind: 'rtbench.tune';
  readonly schemaVersion: number;
  readonly tuneId: string;
  readonly harnessVersion: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: TuneStatus;
  readonly search: TuneSearch;
  /** The run options (as run.json keeps them: no secrets), the searched lists included. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly plan: SearchPlan;
  /** Config ids of the grid, in grid order. */
  readonly grid: readonly string[];
  readonly rounds: readonly RoundRecord[];
  readonly sessionsUsed: number;
  readonly answer: TuneAnswer | null;
  readonly settings: readonly SettingEvidence[];
  /** When each resume started and how many finished sessions it found. */
  readonly resumes: readonly { readonly at: string; readonly kept: number }[];
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Writes tune.json whole (through a temporary file, so that a kill never leaves half of it). */
export function writeTuneFile(dir: string, file: TuneFile): void {
  const { schemaVersion, ...rest } = file;
  const path = join(dir, TUNE_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ schema_version: schemaVersion, ...rest }, replacer, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Reads tune.json of a tune folder; a missing, damaged or newer one is a ConfigError naming it. */
export function readTuneFile(dir: string): TuneFile {
  const path = join(dir, TUNE_FILE);
  if (!existsSync(path)) throw new ConfigError([`${dir}: no ${TUNE_FILE} here, so it is not a folder rtbench tune wrote`], { hint: 'Pass the folder a tune wrote, e.g. results/<tune-id>.' });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const version = raw.schema_version;
  if (raw.kind !== 'rtbench.tune' || typeof version !== 'number' || version > TUNE_SCHEMA_VERSION) {
    throw new ConfigError([`${path}: not a tune file this rtbench reads (kind ${String(raw.kind)}, schema_version ${String(version)})`], { hint: 'Upgrade rtbench, or start the tune again.' });
  }
  const search = raw.search as Partial<TuneSearch> | undefined;
  if (typeof search?.objective !== 'string' || typeof search.eta !== 'number' || typeof search.minItems !== 'number' || typeof search.alpha !== 'number' || typeof raw.options !== 'object' || raw.options === null) {
    throw new ConfigError([`${path}: its search or options are missing or damaged`], { hint: 'Start the tune again.' });
  }
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'schema_version'));
  return { ...(rest as unknown as TuneFile), schemaVersion: version, resumes: Array.isArray(raw.resumes) ? (raw.resumes as TuneFile['resumes']) : [] };
}
