import type { AudioFormat, AuthMode, Eagerness, OutputModality, ProtocolGeneration, SessionKind, TransportKind, VadEngineName, VadMode } from './types.js';

/**
 * Every default of `rtbench run`, in one place.
 * NOTE: the README's option table documents these values.
 */
export const DEFAULTS = {
  target: 'local',
  protocol: ['ga'] as ProtocolGeneration[],
  session: ['realtime'] as SessionKind[],
  model: ['gpt-realtime'],
  transcribeModel: ['gpt-4o-transcribe'],
  vad: ['server_vad'] as VadMode[],
  /** OpenAI's documented server_vad defaults. */
  threshold: [0.5],
  prefixPaddingMs: [300],
  silenceDurationMs: [500],
  eagerness: ['auto'] as Eagerness[],
  transport: ['websocket'] as TransportKind[],
  rate: [24000],
  format: ['pcm16'] as AudioFormat[],
  outputModalities: ['audio'] as OutputModality[],
  /** Path of a relay's adapter file; null: the target speaks the protocol. */
  adapter: null as string | null,
  /** What to write as WAV files: `responses`, `sent`; none by default. */
  saveAudio: [] as ('responses' | 'sent')[],
  /** Path of a tools file; null: no tools. */
  tools: null as string | null,
  language: null as string | null,
  prompt: null as string | null,
  includeLogprobs: false,
  instructions: 'You are being benchmarked. Answer every user turn with one short sentence.',
  voice: 'alloy',
  repeat: 1,
  concurrency: 4,
  corpus: null as string | null,
  items: [] as string[],
  limit: null as number | null,
  out: 'results',
  chunkMs: 40,
  speed: 1 as number | 'max',
  /** null: silence_duration_ms (or the semantic_vad wait) + 1000 ms. */
  tailSilenceMs: null as number | null,
  turnTimeoutMs: 15_000,
  connectTimeoutMs: 10_000,
  keepAudio: false,
  failOn: [] as string[],
  vadEngine: 'silero' as VadEngineName,
  auth: 'key' as AuthMode,
  headers: [] as string[],
  seed: 1,
  /** Collar of the detection error rate (pyannote.metrics' default: none). */
  collarMs: 0,
  /** `i/n` to run one slice of the work list; null = all of it. */
  shard: null as string | null,
  /** Sessions started per second; null = unlimited on local targets, {@link REMOTE_SESSION_RATE} elsewhere. */
  sessionRate: null as number | null,
  /** Tries of a session that failed in a way that may pass (retry-policy.ts), the first included. */
  maxAttempts: 3,
  /** PEM file of certificate authorities to trust for a wss:// target, beside the system's; null = the system's only. */
  ca: null as string | null,
} as const;

/** Sessions started per second against a remote target unless `--session-rate` says otherwise. */
export const REMOTE_SESSION_RATE = 2;

/** Gap (ms) under which true speech segments are merged into one expected turn when the config has no silence_duration_ms. */
export const DEFAULT_MERGE_GAP_MS = 500;

/** Longest wait of semantic_vad before it ends a turn, by eagerness (REALTIME.md §4.4). */
export const SEMANTIC_MAX_WAIT_MS = { low: 8000, medium: 4000, high: 2000, auto: 4000 } as const;
