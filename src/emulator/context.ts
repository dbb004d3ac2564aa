import type { LatencyProfiles } from './profiles.js';
import type { EmulatedConfig } from './session-config.js';

/** What the parts of an emulated session share: how to send, name, wait and draw. */
export interface EmulatorContext {
  /** Sends a server event; adds its `event_id`. */
  readonly send: (event: Record<string, unknown>) => void;
  /** A new id with the service's shape (`item_…`, `resp_…`). */
  readonly id: (prefix: string) => string;
  /** Runs `fn` after `delayMs` unless the session has ended. */
  readonly later: (delayMs: number, fn: () => void) => void;
  /** Seeded random numbers in [0, 1). */
  readonly rng: () => number;
  readonly config: () => EmulatedConfig;
  readonly profiles: LatencyProfiles;
}
