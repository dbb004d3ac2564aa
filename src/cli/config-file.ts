import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { ConfigError } from '../errors.js';

/** The keys a config file may hold (camelCase) and the JSON type each takes. */
export interface ConfigSchema {
  readonly numbers: ReadonlySet<string>;
  readonly booleans: ReadonlySet<string>;
  /** Comma lists: a string, a number, or a JSON list of them. */
  readonly lists: ReadonlySet<string>;
  /** One string (or, for `speed`, a number). */
  readonly strings: ReadonlySet<string>;
  /** Keys that belong on the command line only, with why. */
  readonly commandLineOnly: Readonly<Record<string, string>>;
}

/** Options that take text which may also be written as a JSON number. */
const NUMBER_OR_TEXT = new Set(['speed']);

const camel = (key: string): string => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The known key closest to `key`, when one is close enough to be a typo of it. */
export function nearestName(key: string, known: Iterable<string>): string | null {
  const plain = (k: string): string => k.toLowerCase().replace(/[-_]/g, '');
  let best: { name: string; distance: number } | null = null;
  for (const name of known) {
    const distance = editDistance(plain(key), plain(name));
    if (best === null || distance < best.distance) best = { name, distance };
  }
  return best !== null && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : null;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

const isScalar = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** What is wrong with one key's value, or null. */
function typeProblem(key: string, value: unknown, schema: ConfigSchema): string | null {
  const nullable = (DEFAULTS as Record<string, unknown>)[key] === null;
  if (value === null) return nullable ? null : `${key} cannot be null`;
  if (schema.booleans.has(key)) return typeof value === 'boolean' ? null : `${key} must be true or false (got ${describeValue(value)})`;
  if (schema.numbers.has(key)) return typeof value === 'number' && Number.isFinite(value) ? null : `${key} must be a number (got ${describeValue(value)})`;
  if (schema.lists.has(key)) return isScalar(value) || (Array.isArray(value) && value.every(isScalar)) ? null : `${key} must be a string, a number or a list of them (got ${describeValue(value)})`;
  if (NUMBER_OR_TEXT.has(key)) return isScalar(value) ? null : `${key} must be a number or a string (got ${describeValue(value)})`;
  return typeof value === 'string' ? null : `${key} must be a string (got ${describeValue(value)})`;
}

function checkKeys(entries: readonly [string, unknown][], schema: ConfigSchema): string[] {
  const known = [...schema.numbers, ...schema.booleans, ...schema.lists, ...schema.strings];
  const knownSet = new Set(known);
  return entries.flatMap(([original, value]) => {
    const key = camel(original);
    const why = schema.commandLineOnly[key];
    if (why !== undefined) return [`${original} cannot be set in a config file: ${why}`];
    if (!knownSet.has(key)) {
      const near = nearestName(key, known);
      const spelled = near === null ? null : original.includes('-') ? kebab(near) : near;
      return [`unknown key ${JSON.stringify(original)}${spelled === null ? '' : ` (did you mean ${JSON.stringify(spelled)}?)`}`];
    }
    const problem = typeProblem(key, value, schema);
    return problem === null ? [] : [problem];
  });
}

function decode(bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new Error('the file is UTF-16; save it as UTF-8');
  const text = bytes.toString('utf8');
  // Windows editors start UTF-8 files with a byte order mark; JSON.parse does not take it.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Reads `--config FILE`: one JSON object whose keys are option names (camelCase or kebab-case).
 * Unknown keys (with the nearest known name) and values of the wrong type are refused, all at
 * once; a UTF-8 byte order mark is skipped.
 */
export function readConfigFile(path: string, cwd: string, schema: ConfigSchema): Record<string, unknown> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decode(readFileSync(full)));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError([code === undefined ? `--config ${path}: ${why}` : `--config ${path}: cannot read it (${why})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError([`--config ${path}: the file must hold one JSON object`]);
  const entries = Object.entries(parsed);
  const problems = checkKeys(entries, schema).map((p) => `--config ${path}: ${p}`);
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'Config keys are the options of `rtbench run --help`, in camelCase or kebab-case.' });
  return Object.fromEntries(entries.map(([k, v]) => [camel(k), v]));
}
