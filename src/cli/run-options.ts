import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { RunOptions } from '../config/options.js';
import { ConfigError } from '../errors.js';

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
    .option('format', { type: 'string', describe: 'pcm16, g711_ulaw or g711_alaw [default: pcm16]', group: 'Session:' })
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
    .option('ca', { type: 'string', describe: 'PEM file of certificate authorities to trust for a wss:// target (self-signed, private CA)', group: 'Session:' })
    .option('vad-engine', { type: 'string', describe: 'emulator VAD: silero or webrtc', group: 'Emulator:' })
    .option('seed', { type: 'number', describe: 'seed for the emulator and the bootstrap [default: 1]', group: 'Emulator:' })
    .option('collar-ms', { type: 'number', describe: 'collar of the detection error rate, total width around each true boundary [default: 0]', group: 'Run:' });
}

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function numbers(problems: string[], flag: string, value: unknown): number[] | undefined {
  const values = list(value);
  if (values === undefined) return undefined;
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isFinite(n)) problems.push(`--${flag} ${v}: not a number`);
    return n;
  });
}

function number(problems: string[], flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  // yargs has already turned a flag's text into NaN, so only a config file's value can be shown.
  if (!Number.isFinite(n)) problems.push(typeof value === 'number' ? `--${flag}: not a number` : `--${flag} ${JSON.stringify(value)}: not a number`);
  return n;
}

function speed(problems: string[], value: unknown): number | 'max' | undefined {
  if (value === undefined) return undefined;
  if (value === 'max') return 'max';
  return number(problems, 'speed', value);
}

/** Reads `--config FILE` (JSON, camelCase or kebab-case keys). */
export function readConfigFile(path: string, cwd: string): Record<string, unknown> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new ConfigError([`--config ${path}: cannot read it (${error instanceof Error ? error.message : String(error)})`]);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the file must hold one JSON object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
  } catch (error) {
    throw new ConfigError([`--config ${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/** Turns parsed flags (and the config file under them) into RunOptions; bad numbers are reported all at once. */
export function toRunOptions(argv: Record<string, unknown>, cwd: string): RunOptions {
  const file = typeof argv.config === 'string' ? readConfigFile(argv.config, cwd) : {};
  const merged = { ...file, ...Object.fromEntries(Object.entries(argv).filter(([, v]) => v !== undefined)) };
  const problems: string[] = [];
  const strings = (key: string): string[] | undefined => list(merged[key]);
  const options: RunOptions = {
    target: merged.target as string | undefined,
    corpus: merged.corpus as string | undefined,
    items: strings('items'),
    limit: number(problems, 'limit', merged.limit),
    out: merged.out as string | undefined,
    runId: merged.runId as string | undefined,
    repeat: number(problems, 'repeat', merged.repeat),
    concurrency: number(problems, 'concurrency', merged.concurrency),
    speed: speed(problems, merged.speed),
    failOn: strings('failOn'),
    model: strings('model'),
    transcribeModel: strings('transcribeModel'),
    protocol: strings('protocol') as RunOptions['protocol'],
    session: strings('session') as RunOptions['session'],
    vad: strings('vad') as RunOptions['vad'],
    threshold: numbers(problems, 'threshold', merged.threshold),
    prefixPaddingMs: numbers(problems, 'prefix-padding-ms', merged.prefixPaddingMs),
    silenceDurationMs: numbers(problems, 'silence-duration-ms', merged.silenceDurationMs),
    eagerness: strings('eagerness') as RunOptions['eagerness'],
    transport: strings('transport') as RunOptions['transport'],
    rate: numbers(problems, 'rate', merged.rate),
    format: merged.format as RunOptions['format'],
    language: merged.language as string | undefined,
    prompt: merged.prompt as string | undefined,
    includeLogprobs: merged.includeLogprobs as boolean | undefined,
    instructions: merged.instructions as string | undefined,
    voice: merged.voice as string | undefined,
    chunkMs: number(problems, 'chunk-ms', merged.chunkMs),
    tailSilenceMs: number(problems, 'tail-silence-ms', merged.tailSilenceMs),
    turnTimeoutMs: number(problems, 'turn-timeout-ms', merged.turnTimeoutMs),
    connectTimeoutMs: number(problems, 'connect-timeout-ms', merged.connectTimeoutMs),
    keepAudio: merged.keepAudio as boolean | undefined,
    auth: merged.auth as RunOptions['auth'],
    headers: merged.header === undefined ? undefined : (Array.isArray(merged.header) ? merged.header : [merged.header]).map(String),
    vadEngine: merged.vadEngine as RunOptions['vadEngine'],
    seed: number(problems, 'seed', merged.seed),
    collarMs: number(problems, 'collar-ms', merged.collarMs),
    shard: typeof merged.shard === 'string' || typeof merged.shard === 'number' ? String(merged.shard) : (merged.shard as null | undefined),
    sessionRate: number(problems, 'session-rate', merged.sessionRate),
    maxAttempts: number(problems, 'max-attempts', merged.maxAttempts),
    ca: merged.ca as string | null | undefined,
  };
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'Run `rtbench run --help` for every option.' });
  return options;
}
