import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunOptions } from '../config/options.js';
import { runOptionsFromRunJson } from '../bench/resume.js';
import { readRunMeta } from '../bench/run-dir.js';
import type { RunMeta } from '../bench/run-result.js';
import { TUNE_FILE } from '../bench/tune/tune-file.js';
import { ConfigError } from '../errors.js';
import { toRunOptions } from './run-options.js';

/**
 * Flags that may be given again with `--resume`: they change how the rest of the run is carried
 * out, never what it measures. Header values were never stored, so the run's headers must come
 * again; the API key comes from the environment as always.
 */
const RESUMABLE = new Set(['resume', 'header', 'concurrency', 'sessionRate', 'maxAttempts', 'failOn', 'junit', 'markdown']);

function givenFlags(argv: Record<string, unknown>): string[] {
  return Object.keys(argv).filter((key) => key !== '_' && key !== '$0' && !key.includes('-') && argv[key] !== undefined);
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What `rtbench run --resume <run-dir>` runs: the folder's stored options, the folder itself, and its run.json. */
export interface ResumePlan {
  readonly options: RunOptions;
  readonly runDir: string;
  readonly stored: RunMeta;
}

/**
 * Refuses a folder `rtbench run` did not write: a replay's folder (its sessions came from
 * cassettes, not from a corpus, so running "the rest" would run some other corpus), or a
 * run.json that does not name its corpus.
 */
function checkResumable(stored: RunMeta, runDir: string): void {
  const replayOf = stored.options.replayOf;
  if (Array.isArray(replayOf)) {
    throw new ConfigError([`--resume ${runDir}: this folder was written by rtbench replay (of ${replayOf.length} cassette(s)), not by rtbench run, so there is no corpus to finish`], {
      hint: 'A replay is complete when it ends; run `rtbench replay` on the cassettes again to redo it, or resume the folder of the run that recorded them.',
    });
  }
  if (typeof stored.options.corpus !== 'string' || stored.options.corpus === '') {
    throw new ConfigError([`--resume ${runDir}: its run.json does not say which corpus the run used (options.corpus), so the sessions left to run are unknown`], { hint: 'Resume a folder written by `rtbench run`.' });
  }
}

/**
 * Reads the run folder's run.json and turns it back into options, with the flags that may be
 * given again; refuses (all at once) flags that would change what is measured, and a run whose
 * headers are not given again.
 */
export function resumePlan(argv: Record<string, unknown>, cwd: string): ResumePlan {
  const runDir = resolve(cwd, String(argv.resume));
  // A tune's folder is a run folder too, but its run.json holds the whole grid, not the sessions the tune planned.
  if (existsSync(join(runDir, TUNE_FILE))) throw new ConfigError([`--resume ${runDir}: this folder is a tune's; finish it with \`rtbench tune --resume ${runDir}\``]);
  const stored = readRunMeta(runDir);
  checkResumable(stored, runDir);
  const problems = givenFlags(argv)
    .filter((flag) => !RESUMABLE.has(flag))
    .map((flag) => `--${kebab(flag)} cannot be given with --resume: the run's options come from ${runDir}/run.json (only --header, --concurrency, --session-rate, --max-attempts and --fail-on may change)`);
  const flags = toRunOptions(Object.fromEntries(Object.entries(argv).filter(([key]) => RESUMABLE.has(key))), cwd);
  const storedHeaders = Array.isArray(stored.options.headers) ? stored.options.headers.map(String) : [];
  const givenHeaders = new Set((flags.headers ?? []).map((h) => h.slice(0, h.indexOf('=')).trim().toLowerCase()));
  const missing = storedHeaders.filter((name) => !givenHeaders.has(name.toLowerCase()));
  if (missing.length > 0) problems.push(`--resume ${runDir}: the run was started with --header ${missing.join(', ')}; give them again (header values are never stored)`);
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'Run `rtbench run --resume <run-dir>` with the same headers and environment (OPENAI_API_KEY) as the run had.' });
  const options: RunOptions = {
    ...runOptionsFromRunJson(stored.options),
    ...Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)),
    out: dirname(runDir),
    runId: basename(runDir),
  };
  return { options, runDir, stored };
}
