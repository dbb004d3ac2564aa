import type { LatencyProfiles } from './profiles.js';
import type { EmulatedConfig } from './session-config.js';

/**
 * One line of the emulator's log: what it injected or did, for tests and `rtbench serve --log`.
 * `event` says what (`session.open`, `session.close`, `injected`, `fault`); times in ms.
 */
export type EmulatorLogEntry = { readonly event: string } & Readonly<Record<string, unknown>>;

/** What the parts of an emulated session share: how to send, name, wait, draw and log. */
export interface EmulatorContext {
  /** Sends a server event; adds its `event_id`. */
  readonly send: (event: Record<string, unknown>) => void;
  /** A new id with the service's shape (`item_…`, `resp_…`). */
  readonly id: (prefix: string) => string;
  /** Runs `fn` after `delayMs` unless the session has ended; callbacks keep their order. */
  readonly later: (delayMs: number, fn: () => void) => void;
  /** Seeded random numbers in [0, 1). */
  readonly rng: () => number;
  readonly config: () => EmulatedConfig;
  readonly profiles: LatencyProfiles;
  /** Monotonic ms (the emulator's clock). */
  readonly now: () => number;
  /** Adds a line to the emulator's log (the session number is added). */
  readonly log: (entry: EmulatorLogEntry) => void;
  /** Over WebRTC: the call's outbound track, which plays response audio instead of audio deltas. */
  readonly audioTrack: ResponseAudioTrack | null;
}

/**
 * The outbound audio track of a WebRTC call: response audio goes there, paced as it plays,
 * instead of as `response.output_audio.delta` events; `output_audio_buffer.started` /
 * `.stopped` / `.cleared` tell the client what it does (REALTIME.md §6).
 */
export interface ResponseAudioTrack {
  /** Plays `pcm` (24 kHz PCM16) for a response: `started` now, `stopped` once it has all gone out. */
  play(ctx: EmulatorContext, responseId: string, pcm: Buffer): void;
  /** Stops what plays, with `cleared`; false when nothing played. */
  clear(ctx: EmulatorContext): boolean;
}
