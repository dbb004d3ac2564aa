import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { damagedRecord } from './damaged-session.js';
import { parseCassette } from '../pipeline/cassette.js';
import type { SessionRecord } from '../pipeline/record.js';
import { RESULTS_SCHEMA_VERSION, type RunMeta, type RunResult } from './run-result.js';

/** One cassette read back from a run folder. */
export interface StoredSession {
  /** Path relative to the run folder (`sessions/<config_id>/<item>.<repeat>.jsonl`). */
  readonly path: string;
  /** The session; for a damaged cassette, a stand-in whose outcome says so (damaged-session.ts). */
  readonly record: SessionRecord;
  /** Why the cassette could not be read (file, line, reason); null when it could. */
  readonly damage: string | null;
}

/** A run folder read back: what run.json says, and every session it holds. */
export interface StoredRun {
  readonly dir: string;
  readonly meta: RunMeta;
  readonly sessions: readonly StoredSession[];
  /** Cassettes that could not be read, with the reason (each is also a session, an error row). */
  readonly problems: readonly string[];
}

/** Reads run.json of a run folder; a missing or unreadable one is a ConfigError naming the folder. */
export function readRunMeta(dir: string): RunMeta {
  const path = join(dir, 'run.json');
  if (!existsSync(path)) {
    throw new ConfigError([`${dir}: no run.json here, so it is not an rtbench run folder`], { hint: 'Pass the folder a run wrote, e.g. results/<run-id>.' });
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const version = raw.schema_version ?? raw.schemaVersion;
  if (typeof version !== 'number' || version > RESULTS_SCHEMA_VERSION) {
    throw new ConfigError([`${path}: schema_version ${String(version)} is not one this rtbench reads (${RESULTS_SCHEMA_VERSION})`], { hint: 'Upgrade rtbench to read newer results.' });
  }
  const meta = Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'schema_version'));
  return { ...(meta as unknown as RunMeta), schemaVersion: version };
}

function cassetteFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      // A link to nothing is listed as a file: reading it then says why it cannot be.
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) walk(path);
      else if (name.endsWith('.jsonl')) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/**
 * Every cassette of a run folder, parsed. A damaged one is a problem and still a session: a
 * stand-in that keeps its row, an error saying what is damaged, scored as nothing.
 */
export function readSessions(dir: string): { sessions: StoredSession[]; problems: string[] } {
  const sessionsDir = join(dir, 'sessions');
  if (!existsSync(sessionsDir)) return { sessions: [], problems: [] };
  const read = cassetteFiles(sessionsDir).map((file): { path: string; text: string; parsed: SessionRecord | string } => {
    const path = relative(dir, file);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { path, text, parsed: `${path} cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : String(error)})` };
    }
    try {
      return { path, text, parsed: parseCassette(text, path) };
    } catch (error) {
      return { path, text, parsed: error instanceof Error ? error.message : String(error) };
    }
  });
  const configOf = new Map(read.flatMap((r) => (typeof r.parsed === 'string' ? [] : [[dirname(r.path), r.parsed.meta.config] as const])));
  const sessions = read.map(({ path, text, parsed }): StoredSession => {
    if (typeof parsed !== 'string') return { path, record: parsed, damage: null };
    return { path, record: damagedRecord(text, path, parsed, configOf.get(dirname(path)) ?? null), damage: parsed };
  });
  const problems = sessions.flatMap((s) => (s.damage === null ? [] : [`damaged cassette ${join(dir, s.path)}: ${s.damage.replace(`${s.path} `, '')}; kept as an error row, not scored`]));
  return { sessions, problems };
}

/** Reads a whole run folder; a folder without sessions/ is a ConfigError (there is nothing to score). */
export function readRunDir(dir: string): StoredRun {
  const meta = readRunMeta(dir);
  if (statSync(join(dir, 'sessions'), { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new ConfigError([`${dir}: no sessions/ folder, so there are no cassettes to score`], { hint: 'Keep the sessions/ folder of a run to re-score or merge it.' });
  }
  return { dir, meta, ...readSessions(dir) };
}

/**
 * The scored run of a folder, from its summary.json (the fast way, and what a stored baseline
 * keeps); null when the folder has none. Values written as null stay null.
 */
export function readSummaryJson(dir: string): RunResult | null {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) return null;
  let raw: { schema_version?: unknown; run?: RunMeta; summary?: RunResult['summary']; thresholds?: RunResult['thresholds']; items?: RunResult['items'] };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw;
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  if (typeof raw.schema_version !== 'number' || raw.schema_version > RESULTS_SCHEMA_VERSION || !raw.run || !Array.isArray(raw.items) || !Array.isArray(raw.summary)) {
    throw new ConfigError([`${path}: not an rtbench summary this version reads (schema_version ${String(raw.schema_version)})`], { hint: 'Re-score the folder with `rtbench report <dir>`.' });
  }
  return { meta: raw.run, summary: raw.summary, thresholds: raw.thresholds ?? [], items: raw.items };
}
