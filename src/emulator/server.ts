import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { realClock } from '../clock.js';
import { closeWebSocketServer, hostPort, listen } from '../listen.js';
import { createRng } from '../metrics/stats.js';
import { EMULATOR_HEADER, frameText } from '../pipeline/transport/ws.js';
import { authorize, presentedCredential, SecretStore, SUBPROTOCOL_KEY, type ClientSecret } from './auth.js';
import type { EmulatorLogEntry } from './context.js';
import { FAULT_HEADER, faultsForSession, parseFaultHeader, parseFaultSpec, type FaultSpec } from './fault-spec.js';
import { createFaultedOutput } from './faults.js';
import { createIdGenerator } from './ids.js';
import { DEFAULT_PROFILES, type LatencyProfiles } from './profiles.js';
import { warmReplies } from './conversation/reply.js';
import type { ToolRule } from './conversation/tool-rules.js';
import { corpusSource, type CorpusPrints } from './recognise.js';
import { DEFAULT_MODEL, handleRest } from './rest.js';
import type { ScriptTurn } from './script.js';
import { EmulatedSession } from './session.js';
import { applySessionUpdate, initialConfig, type EmulatedConfig } from './session-config.js';
import { decodeHint, REFERENCE_HEADER, REQUEST_HEADERS_LIMIT_BYTES, type ReferenceHint } from './transcriber.js';
import { hintSource, NO_TRANSCRIPTS, scriptSource, type TranscriptSource } from './transcript-source.js';
import { loadSileroVad } from './vad/silero.js';
import type { VadEngine } from './vad/vad.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Interface to listen on; anything but loopback needs `apiKey`. @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default Silero v5 (loaded once per process) */
  readonly vad?: VadEngine;
  /** @default the built-in profiles (default-profiles.json) */
  readonly profiles?: LatencyProfiles;
  /** Seed of everything random; session n uses seed + n; word errors use seed, model and reference. @default 1 */
  readonly seed?: number;
  /** Maximum session length before `session_expired` (error event, then close 1001). @default 60 minutes */
  readonly maxSessionMs?: number;
  /** When set, sockets and REST calls must present it (or a client secret minted here). @default null */
  readonly apiKey?: string | null;
  /** Fault specs (see fault-spec.ts); invalid ones throw before the server listens. @default none */
  readonly faults?: readonly string[];
  /** Receives every log entry (sessions opened and closed, injected latencies, faults fired). */
  readonly onLog?: (entry: EmulatorLogEntry & { readonly session: number }) => void;
  /** Corpus items to recognise in the audio of clients that send no reference hint (`--corpus`). @default none */
  readonly corpus?: CorpusPrints | null;
  /** The transcript of each turn in order, for clients that send no hint (`--script`; before `corpus`). @default none */
  readonly script?: readonly ScriptTurn[] | null;
  /** When the emulated model calls a tool (a profile's `tool_calls`). @default none */
  readonly toolRules?: readonly ToolRule[];
}

/** The log entry (`event: "notice"`) that says once how a client without a hint gets transcripts. */
export const NO_TRANSCRIPTS_NOTICE =
  'a client sent no x-rtbench-reference hint, so its transcripts are empty: start rtbench serve with --corpus DIR (it recognises the corpus items the client streams) or --script FILE (one transcript per turn, in order)';

/** A running emulator. */
export interface RunningEmulator {
  /** `ws://host:port/v1/realtime` */
  readonly url: string;
  /** `http://host:port/v1` (REST: `POST /realtime/client_secrets`). */
  readonly restUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Resolved {
  readonly vad: VadEngine;
  readonly profiles: LatencyProfiles;
  readonly seed: number;
  readonly maxSessionMs: number;
  readonly apiKey: string | null;
  readonly faults: readonly FaultSpec[];
  readonly log: (session: number, entry: EmulatorLogEntry) => void;
  readonly secrets: SecretStore;
  readonly corpus: CorpusPrints | null;
  readonly script: readonly ScriptTurn[] | null;
  readonly toolRules: readonly ToolRule[];
  /** Logs the no-transcripts notice the first time only. */
  readonly noticeOnce: (session: number) => void;
}

/** True for 127.0.0.0/8 (also IPv4-mapped, ::ffff:127.x.x.x), ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(host);
}

const nowS = (): number => Date.parse(realClock.wallIso()) / 1000;

function refuse(ws: WebSocket, code: number, type: string, errorCode: string | null, message: string): void {
  ws.send(JSON.stringify({ type: 'error', event_id: 'event_rtbench_handshake', error: { type, code: errorCode, message, param: null, event_id: null } }));
  ws.close(code, errorCode === null ? type : `${type}.${errorCode}`);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The session's starting configuration, from the URL, the headers and a client secret. */
function startingConfig(request: IncomingMessage, secret: ClientSecret | null): EmulatedConfig | null {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const protocols = request.headers['sec-websocket-protocol'] ?? '';
  const protocol = header(request, 'openai-beta') === 'realtime=v1' || protocols.includes('openai-beta.realtime-v1') ? 'beta' : 'ga';
  const fromSecret = protocol === 'ga' ? secret?.session : undefined;
  const kind = url.searchParams.get('intent') === 'transcription' || fromSecret?.type === 'transcription' ? 'transcription' : 'realtime';
  const model = url.searchParams.get('model') ?? (typeof fromSecret?.model === 'string' ? fromSecret.model : fromSecret ? DEFAULT_MODEL : null);
  if (kind === 'realtime' && (model === null || model === '')) return null;
  const config = initialConfig(kind, protocol, model ?? '');
  if (!fromSecret) return config;
  const applied = applySessionUpdate(config, fromSecret);
  return 'code' in applied ? config : applied;
}

function startSession(request: IncomingMessage, ws: WebSocket, options: Resolved, n: number): void {
  let faults: FaultSpec[];
  try {
    faults = [...faultsForSession(options.faults, n), ...parseFaultHeader(header(request, FAULT_HEADER) ?? '')];
  } catch (error) {
    refuse(ws, 4000, 'invalid_request_error', 'invalid_fault', error instanceof Error ? error.message : String(error));
    return;
  }
  const log = (entry: EmulatorLogEntry): void => {
    options.log(n, entry);
  };
  const authFault = faults.find((f) => f.kind === 'auth');
  if (authFault) log({ event: 'fault', fault: authFault.text });
  const auth = authFault ? { code: 'invalid_api_key', message: 'Incorrect API key provided.' } : authorize(presentedCredential(request), options.apiKey, options.secrets);
  if ('message' in auth) {
    log({ event: 'session.refused', reason: 'auth' });
    refuse(ws, 3000, 'invalid_request_error', auth.code, auth.message);
    return;
  }
  const config = startingConfig(request, auth.secret);
  if (config === null) {
    refuse(ws, 4000, 'invalid_request_error', 'missing_model', 'You must provide a model parameter');
    return;
  }
  const rng = createRng(options.seed + n);
  const id = createIdGenerator(rng);
  const socket = {
    sendText: (text: string) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    close: (code: number, reason: string) => {
      ws.close(code, reason);
    },
    terminate: () => {
      ws.terminate();
    },
  };
  const later = (delayMs: number, fn: () => void): void => {
    session.later(delayMs, fn);
  };
  const output = createFaultedOutput(faults, { socket, later, eventId: () => id('event'), log, maxSessionMinutes: Number((options.maxSessionMs / 60_000).toFixed(2)) });
  const hint = decodeHint(header(request, REFERENCE_HEADER));
  const transcripts = transcriptSource(hint, options, log);
  if (transcripts.kind === 'none') options.noticeOnce(n);
  const session = new EmulatedSession({
    config, transcripts, errorSeedText: hint?.text ?? '', toolRules: options.toolRules, vad: options.vad, profiles: options.profiles, rng, seed: options.seed, id, output,
    closeSocket: socket.close, maxSessionMs: options.maxSessionMs, nowS, now: () => realClock.now(), log,
  });
  log({ event: 'session.open', protocol: config.protocol, kind: config.kind, model: config.model, faults: faults.map((f) => f.text) });
  attach(ws, session, log);
}

/** The hint when the client sent one, else the script, else corpus recognition, else none. */
function transcriptSource(hint: ReferenceHint | null, options: Resolved, log: (entry: EmulatorLogEntry) => void): TranscriptSource {
  if (hint !== null) return hintSource(hint);
  if (options.script) return scriptSource(options.script);
  if (options.corpus) return corpusSource(options.corpus, log);
  return NO_TRANSCRIPTS;
}

function attach(ws: WebSocket, session: EmulatedSession, log: (entry: EmulatorLogEntry) => void): void {
  const invalid = (code: string, message: string): void => {
    session.handleError(code, message);
  };
  session.open();
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      invalid('invalid_event', 'Binary frames are not supported; send JSON text frames.');
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(frameText(data));
    } catch {
      invalid('invalid_json', 'The server failed to parse the event as JSON.');
      return;
    }
    if (typeof event === 'object' && event !== null && !Array.isArray(event)) session.handle(event as Record<string, unknown>);
    else invalid('invalid_event', 'A client event must be a JSON object with a type.');
  });
  ws.on('close', (code) => {
    log({ event: 'session.close', code });
    void session.close();
  });
  ws.on('error', () => undefined);
}

function resolve(options: EmulatorOptions, vad: VadEngine): Resolved {
  const onLog = options.onLog;
  let noticed = false;
  return {
    corpus: options.corpus ?? null,
    script: options.script ?? null,
    toolRules: options.toolRules ?? [],
    noticeOnce: (session) => {
      if (noticed) return;
      noticed = true;
      onLog?.({ event: 'notice', message: NO_TRANSCRIPTS_NOTICE, session });
    },
    vad,
    profiles: options.profiles ?? DEFAULT_PROFILES,
    seed: options.seed ?? 1,
    maxSessionMs: options.maxSessionMs ?? 60 * 60_000,
    apiKey: options.apiKey ?? null,
    faults: (options.faults ?? []).map(parseFaultSpec),
    log: (session, entry) => onLog?.({ ...entry, session }),
    secrets: new SecretStore(nowS),
  };
}

/** Starts the emulator: HTTP (REST client secrets) and the Realtime WebSocket on `/v1/realtime`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.apiKey) throw new Error(`refusing to listen on ${host} without an API key: give one (--api-key), or listen on 127.0.0.1`);
  const resolved = resolve(options, options.vad ?? (await loadSileroVad()));
  warmReplies();
  const restIds = createIdGenerator(createRng(resolved.seed));
  const server: Server = createServer({ maxHeaderSize: REQUEST_HEADERS_LIMIT_BYTES }, (req, res) => {
    handleRest(req, res, { apiKey: resolved.apiKey, secrets: resolved.secrets, id: restIds });
  });
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    // Never echo a key-bearing subprotocol back to the client.
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : ([...protocols].find((p) => !p.startsWith(SUBPROTOCOL_KEY)) ?? false)),
  });
  wss.on('headers', (headers) => headers.push(`${EMULATOR_HEADER}: 1`));
  let sessions = 0;
  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/v1/realtime') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      startSession(request, ws, resolved, ++sessions);
    });
  });
  const address = await listen(server, options.port ?? 0, host);
  // The name may resolve beyond loopback (a hosts file can say anything): what counts is where it listens.
  if (!options.apiKey && !isLoopbackHost(address.address)) {
    await new Promise<void>((done) => {
      server.close(() => {
        done();
      });
    });
    throw new Error(`refusing to listen on ${host} (${address.address}) without an API key: it is not a loopback address; give a key (--api-key), or listen on 127.0.0.1`);
  }
  return {
    url: `ws://${hostPort(address)}/v1/realtime`,
    restUrl: `http://${hostPort(address)}/v1`,
    port: address.port,
    close: () => closeWebSocketServer(server, wss),
  };
}
