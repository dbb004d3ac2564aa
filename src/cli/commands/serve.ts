import { closeSync, createWriteStream, openSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadVadEngine } from '../../bench/endpoint.js';
import type { EmulatorLogEntry } from '../../emulator/context.js';
import { readToolRules, type ToolRule } from '../../emulator/conversation/tool-rules.js';
import { parseFaultSpec } from '../../emulator/fault-spec.js';
import { withUserProfiles, type LatencyProfiles } from '../../emulator/profiles.js';
import { loadCorpusPrints, type CorpusPrints } from '../../emulator/recognise.js';
import { readScript, type ScriptTurn } from '../../emulator/script.js';
import { isLoopbackHost, startEmulator, type RunningEmulator } from '../../emulator/server.js';
import { ConfigError, describeFileSystemError, ExitCode, type ExitCodeValue } from '../../errors.js';
import type { CliIo } from '../io.js';

/** Environment variable that can hold the emulator's API key instead of `--api-key`. */
export const SERVE_API_KEY_ENV = 'RTBENCH_EMULATOR_API_KEY';

/** Declares the options of `rtbench serve`. */
export function declareServeOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('host', { type: 'string', describe: 'interface to listen on; anything but loopback needs --api-key [default: 127.0.0.1]' })
    .option('port', { type: 'number', describe: 'port; 0 picks a free one [default: 8787]' })
    .option('profile', { type: 'string', describe: 'JSON file of per-model latency and error profiles, over the built-in ones, and tool_calls rules' })
    .option('corpus', { type: 'string', describe: 'corpus folder (manifest.jsonl) whose items are recognised in the audio of clients that send no reference hint, for their transcripts' })
    .option('script', { type: 'string', describe: 'text file: the transcript of each turn of a session, in order (one line per turn), for clients that send no reference hint' })
    .option('fault', { type: 'string', array: true, describe: 'inject a fault, e.g. drop:after=2000, error:code=rate_limit_exceeded,session=2, stall:on=input_audio_buffer.committed,for=3000 (repeatable)' })
    .option('api-key', { type: 'string', describe: `key clients must present (also ${SERVE_API_KEY_ENV}); a wrong one gets close 3000` })
    .option('vad-engine', { type: 'string', describe: 'silero or webrtc [default: silero]' })
    .option('max-session-ms', { type: 'number', describe: 'maximum session length, then session_expired [default: 3600000]' })
    .option('seed', { type: 'number', describe: 'seed of latencies, ids and transcript errors [default: 1]' })
    .option('log', { type: 'string', describe: 'append the emulator log (sessions, injected latencies, faults) as JSON lines to FILE (--log=- for stdout)' });
}

interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly profiles: LatencyProfiles | undefined;
  readonly toolRules: ToolRule[];
  readonly corpus: string | null;
  readonly script: ScriptTurn[] | null;
  readonly faults: string[];
  readonly apiKey: string | null;
  readonly vadEngine: 'silero' | 'webrtc';
  readonly maxSessionMs: number;
  readonly seed: number;
  readonly log: string | null;
  /** The open `--log` file; null for none or stdout. */
  readonly logFd: number | null;
}

function readProfiles(problems: string[], path: unknown, cwd: string): { profiles: LatencyProfiles | undefined; toolRules: ToolRule[] } {
  if (typeof path !== 'string') return { profiles: undefined, toolRules: [] };
  const file = resolve(cwd, path);
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return { profiles: withUserProfiles(doc), toolRules: readToolRules(doc) };
  } catch (error) {
    problems.push(`--profile ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return { profiles: undefined, toolRules: [] };
  }
}

function readScriptOption(problems: string[], path: unknown, cwd: string): ScriptTurn[] | null {
  if (path === undefined) return null;
  if (typeof path !== 'string' || path === '') {
    problems.push('--script needs a file: one transcript per line');
    return null;
  }
  try {
    return readScript(resolve(cwd, path));
  } catch (error) {
    problems.push(`--script ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function integer(problems: string[], flag: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) problems.push(`--${flag} ${JSON.stringify(value)}: must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`);
  return Number(value);
}

/** Opens `--log FILE` for appending now, so that a folder or a read-only place is refused before the server starts. */
function openLogFile(problems: string[], path: unknown, cwd: string): number | null {
  if (typeof path !== 'string' || path === '-') return null;
  const full = resolve(cwd, path);
  try {
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory() === true) {
      problems.push(`--log ${path}: ${full} is a folder; give a file (or --log=- for stdout)`);
      return null;
    }
    return openSync(full, 'a');
  } catch (error) {
    problems.push(`--log ${path}: cannot open ${full} for appending: ${describeFileSystemError(error)}`);
    return null;
  }
}

/** Validates every option of `rtbench serve` and reports all problems at once. */
export function toServeSettings(argv: Record<string, unknown>, io: CliIo): ServeSettings {
  const problems: string[] = [];
  const host = typeof argv.host === 'string' ? argv.host : '127.0.0.1';
  const apiKey = typeof argv.apiKey === 'string' && argv.apiKey !== '' ? argv.apiKey : (io.env[SERVE_API_KEY_ENV] ?? null) || null;
  if (!isLoopbackHost(host) && apiKey === null) problems.push(`--host ${host}: listening beyond this machine needs --api-key (or ${SERVE_API_KEY_ENV})`);
  const faults = (Array.isArray(argv.fault) ? argv.fault : argv.fault === undefined ? [] : [argv.fault]).map(String);
  for (const fault of faults) {
    try {
      parseFaultSpec(fault);
    } catch (error) {
      problems.push(`--fault ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const vadEngine = argv.vadEngine ?? 'silero';
  if (vadEngine !== 'silero' && vadEngine !== 'webrtc') problems.push(`--vad-engine ${JSON.stringify(vadEngine)}: silero or webrtc`);
  if (argv.corpus !== undefined && (typeof argv.corpus !== 'string' || argv.corpus === '')) problems.push('--corpus needs a folder that holds manifest.jsonl');
  const settings: ServeSettings = {
    host,
    port: integer(problems, 'port', argv.port, 8787, 0, 65535),
    ...readProfiles(problems, argv.profile, io.cwd),
    corpus: typeof argv.corpus === 'string' && argv.corpus !== '' ? resolve(io.cwd, argv.corpus) : null,
    script: readScriptOption(problems, argv.script, io.cwd),
    faults,
    apiKey,
    vadEngine: vadEngine === 'webrtc' ? 'webrtc' : 'silero',
    maxSessionMs: integer(problems, 'max-session-ms', argv.maxSessionMs, 60 * 60_000, 1),
    seed: integer(problems, 'seed', argv.seed, 1, 0),
    log: typeof argv.log === 'string' ? argv.log : null,
    logFd: openLogFile(problems, argv.log, io.cwd),
  };
  if (problems.length > 0) {
    if (settings.logFd !== null) closeSync(settings.logFd);
    throw new ConfigError(problems, { hint: 'See `rtbench serve --help`.' });
  }
  return settings;
}

function openLog(settings: ServeSettings, io: CliIo): { write: (entry: EmulatorLogEntry) => void; stream: WriteStream | null } {
  const { log: path, logFd: fd } = settings;
  if (path === null) return { write: () => undefined, stream: null };
  if (path === '-' || fd === null) {
    return {
      write: (entry) => {
        io.stdout.write(`${JSON.stringify(entry)}\n`);
      },
      stream: null,
    };
  }
  const stream = createWriteStream('', { fd });
  let failed = false;
  // A log that stops taking writes (a full disk) is reported once; the server goes on without it.
  stream.on('error', (error) => {
    failed = true;
    io.stderr.write(`rtbench: warning: --log ${path}: stopped writing the log: ${describeFileSystemError(error)}\n`);
  });
  // Sockets closed while the server shuts down still log their close: after the file is done, they are dropped.
  const write = (entry: EmulatorLogEntry): void => {
    if (!stream.writableEnded && !failed) stream.write(`${JSON.stringify(entry)}\n`);
  };
  return { write, stream };
}

/** Fingerprints the --corpus items (before listening); an unusable folder is a usage error. */
async function loadPrints(settings: ServeSettings, io: CliIo): Promise<CorpusPrints | null> {
  if (settings.corpus === null) return null;
  let loaded: Awaited<ReturnType<typeof loadCorpusPrints>>;
  try {
    loaded = await loadCorpusPrints(settings.corpus, io.signal);
  } catch (error) {
    throw new ConfigError([`--corpus ${error instanceof Error ? error.message : String(error)}`], { hint: 'Pass a folder that holds manifest.jsonl (see `rtbench corpus check`).', cause: error });
  }
  for (const problem of loaded.problems) io.stderr.write(`warning: --corpus: ${problem} (the item is not recognised)\n`);
  if (loaded.corpus.prints.length === 0) throw new ConfigError([`--corpus ${settings.corpus}: no item could be decoded`], { hint: 'Run `rtbench corpus check` on the folder.' });
  return loaded.corpus;
}

async function listen(settings: ServeSettings, corpus: CorpusPrints | null, log: (entry: EmulatorLogEntry) => void): Promise<RunningEmulator> {
  try {
    return await startEmulator({
      host: settings.host, port: settings.port, vad: await loadVadEngine(settings.vadEngine), profiles: settings.profiles, seed: settings.seed,
      maxSessionMs: settings.maxSessionMs, apiKey: settings.apiKey, faults: settings.faults, onLog: log, corpus, script: settings.script, toolRules: settings.toolRules,
    });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const why = code === 'EADDRINUSE' ? 'the port is in use' : error instanceof Error ? error.message : String(error);
    throw new ConfigError([`cannot listen on ${settings.host}:${settings.port}: ${why}`], { hint: code === 'EADDRINUSE' ? 'Pick another --port (0 = any free port).' : undefined, cause: error });
  }
}

function transcriptsLine(settings: ServeSettings, corpus: CorpusPrints | null): string {
  const fallback = [
    settings.script ? `else the ${settings.script.length} turn(s) of --script` : null,
    corpus ? `else the ${corpus.prints.length} item(s) of --corpus ${corpus.dir} recognised in the audio` : null,
  ].filter((s) => s !== null);
  return ['from the x-rtbench-reference hint (runs against it are marked emulated)', ...(fallback.length > 0 ? fallback : ['else empty (see --corpus and --script)'])].join(', ');
}

/** `rtbench serve`: the emulator as a standalone server, until SIGINT (io.signal). */
export async function serveCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const settings = toServeSettings(argv, io);
  const corpus = await loadPrints(settings, io);
  const log = openLog(settings, io);
  const emulator = await listen(settings, corpus, (entry) => {
    // Notices are for the person running the server, whether or not a log file is written.
    if (entry.event === 'notice') io.stdout.write(`notice: ${String(entry.message)}\n`);
    log.write(entry);
  });
  io.stdout.write(
    [
      `rtbench emulator listening on ${emulator.url}`,
      `  REST: POST ${emulator.restUrl}/realtime/client_secrets`,
      `  WebRTC: POST ${emulator.restUrl}/realtime/calls (SDP offer; events on the oai-events data channel)`,
      `  VAD: ${settings.vadEngine}; auth: ${settings.apiKey === null ? 'none (any client)' : 'API key or client secret required'}; max session ${settings.maxSessionMs} ms`,
      ...settings.faults.map((f) => `  fault: ${f}`),
      `  transcripts: ${transcriptsLine(settings, corpus)}`,
      ...(settings.toolRules.length > 0 ? [`  tool calls: ${settings.toolRules.length} rule(s) from --profile`] : []),
      '  press Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  const signal = io.signal;
  if (signal) {
    await new Promise<void>((done) => {
      if (signal.aborted) done();
      else signal.addEventListener('abort', () => { done(); }, { once: true });
    });
  } else {
    await new Promise<never>(() => undefined);
  }
  await emulator.close();
  const stream = log.stream;
  if (stream) await new Promise<void>((done) => stream.end(done));
  io.stdout.write('rtbench emulator stopped\n');
  return ExitCode.Ok;
}
