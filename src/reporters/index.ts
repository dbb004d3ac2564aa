import { createConsoleReporter, type ProgressMode } from './console.js';
import type { Reporter, TextSink } from './reporter.js';
import { createResultsDirReporter } from './results-dir.js';

/** What every reporter factory may use. */
export interface ReporterParams {
  readonly out: TextSink;
  readonly color: boolean;
  /** @default 'lines' */
  readonly mode?: ProgressMode;
  /** Monotonic ms for elapsed time and ETA. */
  readonly now?: () => number;
}

/** Reporters by name. */
export const REPORTERS: Readonly<Record<string, (params: ReporterParams) => Reporter>> = {
  console: (p) => createConsoleReporter(p.out, { color: p.color, mode: p.mode, now: p.now }),
  'results-dir': () => createResultsDirReporter(),
};
