import type { IncomingMessage } from 'node:http';
import { realClock } from '../clock.js';
import { createRng } from '../metrics/stats.js';
import { authorize, presentedCredential, type AuthFailure, type ClientSecret, type SecretStore } from './auth.js';
import type { EmulatorLogEntry } from './context.js';
import type { ToolRule } from './conversation/tool-rules.js';
import { FAULT_HEADER, faultsForSession, parseFaultHeader, type FaultSpec } from './fault-spec.js';
import { createFaultedOutput, type FaultSocket } from './faults.js';
import { createIdGenerator } from './ids.js';
import type { LatencyProfiles } from './profiles.js';
import { corpusSource, type CorpusPrints } from './recognise.js';
import { DEFAULT_MODEL } from './rest.js';
import type { ScriptTurn } from './script.js';
import { EmulatedSession, type ResponseAudioTrack } from './session.js';
import { applySessionUpdate, initialConfig, type EmulatedConfig } from './session-config.js';
import { decodeHint, REFERENCE_HEADER, type ReferenceHint } from './transcriber.js';
import { hintSource, NO_TRANSCRIPTS, scriptSource, type TranscriptSource } from './transcript-source.js';
import type { VadEngine } from './vad/vad.js';

/** The emulator's options with every default applied, as its sessions use them. */
export interface EmulatorSettings {
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

/** Unix seconds on the wall clock (expires_at, client secrets). */
export const nowS = (): number => Date.parse(realClock.wallIso()) / 1000;

/** A request header's first value. */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The faults of session number `n`: the emulator's for it, and the request's own header. Throws on a bad header. */
export function sessionFaults(request: IncomingMessage, settings: EmulatorSettings, n: number): FaultSpec[] {
  return [...faultsForSession(settings.faults, n), ...parseFaultHeader(header(request, FAULT_HEADER) ?? '')];
}

/** Checks the request's credential (an `auth` fault refuses it as for a wrong key); the secret it used, or why it is refused. */
export function authorizeRequest(request: IncomingMessage, settings: EmulatorSettings, faults: readonly FaultSpec[], log: (entry: EmulatorLogEntry) => void): { secret: ClientSecret | null } | AuthFailure {
  const authFault = faults.find((f) => f.kind === 'auth');
  if (authFault) {
    log({ event: 'fault', fault: authFault.text });
    return { code: 'invalid_api_key', message: 'Incorrect API key provided.' };
  }
  return authorize(presentedCredential(request), settings.apiKey, settings.secrets);
}

/** The session's starting configuration, from the URL, the headers and a client secret; null when a realtime session names no model. */
export function startingConfig(request: IncomingMessage, secret: ClientSecret | null): EmulatedConfig | null {
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

/** What a session is opened with, whatever carries it (a WebSocket, a WebRTC call). */
export interface SessionOpening {
  readonly request: IncomingMessage;
  readonly settings: EmulatorSettings;
  /** Session number, from 1. */
  readonly n: number;
  readonly config: EmulatedConfig;
  readonly faults: readonly FaultSpec[];
  readonly socket: FaultSocket;
  readonly log: (entry: EmulatorLogEntry) => void;
  /** Over WebRTC: the track that plays the responses' audio (no audio deltas then). */
  readonly audioTrack?: ResponseAudioTrack;
}

/** The hint when the client sent one, else the script, else corpus recognition, else none. */
function transcriptSource(hint: ReferenceHint | null, settings: EmulatorSettings, log: (entry: EmulatorLogEntry) => void): TranscriptSource {
  if (hint !== null) return hintSource(hint);
  if (settings.script) return scriptSource(settings.script);
  if (settings.corpus) return corpusSource(settings.corpus, log);
  return NO_TRANSCRIPTS;
}

/** Makes the emulated session of one connection, with its faults armed on `socket`; call `open()` when its events can flow. */
export function createSession(o: SessionOpening): EmulatedSession {
  const { settings } = o;
  const rng = createRng(settings.seed + o.n);
  const id = createIdGenerator(rng);
  const later = (delayMs: number, fn: () => void): void => {
    session.later(delayMs, fn);
  };
  const output = createFaultedOutput(o.faults, { socket: o.socket, later, eventId: () => id('event'), log: o.log, maxSessionMinutes: Number((settings.maxSessionMs / 60_000).toFixed(2)) });
  const hint = decodeHint(header(o.request, REFERENCE_HEADER));
  const transcripts = transcriptSource(hint, settings, o.log);
  if (transcripts.kind === 'none') settings.noticeOnce(o.n);
  const session: EmulatedSession = new EmulatedSession({
    config: o.config, transcripts, errorSeedText: hint?.text ?? '', toolRules: settings.toolRules, vad: settings.vad, profiles: settings.profiles, rng, seed: settings.seed, id, output,
    closeSocket: (code, reason) => {
      o.socket.close(code, reason);
    },
    maxSessionMs: settings.maxSessionMs, nowS, now: () => realClock.now(), log: o.log, audioTrack: o.audioTrack,
  });
  o.log({ event: 'session.open', protocol: o.config.protocol, kind: o.config.kind, model: o.config.model, faults: o.faults.map((f) => f.text) });
  return session;
}
