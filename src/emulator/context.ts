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
}
