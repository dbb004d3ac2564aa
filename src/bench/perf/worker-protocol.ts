/**
 * The benchmark's worker processes: a server (the emulator) and the clients run each in a
 * process of their own, so that CPU time and memory are measured per process and no client
 * shares an event loop with the server.
 */

/** What a worker can measure about its own process (the CLI's worker shell provides it). */
export interface ProcessProbe {
  /** CPU time (user + system) used by this process so far, ms. */
  cpuMs(): number;
  /** Peak resident set size of this process so far, bytes. */
  maxRssBytes(): number;
  /** Memory in use now: the JS heap and the memory outside it (buffers), bytes. */
  memory(): { heapUsedBytes: number; externalBytes: number };
}

/** What a role gets from the worker shell. */
export interface WorkerContext {
  readonly probe: ProcessProbe;
  /** Tells the parent that a long-lived role (a server) is up, with what it needs to know. */
  ready(info: unknown): void;
  /** Resolves when the parent asks the role to stop. */
  readonly stopped: Promise<void>;
  /** Current working directory (for relative paths in options). */
  readonly cwd: string;
}

/** Message from a worker to its parent. */
export type WorkerMessage = { readonly type: 'ready'; readonly info: unknown } | { readonly type: 'result'; readonly result: unknown } | { readonly type: 'error'; readonly message: string } | { readonly type: 'probe'; readonly cpuMs: number; readonly maxRssBytes: number };

/** Message from the parent to a worker: the job (first), then `stop` or `probe`. */
export type ParentMessage = { readonly type: 'job'; readonly job: WorkerJob } | { readonly type: 'stop' } | { readonly type: 'probe' };

/** Which VAD engine an emulator worker runs. */
export type BenchVadEngine = 'webrtc' | 'silero';

/** Start the emulator (and a TLS front when `tls` is given) and serve until stopped. */
export interface EmulatorJob {
  readonly role: 'emulator';
  readonly vad: BenchVadEngine;
  readonly tls: { readonly certPath: string; readonly keyPath: string } | null;
}

/** rtbench's own run path (runBenchmark: decode, pace, session, recorder, cassettes, scores) over the bench corpus. */
export interface RtbenchClientJob {
  readonly role: 'rtbench-client';
  readonly target: string;
  readonly corpusDir: string;
  /** Sessions at once. */
  readonly streams: number;
  /** Times each corpus item runs (`--repeat`): a one-item corpus repeated `streams` times keeps every stream busy. */
  readonly repeat: number;
  readonly speed: number | 'max';
  readonly out: string;
  readonly runId: string;
  /** Sessions started per second, so that 200 connections do not land in the same millisecond. */
  readonly sessionRate: number;
  /** Write the run folder's reports (items.csv … report.html) as `rtbench run` does. */
  readonly writeReports: boolean;
  /** How the sessions reach the emulator. @default 'websocket' */
  readonly transport?: 'websocket' | 'webrtc';
}

/** The `openai` package's realtime client sending the same appends. */
export interface SdkClientJob {
  readonly role: 'sdk-client';
  /** `https://127.0.0.1:<port>/v1` */
  readonly baseUrl: string;
  readonly certPath: string;
  readonly corpusDir: string;
  readonly streams: number;
  readonly sessionRate: number;
}

/** A lean load on a server: many real-time sessions on one timer, to measure the server. */
export interface LoadJob {
  readonly role: 'load';
  /** `ws://…/v1/realtime` */
  readonly url: string;
  readonly corpusDir: string;
  readonly sessions: number;
}

/** Score one long seeded pair (a rolled-over session's transcript) and report its time and memory. */
export interface LongScoringJob {
  readonly role: 'long-scoring';
  /** Length of the reference. */
  readonly characters: number;
}

/** Any job a worker can run. */
export type WorkerJob = EmulatorJob | RtbenchClientJob | SdkClientJob | LoadJob | LongScoringJob;
