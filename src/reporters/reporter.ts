import type { RunMeta, RunResult } from '../bench/run-result.js';
import type { ItemResult } from '../metrics/item-result.js';

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** Sees a run as it happens. Only onRunEnd is required; onResult must be cheap. */
export interface Reporter {
  readonly name: string;
  onRunStart?(meta: RunMeta, runDir: string): Awaitable<void>;
  onResult?(result: ItemResult, done: number, total: number): Awaitable<void>;
  /** Sessions a resumed run (`--resume`) kept from its folder, before any new one runs. */
  onKept?(results: readonly ItemResult[]): Awaitable<void>;
  onRunEnd(run: RunResult, runDir: string): Awaitable<void>;
}

/** Where text output goes (the CLI passes process.stdout). */
export interface TextSink {
  write(text: string): void;
}
