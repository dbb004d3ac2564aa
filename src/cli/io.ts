import type { TextSink } from '../reporters/reporter.js';

/** Everything the CLI may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT (exit 130) or SIGTERM (exit 143): runs stop and write partial results. */
  readonly signal?: AbortSignal;
  /** stdout is a terminal (progress bar, colour). */
  readonly isTTY?: boolean;
}
