import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CorpusError } from '../errors.js';
import { parseCassette } from '../pipeline/cassette.js';
import type { SessionRecord } from '../pipeline/record.js';

/** A cassette read from disk. */
export interface LoadedCassette {
  readonly path: string;
  readonly record: SessionRecord;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() && entry.name.endsWith('.jsonl') ? [path] : [];
    });
}

/** The cassette files named by `sources`: files as given, folders searched (a run folder's `sessions/`). */
export function findCassettes(sources: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const source of sources) {
    const path = resolve(cwd, source);
    if (!existsSync(path)) throw new CorpusError(`${source} does not exist`, { hint: 'Give a run folder (results/<run-id>) or cassette files (.jsonl).' });
    const stat = statSync(path);
    if (stat.isFile()) {
      files.push(path);
      continue;
    }
    if (!stat.isDirectory()) throw new CorpusError(`${source} is neither a cassette file nor a folder`, { hint: 'Give a run folder (results/<run-id>) or cassette files (.jsonl).' });
    const sessions = join(path, 'sessions');
    const found = walk(existsSync(sessions) ? sessions : path);
    if (found.length === 0) throw new CorpusError(`${source} holds no cassettes (.jsonl files)`, { hint: 'Give a run folder (results/<run-id>) or cassette files.' });
    files.push(...found);
  }
  return files;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CorpusError(`cannot read ${path} (${error instanceof Error && 'code' in error ? String(error.code) : String(error)})`, { hint: 'Give cassette files rtbench can read.', cause: error });
  }
}

/** Reads and parses cassettes; a damaged or unreadable one throws, naming the file (the line and why). */
export function loadCassettes(files: readonly string[]): LoadedCassette[] {
  return files.map((path) => ({ path, record: parseCassette(readText(path), path) }));
}

/** The run.json next to a run folder's sessions, when there is one. */
export function readRunJson(source: string, cwd: string): Record<string, unknown> | null {
  const path = join(resolve(cwd, source), 'run.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
