import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CorpusError } from '../errors.js';
import { foreignEncoding, manifestLines, type ManifestLine } from './manifest-text.js';

/** One line of `manifest.jsonl`, checked, with its audio path made absolute. */
export interface CorpusItem {
  readonly id: string;
  /** As written in the manifest (relative to it). */
  readonly audio: string;
  /** Absolute path, known to stay inside the corpus folder. */
  readonly audioPath: string;
  /** Reference transcript; `""` = no speech; `null` = not transcribed (VAD only). */
  readonly text: string | null;
  readonly language: string | null;
  /** True speech, `[start_s, end_s]` in file time; null when unknown. */
  readonly speechSegments: readonly (readonly [number, number])[] | null;
  readonly segmentsMethod: string | null;
  /** One reference per segment, when the manifest has them. */
  readonly segmentsText: readonly string[] | null;
  /** `duration_s` as the manifest states it, when it does (checked by `rtbench corpus check`). */
  readonly declaredDurationS: number | null;
  /** `expected_tool_call`: the function the item should make a voice agent call; null when none. */
  readonly expectedToolCall: ExpectedToolCall | null;
}

/** A function call an item expects: its name and its arguments (a JSON object). */
export interface ExpectedToolCall {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/**
 * Reads an `expected_tool_call` (`{name, arguments}`; arguments an object or a JSON string of
 * one); throws naming the field. `where` prefixes the message.
 */
export function readExpectedToolCall(value: unknown, where = 'expected_tool_call'): ExpectedToolCall {
  const call = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (call === null) throw new Error(`${where} must be an object {"name": "...", "arguments": {...}}`);
  if (typeof call.name !== 'string' || call.name.trim() === '') throw new Error(`${where}.name must be a non-empty string`);
  let args: unknown = call.arguments ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      throw new Error(`${where}.arguments is a string that is not JSON`);
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new Error(`${where}.arguments must be a JSON object`);
  return { name: call.name, arguments: args as Record<string, unknown> };
}

/** A manifest line that cannot be run; it becomes an error row. */
export interface ManifestProblem {
  /** 1-based line number in manifest.jsonl. */
  readonly line: number;
  /** The item's id when it has a usable one, else `line-<n>`. */
  readonly id: string;
  readonly message: string;
}

/** A loaded corpus: the items that can run, and the lines that cannot. */
export interface Corpus {
  readonly dir: string;
  readonly manifestPath: string;
  readonly items: readonly CorpusItem[];
  readonly problems: readonly ManifestProblem[];
  /** sha256 of manifest.jsonl. */
  readonly digest: string;
}

/** File name of the manifest inside a corpus folder. */
export const MANIFEST_NAME = 'manifest.jsonl';

/** Whether `path` lies inside the folder `dir` (the folder itself is not inside it). */
export function isInsideFolder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  // `..hidden.wav` is a file in the folder; only `..` itself or `../…` climbs out.
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function readSegments(value: unknown): [number, number][] | string | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return 'speech_segments must be a list of [start_s, end_s] pairs';
  const segments: [number, number][] = [];
  for (const [index, pair] of (value as unknown[]).entries()) {
    if (Array.isArray(pair) && pair.length === 2 && pair.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
      return `speech_segments: segment ${index + 1} [${pair.map(String).join(', ')}] has a number too large to hold (JSON numbers beyond about 1.8e308, such as 1e309, read as infinite); give its start and end in seconds`;
    }
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === 'number')) {
      return `speech_segments: ${JSON.stringify(pair)} is not a [start_s, end_s] pair of numbers`;
    }
    const [start, end] = pair as [number, number];
    if (start < 0 || end < start) return `speech_segments: [${start}, ${end}] must have 0 <= start <= end`;
    segments.push([start, end]);
  }
  return segments;
}

function checkAudioPath(dir: string, realDir: string, audio: string): string {
  if (isAbsolute(audio)) throw new Error(`audio "${audio}" is an absolute path; write it relative to ${MANIFEST_NAME}`);
  const audioPath = resolve(dir, audio);
  if (!isInsideFolder(dir, audioPath)) throw new Error(`audio "${audio}" points outside the corpus folder`);
  if (!existsSync(audioPath)) throw new Error(`audio file "${audio}" not found in ${dir}`);
  const real = realpathSync(audioPath);
  if (!isInsideFolder(realDir, real)) throw new Error(`audio "${audio}" is a link to a file outside the corpus folder`);
  if (!statSync(real).isFile()) throw new Error(`audio "${audio}" is not a file`);
  try {
    accessSync(real, constants.R_OK);
  } catch (error) {
    throw new Error(`audio file "${audio}" cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : 'no permission'})`);
  }
  return audioPath;
}

function optionalString(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Error(`${key} must be a string`);
  return value;
}

function parseItem(dir: string, realDir: string, raw: unknown): CorpusItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the line is not a JSON object');
  const obj = raw as Record<string, unknown>;
  const { id, audio, text } = obj;
  if (typeof id !== 'string' || id.trim() === '') throw new Error('id is missing or not a non-empty string');
  if (typeof audio !== 'string' || audio === '') throw new Error('audio is missing or not a string');
  if (!('text' in obj)) throw new Error('text is missing (use "" for no speech, null for not transcribed)');
  if (text !== null && typeof text !== 'string') throw new Error('text must be a string or null');
  const speechSegments = readSegments(obj.speech_segments);
  if (typeof speechSegments === 'string') throw new Error(speechSegments);
  const segmentsText = obj.segments_text;
  if (segmentsText !== undefined && segmentsText !== null && (!Array.isArray(segmentsText) || !segmentsText.every((s) => typeof s === 'string'))) {
    throw new Error('segments_text must be a list of strings');
  }
  return {
    id,
    audio,
    audioPath: checkAudioPath(dir, realDir, audio),
    text,
    language: optionalString(obj, 'language'),
    speechSegments,
    segmentsMethod: optionalString(obj, 'segments_method'),
    segmentsText: Array.isArray(segmentsText) ? segmentsText : null,
    declaredDurationS: typeof obj.duration_s === 'number' && Number.isFinite(obj.duration_s) ? obj.duration_s : null,
    expectedToolCall: obj.expected_tool_call === undefined || obj.expected_tool_call === null ? null : readExpectedToolCall(obj.expected_tool_call),
  };
}

function readManifest(dir: string): { manifestPath: string; bytes: Buffer } {
  if (!existsSync(dir)) throw new CorpusError(`corpus folder ${dir} does not exist`, { hint: 'Pass --corpus DIR with a folder that holds manifest.jsonl, or leave it out to use the bundled corpus.' });
  if (!statSync(dir).isDirectory()) throw new CorpusError(`--corpus ${dir} is not a folder`, { hint: 'Pass the folder that holds manifest.jsonl.' });
  const manifestPath = join(dir, MANIFEST_NAME);
  if (!existsSync(manifestPath)) throw new CorpusError(`${manifestPath} not found`, { hint: 'A corpus folder needs a manifest.jsonl with one {"id", "audio", "text"} object per line (see the README).' });
  let bytes: Buffer;
  try {
    bytes = readFileSync(manifestPath);
  } catch (error) {
    throw new CorpusError(`cannot read ${manifestPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const foreign = foreignEncoding(bytes);
  if (foreign !== null) {
    throw new CorpusError(`${manifestPath} is ${foreign} text, not UTF-8`, { hint: `JSON Lines files are UTF-8: save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 ${MANIFEST_NAME} > utf8.jsonl, or "UTF-8" in the editor's Save As).` });
  }
  return { manifestPath, bytes };
}

/** A non-blank manifest line, parsed as far as it goes. */
interface ParsedLine {
  readonly line: number;
  readonly raw: unknown;
  /** Its id when it has a usable one. */
  readonly id: string | null;
  /** Why the line cannot be an item before its fields are looked at (not JSON, not UTF-8). */
  readonly failure: string | null;
}

function parseLine({ line, text, notUtf8 }: ManifestLine): ParsedLine {
  let raw: unknown = null;
  let failure: string | null = notUtf8 === null ? null : `is not UTF-8: ${notUtf8}`;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    failure ??= `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const rawId = (raw as { id?: unknown } | null)?.id;
  // An id read through bytes that are not UTF-8 holds U+FFFD where they were: not the id meant.
  const usable = typeof rawId === 'string' && rawId.trim() !== '' && !(notUtf8 !== null && rawId.includes('\uFFFD'));
  return { line, raw, id: usable ? rawId : null, failure };
}

/** Two ids whose cassette files would be one file on a file system that ignores case (macOS, Windows) count as one. */
const fileKey = (id: string): string => fileSafeId(id).toLowerCase();

/**
 * Names lines that have no usable id of their own (`line-<n>`) or repeat one (`<id>#line-<n>`),
 * with `#2`, `#3`, … added where that name is an item's id: a placeholder never shares a row
 * or a cassette file with an item.
 */
function createPlaceholders(lines: readonly ParsedLine[]): (base: string) => string {
  const used = new Set(lines.flatMap((l) => (l.id === null ? [] : [fileKey(l.id)])));
  return (base) => {
    let name = base;
    for (let k = 2; used.has(fileKey(name)); k++) name = `${base}#${k}`;
    used.add(fileKey(name));
    return name;
  };
}

/** Loads and checks a corpus folder. Bad lines become problems; an unusable folder throws CorpusError. */
export function loadCorpus(corpusDir: string): Corpus {
  const dir = resolve(corpusDir);
  const { manifestPath, bytes } = readManifest(dir);
  const realDir = realpathSync(dir);
  const items: CorpusItem[] = [];
  const problems: ManifestProblem[] = [];
  const lines = manifestLines(bytes).filter((l) => l.text.trim() !== '').map(parseLine);
  const placeholder = createPlaceholders(lines);
  const owners = new Map<string, { id: string; line: number }>();
  for (const { line, raw, id, failure } of lines) {
    if (id === null && failure !== null) {
      problems.push({ line, id: placeholder(`line-${line}`), message: `${MANIFEST_NAME} line ${line} ${failure}` });
      continue;
    }
    const owner = id === null ? undefined : owners.get(fileKey(id));
    if (id !== null && owner !== undefined) {
      const why = owner.id === id ? `duplicate id "${id}" (ids must be unique)` : `id "${id}" differs from "${owner.id}" (line ${owner.line}) only in case; their cassettes would be one file where file names ignore case (macOS, Windows), so make them differ in more than case`;
      problems.push({ line, id: placeholder(`${id}#line-${line}`), message: `${MANIFEST_NAME} line ${line}: ${why}` });
      continue;
    }
    const name = id ?? placeholder(`line-${line}`);
    if (id !== null) owners.set(fileKey(id), { id, line });
    try {
      if (failure !== null) throw new Error(`the line ${failure}`);
      items.push(parseItem(dir, realDir, raw));
    } catch (error) {
      problems.push({ line, id: name, message: `${MANIFEST_NAME} line ${line} (${name}): ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (items.length === 0 && problems.length === 0) throw new CorpusError(`${manifestPath} has no items`, { hint: 'Add one JSON object per line.' });
  const digest = createHash('sha256').update(bytes).digest('hex');
  return { dir, manifestPath, items, problems, digest };
}

/** Longest id used as a file name as it is; file systems allow 255 bytes, and `.<repeat>.jsonl` follows. */
const MAX_PLAIN_ID = 200;

/**
 * Path separator-free form of an id, safe as a file name. An id of letters, digits, `.`, `_`
 * and `-` (not starting with `.`, at most 200 long) is its own name; any other id is a safe
 * prefix, `~` and 96 bits of its sha256. No plain name holds `~`, so two ids never share a name
 * (short of a hash collision).
 */
export function fileSafeId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  if (safe === id && id.length <= MAX_PLAIN_ID) return id;
  return `${safe.slice(0, 80)}~${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;
}
