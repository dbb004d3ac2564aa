import { createConsoleReporter } from './console.js';
import type { Reporter, TextSink } from './reporter.js';
import { createResultsDirReporter } from './results-dir.js';

/** What every reporter factory may use. */
export interface ReporterParams {
  readonly out: TextSink;
  readonly color: boolean;
}

/** Reporters by name. */
export const REPORTERS: Readonly<Record<string, (params: ReporterParams) => Reporter>> = {
  console: (p) => createConsoleReporter(p.out, { color: p.color }),
  'results-dir': () => createResultsDirReporter(),
};
