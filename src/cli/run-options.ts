import yargs, { type Argv } from 'yargs';
import type { RunOptions } from '../config/options.js';
import { ConfigError } from '../errors.js';
import { readConfigFile, type ConfigSchema } from './config-file.js';
import { declareCiOutputs } from './output-files.js';

/** Declares the options of `rtbench run` (and commands that share them). */
export function declareRunOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('config', { type: 'string', describe: 'JSON file with any of these options (flags win)', group: 'Run:' })
    .option('resume', { type: 'string', describe: 'finish the run in this folder (killed, interrupted): keep its finished sessions, run the rest with its options', group: 'Run:' })
    .option('target', { type: 'string', describe: 'local (built-in emulator), openai, or a ws:// / wss:// URL [default: local]', group: 'Run:' })
    .option('corpus', { type: 'string', describe: 'corpus folder with manifest.jsonl [default: the bundled corpus]', group: 'Run:' })
    .option('items', { type: 'string', describe: 'only these item ids (comma list)', group: 'Run:' })
    .option('limit', { type: 'number', describe: 'at most this many items', group: 'Run:' })
    .option('out', { type: 'string', describe: 'results folder [default: results]', group: 'Run:' })
    .option('run-id', { type: 'string', describe: 'name of the run folder [default: from the start time]', group: 'Run:' })
    .option('overwrite', { type: 'boolean', describe: 'reuse a --run-id whose folder holds an earlier run: delete its results and cassettes first', group: 'Run:' })
    .option('repeat', { type: 'number', describe: 'run every config × item N times [default: 1]', group: 'Run:' })
    .option('concurrency', { type: 'number', describe: 'sessions at once [default: 4]', group: 'Run:' })
    .option('speed', { type: 'string', describe: 'pacing: 1 = real time, 2 = twice as fast, max = no pacing [default: 1]', group: 'Run:' })
    .option('fail-on', { type: 'string', array: true, describe: 'threshold that fails the run with exit 3, e.g. wer>0.08 or stopped_to_transcript_ms.p95>1500', group: 'Run:' })
    .option('shard', { type: 'string', describe: 'run one slice i/n of config × item × repeat (merge with rtbench report)', group: 'Run:' })
    .option('session-rate', { type: 'number', describe: 'sessions started per second [default: unlimited locally, 2 remotely]', group: 'Run:' })
    .option('max-attempts', { type: 'number', describe: 'tries of a session that failed in a way that may pass (dropped socket, server error, rate limit) before its row says error [default: 3]', group: 'Run:' })
    .option('model', { type: 'string', describe: 'realtime model(s), comma list [default: gpt-realtime]', group: 'Matrix (comma lists):' })
    .option('transcribe-model', { type: 'string', describe: 'input transcription model(s) [default: gpt-4o-transcribe]', group: 'Matrix (comma lists):' })
    .option('protocol', { type: 'string', describe: 'ga or beta [default: ga]', group: 'Matrix (comma lists):' })
    .option('session', { type: 'string', describe: 'realtime or transcription [default: realtime]', group: 'Matrix (comma lists):' })
    .option('vad', { type: 'string', describe: 'server_vad, semantic_vad or none (manual commit) [default: server_vad]', group: 'Matrix (comma lists):' })
    .option('threshold', { type: 'string', describe: 'server_vad speech probability 0–1 [default: 0.5]', group: 'Matrix (comma lists):' })
    .option('prefix-padding-ms', { type: 'string', describe: 'server_vad prefix padding [default: 300]', group: 'Matrix (comma lists):' })
    .option('silence-duration-ms', { type: 'string', describe: 'server_vad silence that ends a turn [default: 500]', group: 'Matrix (comma lists):' })
    .option('eagerness', { type: 'string', describe: 'semantic_vad: low, medium, high, auto [default: auto]', group: 'Matrix (comma lists):' })
    .option('transport', { type: 'string', describe: 'websocket, or webrtc (events on the oai-events data channel, audio as an Opus RTP track); websocket,webrtc compares both [default: websocket]', group: 'Matrix (comma lists):' })
    .option('rate', { type: 'string', describe: 'PCM sample rate: 24000, or 16000 for non-OpenAI targets [default: 24000]', group: 'Matrix (comma lists):' })
    .option('format', { type: 'string', describe: 'input encoding(s): pcm16, g711_ulaw, g711_alaw [default: pcm16]', group: 'Matrix (comma lists):' })
    .option('output-modalities', { type: 'string', describe: 'what responses are made of: audio (with transcript), text [default: audio]', group: 'Matrix (comma lists):' })
    .option('language', { type: 'string', describe: 'transcription language hint (ISO 639-1) [default: the item\'s]', group: 'Session:' })
    .option('prompt', { type: 'string', describe: 'transcription prompt', group: 'Session:' })
    .option('include-logprobs', { type: 'boolean', describe: 'ask for logprobs of input transcriptions (include: item.input_audio_transcription.logprobs)', group: 'Session:' })
    .option('instructions', { type: 'string', describe: 'instructions for the realtime model', group: 'Session:' })
    .option('voice', { type: 'string', describe: 'output voice [default: alloy]', group: 'Session:' })
    .option('chunk-ms', { type: 'number', describe: 'audio per append [default: 40]', group: 'Session:' })
    .option('tail-silence-ms', { type: 'number', describe: 'silence after the audio [default: silence_duration_ms + 1000]', group: 'Session:' })
    .option('turn-timeout-ms', { type: 'number', describe: 'wait for outstanding transcripts/responses [default: 15000]', group: 'Session:' })
    .option('connect-timeout-ms', { type: 'number', describe: 'wait for the socket and session setup [default: 10000]', group: 'Session:' })
    .option('keep-audio', { type: 'boolean', describe: 'store audio payloads in cassettes instead of their sha256', group: 'Session:' })
    .option('auth', { type: 'string', describe: 'key (bearer API key) or ephemeral (mint a client secret per session) [default: key]', group: 'Session:' })
    .option('header', { type: 'string', array: true, describe: 'extra handshake header name=value (relays, compatible servers)', group: 'Session:' })
    .option('adapter', { type: 'string', describe: 'JSON file mapping a relay\'s own messages to the protocol (with --target ws://…)', group: 'Session:' })
    .option('tools', { type: 'string', describe: 'JSON file of function tools for the session, each with the canned output rtbench answers its calls with', group: 'Session:' })
    .option('save-audio', { type: 'string', describe: 'write WAV files beside the cassettes: responses (each response\'s audio, per turn; the default), sent (the audio sent), or both', group: 'Session:' })
    .option('ca', { type: 'string', describe: 'PEM file of certificate authorities to trust for a wss:// target (self-signed, private CA)', group: 'Session:' })
    .option('vad-engine', { type: 'string', describe: 'emulator VAD: silero or webrtc', group: 'Emulator:' })
    .option('seed', { type: 'number', describe: 'seed for the emulator and the bootstrap [default: 1]', group: 'Emulator:' })
    .option('collar-ms', { type: 'number', describe: 'collar of the detection error rate, total width around each true boundary [default: 0]', group: 'Run:' });
}

/** The yargs group of the matrix options: each takes a comma list. */
const MATRIX_GROUP = 'Matrix (comma lists):';

/** What yargs knows of the options a command declares (its runtime API; not in its type declarations). */
export interface DeclaredOptions {
  getOptions(): { string: string[]; number: string[]; boolean: string[]; array: string[] };
  getGroups(): Record<string, string[]>;
}

/**
 * The keys a config file of a command may hold, from the options it declares: numbers,
 * booleans, comma lists (array options, the matrix, `items` and `extraLists`) and strings.
 */
export function configSchemaOf(declared: DeclaredOptions, extraLists: readonly string[] = []): ConfigSchema {
  const options = declared.getOptions();
  const camel = (key: string): string => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const names = (keys: readonly string[]): Set<string> => new Set(keys.map(camel).filter((k) => !['help', 'version', 'config', 'resume'].includes(k)));
  const lists = names([...options.array, ...(declared.getGroups()[MATRIX_GROUP] ?? []), 'items', ...extraLists]);
  return {
    numbers: names(options.number),
    booleans: names(options.boolean),
    lists,
    strings: new Set([...names(options.string)].filter((k) => !lists.has(k))),
    commandLineOnly: { config: 'a config file cannot name another', resume: 'give --resume DIR on the command line' },
  };
}

let schema: ConfigSchema | null = null;

/** The keys a config file of `rtbench run` may hold. */
export function runConfigSchema(): ConfigSchema {
  schema ??= configSchemaOf(declareCiOutputs(declareRunOptions(yargs())) as unknown as DeclaredOptions);
  return schema;
}

/** The flags of `rtbench run` with the config file's values under them (flags win); `config` itself is dropped. */
export function runFlags(argv: Record<string, unknown>, cwd: string): Record<string, unknown> {
  const file = typeof argv.config === 'string' ? readConfigFile(argv.config, cwd, runConfigSchema()) : {};
  const given = Object.fromEntries(Object.entries(argv).filter(([key, v]) => v !== undefined && key !== 'config'));
  return { ...file, ...given };
}

const shown = (value: unknown): string => (value === '' ? "''" : String(value));

/** The values of a comma-list option; one given but empty (`--vad ''`) is a problem, since it would run nothing. */
function list(problems: string[], flag: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const values = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) problems.push(`--${flag} ${Array.isArray(value) ? (value.length === 0 ? '[]' : value.map(shown).join(' ')) : shown(value)}: give at least one value`);
  return values;
}

function numbers(problems: string[], flag: string, value: unknown): number[] | undefined {
  return list(problems, flag, value)?.map((v) => {
    const n = Number(v);
    if (!Number.isFinite(n)) problems.push(`--${flag} ${v}: not a number`);
    return n;
  });
}

function number(problems: string[], flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) problems.push(`--${flag} ${typeof value === 'string' ? shown(value) : JSON.stringify(value)}: not a number`);
  return n;
}

/** A number option whose default is null (no limit): a config file may say null. */
function nullableNumber(problems: string[], flag: string, value: unknown): number | null | undefined {
  return value === null ? null : number(problems, flag, value);
}

function speed(problems: string[], value: unknown): number | 'max' | undefined {
  if (value === undefined) return undefined;
  if (value === 'max') return 'max';
  return number(problems, 'speed', value);
}

/** A text option; given but empty (`--out ''`) is a problem for those where empty means nothing. */
function text(problems: string[], flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') problems.push(`--${flag} '': give a value`);
  return value as string;
}

/** `--save-audio` alone (or `true` in a config file) saves the responses; a list names the parts. */
function saveAudio(problems: string[], value: unknown): RunOptions['saveAudio'] {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true || value === '') return ['responses'];
  return list(problems, 'save-audio', value) as RunOptions['saveAudio'];
}

/** Turns parsed flags (and the config file under them) into RunOptions; bad numbers and empty values are reported all at once. */
export function toRunOptions(argv: Record<string, unknown>, cwd: string): RunOptions {
  const merged = runFlags(argv, cwd);
  const problems: string[] = [];
  const strings = (key: string, flag: string): string[] | undefined => list(problems, flag, merged[key]);
  const options: RunOptions = {
    target: text(problems, 'target', merged.target),
    corpus: text(problems, 'corpus', merged.corpus),
    items: strings('items', 'items'),
    limit: nullableNumber(problems, 'limit', merged.limit),
    out: text(problems, 'out', merged.out),
    runId: text(problems, 'run-id', merged.runId),
    repeat: number(problems, 'repeat', merged.repeat),
    concurrency: number(problems, 'concurrency', merged.concurrency),
    speed: speed(problems, merged.speed),
    failOn: strings('failOn', 'fail-on'),
    model: strings('model', 'model'),
    transcribeModel: strings('transcribeModel', 'transcribe-model'),
    protocol: strings('protocol', 'protocol') as RunOptions['protocol'],
    session: strings('session', 'session') as RunOptions['session'],
    vad: strings('vad', 'vad') as RunOptions['vad'],
    threshold: numbers(problems, 'threshold', merged.threshold),
    prefixPaddingMs: numbers(problems, 'prefix-padding-ms', merged.prefixPaddingMs),
    silenceDurationMs: numbers(problems, 'silence-duration-ms', merged.silenceDurationMs),
    eagerness: strings('eagerness', 'eagerness') as RunOptions['eagerness'],
    transport: strings('transport', 'transport') as RunOptions['transport'],
    rate: numbers(problems, 'rate', merged.rate),
    format: strings('format', 'format') as RunOptions['format'],
    outputModalities: strings('outputModalities', 'output-modalities') as RunOptions['outputModalities'],
    adapter: text(problems, 'adapter', merged.adapter),
    tools: text(problems, 'tools', merged.tools),
    saveAudio: saveAudio(problems, merged.saveAudio),
    language: text(problems, 'language', merged.language),
    prompt: merged.prompt as string | undefined,
    includeLogprobs: merged.includeLogprobs as boolean | undefined,
    instructions: merged.instructions as string | undefined,
    voice: text(problems, 'voice', merged.voice),
    chunkMs: number(problems, 'chunk-ms', merged.chunkMs),
    tailSilenceMs: nullableNumber(problems, 'tail-silence-ms', merged.tailSilenceMs),
    turnTimeoutMs: number(problems, 'turn-timeout-ms', merged.turnTimeoutMs),
    connectTimeoutMs: number(problems, 'connect-timeout-ms', merged.connectTimeoutMs),
    keepAudio: merged.keepAudio as boolean | undefined,
    auth: text(problems, 'auth', merged.auth) as RunOptions['auth'],
    headers: merged.header === undefined ? undefined : (Array.isArray(merged.header) ? merged.header : [merged.header]).map(String),
    vadEngine: text(problems, 'vad-engine', merged.vadEngine) as RunOptions['vadEngine'],
    seed: number(problems, 'seed', merged.seed),
    collarMs: number(problems, 'collar-ms', merged.collarMs),
    shard: typeof merged.shard === 'string' ? text(problems, 'shard', merged.shard) : (merged.shard as null | undefined),
    sessionRate: nullableNumber(problems, 'session-rate', merged.sessionRate),
    maxAttempts: number(problems, 'max-attempts', merged.maxAttempts),
    ca: merged.ca === null ? null : text(problems, 'ca', merged.ca),
  };
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'Run `rtbench run --help` for every option.' });
  return options;
}
