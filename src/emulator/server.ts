import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeWebSocketServer, hostPort, listen } from '../listen.js';
import { createRng } from '../metrics/stats.js';
import { EMULATOR_HEADER, frameText } from '../pipeline/transport/ws.js';
import { SecretStore, SUBPROTOCOL_KEY } from './auth.js';
import type { EmulatorLogEntry } from './context.js';
import { parseFaultSpec, type FaultSpec } from './fault-spec.js';
import { createIdGenerator } from './ids.js';
import { DEFAULT_PROFILES, type LatencyProfiles } from './profiles.js';
import { warmReplies } from './conversation/reply.js';
import type { ToolRule } from './conversation/tool-rules.js';
import type { CorpusPrints } from './recognise.js';
import { handleRest } from './rest.js';
import type { ScriptTurn } from './script.js';
import type { EmulatedCall } from './webrtc/call.js';
import { handleCall } from './webrtc/calls.js';
import type { EmulatedSession } from './session.js';
import { authorizeRequest, createSession, nowS, sessionFaults, startingConfig, type EmulatorSettings } from './open-session.js';
import { REQUEST_HEADERS_LIMIT_BYTES } from './transcriber.js';
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
  /** `http://host:port/v1` (REST: `POST /realtime/client_secrets`, WebRTC: `POST /realtime/calls`). */
  readonly restUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/** True for 127.0.0.0/8 (also IPv4-mapped, ::ffff:127.x.x.x), ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(host);
}

function refuse(ws: WebSocket, code: number, type: string, errorCode: string | null, message: string): void {
  ws.send(JSON.stringify({ type: 'error', event_id: 'event_rtbench_handshake', error: { type, code: errorCode, message, param: null, event_id: null } }));
  ws.close(code, errorCode === null ? type : `${type}.${errorCode}`);
}

function startSession(request: IncomingMessage, ws: WebSocket, settings: EmulatorSettings, n: number): void {
  let faults: FaultSpec[];
  try {
    faults = sessionFaults(request, settings, n);
  } catch (error) {
    refuse(ws, 4000, 'invalid_request_error', 'invalid_fault', error instanceof Error ? error.message : String(error));
    return;
  }
  const log = (entry: EmulatorLogEntry): void => {
    settings.log(n, entry);
  };
  const auth = authorizeRequest(request, settings, faults, log);
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
  attach(ws, createSession({ request, settings, n, config, faults, socket, log }), log);
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

function resolve(options: EmulatorOptions, vad: VadEngine): EmulatorSettings {
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

/** Path of WebRTC calls (`POST`, SDP offer in, SDP answer out). */
const CALLS_PATH = '/v1/realtime/calls';

/**
 * Starts the emulator: HTTP (REST client secrets, WebRTC calls at `POST /v1/realtime/calls`)
 * and the Realtime WebSocket on `/v1/realtime`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.apiKey) throw new Error(`refusing to listen on ${host} without an API key: give one (--api-key), or listen on 127.0.0.1`);
  const resolved = resolve(options, options.vad ?? (await loadSileroVad()));
  warmReplies();
  const restIds = createIdGenerator(createRng(resolved.seed));
  let sessions = 0;
  const calls = new Set<EmulatedCall>();
  const callsDeps = { settings: resolved, loopbackOnly: isLoopbackHost(host), nextSession: () => ++sessions, id: restIds, calls };
  const server: Server = createServer({ maxHeaderSize: REQUEST_HEADERS_LIMIT_BYTES }, (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname === CALLS_PATH) handleCall(req, res, callsDeps);
    else handleRest(req, res, { apiKey: resolved.apiKey, secrets: resolved.secrets, id: restIds });
  });
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    // Never echo a key-bearing subprotocol back to the client.
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : ([...protocols].find((p) => !p.startsWith(SUBPROTOCOL_KEY)) ?? false)),
  });
  wss.on('headers', (headers) => headers.push(`${EMULATOR_HEADER}: 1`));
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
    close: () => {
      for (const call of calls) call.close();
      return closeWebSocketServer(server, wss);
    },
  };
}
