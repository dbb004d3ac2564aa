import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import type { ManifestProblem } from '../../corpus/manifest.js';
import { writeResults } from '../../reporters/results-dir.js';
import type { RunResult } from '../run-result.js';
import { settingOptions, type TuneAnswer } from './answer.js';
import { GATE_FILE, RECOMMENDED_CONFIG_FILE, writeTuneFile, type TuneFile } from './tune-file.js';

/** Options of the tune that say how sessions run (not which setting): they carry over to the recommendation's config file. */
const CARRIED = ['corpus', 'items', 'limit', 'repeat', 'speed', 'chunkMs', 'tailSilenceMs', 'turnTimeoutMs', 'connectTimeoutMs', 'language', 'prompt', 'includeLogprobs', 'instructions', 'voice', 'vadEngine', 'auth', 'seed', 'collarMs'] as const;

/**
 * The config file of a recommendation: `rtbench run --config FILE` runs the recommended setting
 * the way the tune ran it (target, corpus, pacing, seed) and checks the gate (`failOn`). Never
 * holds a secret: the key comes from the environment and headers are given on the command line.
 */
export function recommendedConfig(options: ResolvedOptions, answer: TuneAnswer, runConfig: RunResult['items'][number]['config']): Record<string, unknown> {
  const target = options.target.kind === 'url' ? options.target.url : options.target.kind;
  const carried = Object.fromEntries(CARRIED.filter((key) => { const v = options[key]; return v !== null && !(Array.isArray(v) && v.length === 0); }).map((key) => [key, options[key]]));
  return { target, ...carried, ...settingOptions(runConfig), failOn: [...answer.gate] };
}

/** What a tune's folder gets besides tune.json and the run files. */
export interface TuneOutputs {
  readonly answer: TuneAnswer | null;
  readonly options: ResolvedOptions;
  /** Manifest lines that could not be read: left out of the search. */
  readonly skipped: readonly ManifestProblem[];
}

/**
 * Writes a tune's folder: tune.json, the run files of every session so far (items.csv,
 * turns.csv, summary.csv, summary.json, run.json, report.html with the tune's section), and
 * once there is an answer, the recommendation's config file and gate.
 */
export function writeTuneOutputs(dir: string, file: TuneFile, run: RunResult, outputs: TuneOutputs): void {
  writeTuneFile(dir, file);
  writeResults(run, dir, undefined, { tune: { file, skipped: outputs.skipped.map((p) => `${p.id}: ${p.message}`) } });
  const best = outputs.answer?.recommended;
  if (!outputs.answer || !best) return;
  const config = run.items.find((i) => i.config.config_id === best.configId)?.config;
  if (!config) return;
  writeFileSync(join(dir, RECOMMENDED_CONFIG_FILE), `${JSON.stringify(recommendedConfig(outputs.options, outputs.answer, config), null, 2)}\n`);
  writeFileSync(join(dir, GATE_FILE), `${outputs.answer.gate.join(',')}\n`);
}
