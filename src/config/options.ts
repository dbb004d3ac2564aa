import { readFileSync } from 'node:fs';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { DEFAULTS, REMOTE_SESSION_RATE } from './defaults.js';
import { checkKnownModels } from './models.js';
import { parseShard, type Shard } from './shard.js';
import { checkProtocolRules } from './protocol-rules.js';
import { runIdProblem } from './run-id.js';
import { parseTarget, type Target } from './target.js';
import type { RelayAdapter } from './adapter-file.js';
import { resolveFeatures, SAVE_AUDIO_PARTS, type SaveAudioPart } from './feature-options.js';
import type { ToolSet } from './tools-file.js';
import type { AudioFormat, AuthMode, Eagerness, OutputModality, ProtocolGeneration, SessionKind, TransportKind, VadEngineName, VadMode } from './types.js';

/** Options of `rtbench run`, all optional; list options form the matrix. */
export interface RunOptions {
  /** `local`, `openai`, or a `ws://` / `wss://` URL. @default 'local' */
  target?: string;
  /** @default ['ga'] */
  protocol?: ProtocolGeneration[];
  /** @default ['realtime'] */
  session?: SessionKind[];
  /** @default ['gpt-realtime'] */
  model?: string[];
  /** @default ['gpt-4o-transcribe'] */
  transcribeModel?: string[];
  /** @default ['server_vad'] */
  vad?: VadMode[];
  /** @default [0.5] */
  threshold?: number[];
  /** @default [300] */
  prefixPaddingMs?: number[];
  /** @default [500] */
  silenceDurationMs?: number[];
  /** @default ['auto'] */
  eagerness?: Eagerness[];
  /** `websocket`, `webrtc`, or both to compare them. @default ['websocket'] */
  transport?: TransportKind[];
  /** PCM sample rates; 16000 only for non-OpenAI targets. @default [24000] */
  rate?: number[];
  /** Input audio encodings (a matrix option; one value is taken too). @default ['pcm16'] */
  format?: AudioFormat[] | AudioFormat;
  /** What responses are made of: audio (with transcript) or text only. @default ['audio'] */
  outputModalities?: OutputModality[];
  /** JSON file mapping a relay's messages to the protocol (ws:// / wss:// targets). @default null */
  adapter?: string | null;
  /** Write each response's audio (`responses`) and the audio sent (`sent`) as WAV files. @default [] */
  saveAudio?: SaveAudioPart[];
  /** JSON file of function tools for the session, with the canned output of each. @default null */
  tools?: string | null;
  /** Transcription language hint (ISO 639-1). @default null */
  language?: string | null;
  /** Transcription prompt. @default null */
  prompt?: string | null;
  /** Ask for logprobs of input transcriptions (`include`). @default false */
  includeLogprobs?: boolean;
  instructions?: string;
  voice?: string;
  /** @default 1 */
  repeat?: number;
  /** Sessions at once. @default 4 */
  concurrency?: number;
  /** Corpus folder with manifest.jsonl. @default the bundled corpus */
  corpus?: string | null;
  /** Only these item ids. @default [] (all) */
  items?: string[];
  /** At most this many items. @default null */
  limit?: number | null;
  /** Results folder. @default 'results' */
  out?: string;
  /** @default generated from the start time */
  runId?: string;
  /** @default 40 */
  chunkMs?: number;
  /** 1 = real time; 'max' = no pacing. @default 1 */
  speed?: number | 'max';
  /** @default silence_duration_ms + 1000 */
  tailSilenceMs?: number | null;
  /** @default 15000 */
  turnTimeoutMs?: number;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** @default false */
  keepAudio?: boolean;
  /** @default [] */
  failOn?: string[];
  /** @default 'silero' */
  vadEngine?: VadEngineName;
  /** @default 'key' */
  auth?: AuthMode;
  /** Extra handshake headers `k=v`. @default [] */
  headers?: string[];
  /** Seed for everything random (emulator, bootstrap). @default 1 */
  seed?: number;
  /** Collar (ms, total width around each true speech boundary) of the detection error rate. @default 0 */
  collarMs?: number;
  /** Run one slice of the work list, `i/n`. @default null (all) */
  shard?: string | null;
  /** Sessions started per second against the target. @default null (unlimited locally, 2 remotely) */
  sessionRate?: number | null;
  /** Tries of a session that failed in a way that may pass (a dropped socket, a rate limit), the first included. @default 3 */
  maxAttempts?: number;
  /** PEM file of certificate authorities to trust for a wss:// target (a self-signed or private CA). @default null */
  ca?: string | null;
}

/** {@link RunOptions} with every value decided and checked; frozen. */
export interface ResolvedOptions {
  readonly target: Target;
  readonly protocol: readonly ProtocolGeneration[];
  readonly session: readonly SessionKind[];
  readonly model: readonly string[];
  readonly transcribeModel: readonly string[];
  readonly vad: readonly VadMode[];
  readonly threshold: readonly number[];
  readonly prefixPaddingMs: readonly number[];
  readonly silenceDurationMs: readonly number[];
  readonly eagerness: readonly Eagerness[];
  readonly transport: readonly TransportKind[];
  readonly rate: readonly number[];
  readonly format: readonly AudioFormat[];
  readonly outputModalities: readonly OutputModality[];
  /** Absolute path of the adapter file; null: the target speaks the protocol. */
  readonly adapter: string | null;
  /** The adapter file, read and checked. */
  readonly relayAdapter: RelayAdapter | null;
  readonly saveAudio: readonly SaveAudioPart[];
  /** Absolute path of the tools file; null: no tools. */
  readonly tools: string | null;
  /** The tools file, read and checked. */
  readonly toolSet: ToolSet | null;
  readonly language: string | null;
  readonly prompt: string | null;
  readonly includeLogprobs: boolean;
  readonly instructions: string;
  readonly voice: string;
  readonly repeat: number;
  readonly concurrency: number;
  /** Absolute path. */
  readonly corpus: string;
  readonly items: readonly string[];
  readonly limit: number | null;
  /** Absolute path. */
  readonly out: string;
  readonly runId: string | null;
  readonly chunkMs: number;
  readonly speed: number | 'max';
  readonly tailSilenceMs: number | null;
  readonly turnTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly keepAudio: boolean;
  readonly failOn: readonly string[];
  readonly vadEngine: VadEngineName;
  readonly auth: AuthMode;
  readonly headers: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly collarMs: number;
  /** The slice of the work list this machine runs; null = all. */
  readonly shard: Shard | null;
  /** Sessions started per second; null = no limit. */
  readonly sessionRate: number | null;
  readonly maxAttempts: number;
  /** Absolute path of the PEM file of extra certificate authorities; null = the system's only. */
  readonly ca: string | null;
  /** Never written anywhere; `apiKeyProvided` stands for it in records. */
  readonly apiKey: string | null;
}

/** Where resolveOptions looks for relative paths and the environment. */
export interface ResolveContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The corpus shipped with rtbench. */
  bundledCorpus: string;
}

const ENUMS = {
  protocol: ['ga', 'beta'],
  session: ['realtime', 'transcription'],
  vad: ['server_vad', 'semantic_vad', 'none'],
  eagerness: ['low', 'medium', 'high', 'auto'],
  format: ['pcm16', 'g711_ulaw', 'g711_alaw'],
  outputModalities: ['audio', 'text'],
  saveAudio: SAVE_AUDIO_PARTS,
  vadEngine: ['silero', 'webrtc'],
  auth: ['key', 'ephemeral'],
  transport: ['websocket', 'webrtc'],
} as const;

function checkEnum(problems: string[], flag: string, values: readonly string[], allowed: readonly string[]): void {
  for (const value of values) {
    if (!allowed.includes(value)) problems.push(`--${flag} ${value}: must be one of ${allowed.join(', ')}`);
  }
}

function checkRange(problems: string[], flag: string, values: readonly number[], min: number, max: number, integer = false): void {
  for (const value of values) {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push(`--${flag} ${value}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
  }
}

/** Why Node's HTTP client would refuse this header (the handshake then fails for every session), or null. */
function headerProblem(name: string, value: string): string | null {
  try {
    validateHeaderName(name);
  } catch {
    return `the name ${JSON.stringify(name)} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only; no spaces)`;
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    return 'the value holds a character a header cannot carry (a line break, a control character, or one outside Latin-1)';
  }
  return null;
}

function parseHeaders(problems: string[], headers: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const header of headers) {
    const eq = header.indexOf('=');
    const shown = JSON.stringify(header.length > 60 ? `${header.slice(0, 60)}…` : header);
    if (eq <= 0) {
      problems.push(`--header ${shown}: write it as name=value`);
      continue;
    }
    const name = header.slice(0, eq).trim();
    const value = header.slice(eq + 1).trim();
    const problem = headerProblem(name, value);
    if (problem !== null) problems.push(`--header ${shown}: ${problem}`);
    else parsed[name] = value;
  }
  return parsed;
}

/** The matrix options: each must hold at least one value, or the run has no config to run. */
const MATRIX_LISTS = { protocol: 'protocol', session: 'session', vad: 'vad', threshold: 'threshold', prefixPaddingMs: 'prefix-padding-ms', silenceDurationMs: 'silence-duration-ms', eagerness: 'eagerness', transport: 'transport', rate: 'rate' } as const;

function checkMatrix(problems: string[], o: Required<RunOptions> & { format: AudioFormat[] }): void {
  for (const [key, flag] of Object.entries(MATRIX_LISTS)) {
    if ((o[key as keyof typeof MATRIX_LISTS] as readonly unknown[]).length === 0) problems.push(`--${flag}: give at least one value (an empty list runs no session)`);
  }
  checkEnum(problems, 'protocol', o.protocol, ENUMS.protocol);
  checkEnum(problems, 'session', o.session, ENUMS.session);
  checkEnum(problems, 'vad', o.vad, ENUMS.vad);
  checkEnum(problems, 'eagerness', o.eagerness, ENUMS.eagerness);
  checkEnum(problems, 'format', o.format, ENUMS.format);
  checkEnum(problems, 'output-modalities', o.outputModalities, ENUMS.outputModalities);
  checkEnum(problems, 'save-audio', o.saveAudio, ENUMS.saveAudio);
  if (o.format.length === 0) problems.push('--format: give at least one of pcm16, g711_ulaw, g711_alaw');
  if (o.outputModalities.length === 0) problems.push('--output-modalities: give audio, text or both');
  checkEnum(problems, 'vad-engine', [o.vadEngine], ENUMS.vadEngine);
  checkEnum(problems, 'auth', [o.auth], ENUMS.auth);
  checkEnum(problems, 'transport', o.transport, ENUMS.transport);
  checkRange(problems, 'threshold', o.threshold, 0, 1);
  checkRange(problems, 'prefix-padding-ms', o.prefixPaddingMs, 0, 10_000, true);
  checkRange(problems, 'silence-duration-ms', o.silenceDurationMs, 0, 10_000, true);
  for (const name of ['model', 'transcribeModel'] as const) {
    if (o[name].length === 0 || o[name].some((m) => m.trim() === '')) problems.push(`--${name === 'model' ? 'model' : 'transcribe-model'}: give at least one non-empty name`);
  }
  const pcmRates = [24000, 16000];
  if (o.format.includes('pcm16')) {
    for (const rate of o.rate) {
      if (!pcmRates.includes(rate)) problems.push(`--rate ${rate}: PCM input must be 24000 or 16000 Hz (G.711 formats are 8000 Hz: use --format g711_ulaw)`);
    }
  }
}

function checkRun(problems: string[], o: Required<RunOptions>): void {
  checkRange(problems, 'repeat', [o.repeat], 1, 10_000, true);
  checkRange(problems, 'concurrency', [o.concurrency], 1, 2_000, true);
  checkRange(problems, 'chunk-ms', [o.chunkMs], 10, 1_000, true);
  checkRange(problems, 'turn-timeout-ms', [o.turnTimeoutMs], 100, 600_000, true);
  checkRange(problems, 'connect-timeout-ms', [o.connectTimeoutMs], 100, 600_000, true);
  checkRange(problems, 'max-attempts', [o.maxAttempts], 1, 10, true);
  if (o.tailSilenceMs !== null) checkRange(problems, 'tail-silence-ms', [o.tailSilenceMs], 0, 60_000, true);
  if (o.limit !== null) checkRange(problems, 'limit', [o.limit], 1, 10_000_000, true);
  checkRange(problems, 'collar-ms', [o.collarMs], 0, 10_000);
  if (o.speed !== 'max') checkRange(problems, 'speed', [o.speed], 0.01, 1_000);
  const runId = (o.runId as string | undefined) === undefined ? null : runIdProblem('--run-id', o.runId);
  if (runId !== null) problems.push(runId);
}

function checkTarget(problems: string[], target: Target | null, o: Required<RunOptions> & { format: AudioFormat[] }, apiKey: string | null): void {
  if (target === null) return;
  if (target.kind === 'openai') {
    if (apiKey === null) problems.push('--target openai needs an API key: set OPENAI_API_KEY in the environment (export OPENAI_API_KEY=sk-...)');
    checkKnownModels(problems, o);
    if (o.format.includes('pcm16') && o.rate.includes(16000)) {
      problems.push('--rate 16000 cannot be used with --target openai: the live API takes 24 kHz PCM only and silently drops a 16 kHz session.update (use --rate 24000, or --format g711_ulaw)');
    }
  }
}

/** `--ca FILE`: a readable PEM file with at least one certificate, for a wss:// target. */
function checkCa(problems: string[], ca: string | null, path: string | null, target: Target | null): void {
  if (ca === null || path === null) return;
  if (target?.kind === 'local' || (target?.kind === 'url' && !target.url.startsWith('wss://'))) {
    problems.push(`--ca ${ca}: certificates are checked only on wss:// targets, and --target ${target.kind === 'local' ? 'local' : target.url} is not one`);
  }
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`--ca ${ca}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) problems.push(`--ca ${ca}: holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)`);
}

/** Applies defaults, checks every value, and freezes the result; throws one ConfigError listing every problem. */
export function resolveOptions(partial: RunOptions, context: ResolveContext): ResolvedOptions {
  const given = stripUndefined(partial);
  // One format (an older run.json, a config file) is a list of one.
  if (typeof given.format === 'string') given.format = [given.format];
  const o = { ...DEFAULTS, ...given } as Required<RunOptions> & { format: AudioFormat[] };
  const problems: string[] = [];
  let target: Target | null = null;
  try {
    target = parseTarget(o.target);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const apiKey = context.env.OPENAI_API_KEY?.trim() || null;
  checkMatrix(problems, o);
  checkRun(problems, o);
  checkTarget(problems, target, o, apiKey);
  checkProtocolRules(problems, o, target, apiKey, partial.rate !== undefined);
  const headers = parseHeaders(problems, o.headers);
  const shard = o.shard === null || o.shard === '' ? null : parseShard(o.shard);
  if (typeof shard === 'string') problems.push(shard);
  if (o.sessionRate !== null) checkRange(problems, 'session-rate', [o.sessionRate], 0.001, 10_000);
  const toAbsolute = (path: string): string => (isAbsolute(path) ? path : resolve(context.cwd, path));
  const ca = o.ca === null || o.ca === '' ? null : toAbsolute(o.ca);
  checkCa(problems, o.ca, ca, target);
  const features = resolveFeatures(problems, o, target, toAbsolute);
  if (problems.length > 0 || target === null) throw new ConfigError(problems, { hint: 'Run `rtbench run --help` for every option and its allowed values.' });
  return Object.freeze({
    ...o,
    target,
    headers,
    apiKey,
    corpus: toAbsolute(o.corpus ?? context.bundledCorpus),
    out: toAbsolute(o.out),
    runId: (o.runId as string | undefined) ?? null,
    shard: typeof shard === 'string' ? null : shard,
    sessionRate: o.sessionRate ?? (target.kind === 'local' ? null : REMOTE_SESSION_RATE),
    ca,
    ...features,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
