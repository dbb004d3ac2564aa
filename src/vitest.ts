/**
 * rtbench's helpers for vitest (`import { test, expect } from 'rtbench/vitest'`): the `toMeet`
 * matcher on a run's results, and a `test` whose `realtimeServer` fixture is the emulator or a
 * replay server of recorded sessions, for a project's own realtime client. Only this module
 * imports vitest (an optional peer dependency of rtbench).
 */
import { expect, test as base } from 'vitest';
import type { RunResult } from './bench/run-result.js';
import { checkConditions, startRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from './library.js';

/** vitest's `expect`, with `toMeet` added. */
export { expect };
export type { RealtimeServer, RealtimeServerOptions };

interface ToMeet<R = unknown> {
  /**
   * The run meets every condition on every config: `expect(run).toMeet('wer<0.1')`,
   * `toMeet(['turn_split_rate<=0.05', 'stopped_to_transcript_ms.p95<1200'])`.
   */
  toMeet(conditions: string | readonly string[]): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends ToMeet<T> {}
}

function isRun(value: unknown): value is Pick<RunResult, 'summary'> {
  return typeof value === 'object' && value !== null && Array.isArray((value as { summary?: unknown }).summary);
}

const show = (v: number | null): string => (v === null ? 'no value' : String(Math.round(v * 10_000) / 10_000));

expect.extend({
  toMeet(received: unknown, conditions: string | readonly string[]) {
    if (!isRun(received)) return { pass: false, message: () => 'toMeet expects the result of runBenchmark or replay (an object with a summary per config)' };
    const unmet = checkConditions(received, conditions);
    const listed = [conditions].flat().join(', ');
    return {
      pass: unmet.length === 0,
      message: () =>
        unmet.length === 0
          ? `expected the run not to meet ${listed}, but every config (${received.summary.length}) meets it`
          : `expected the run to meet ${listed}:\n${unmet.map((u) => `  ${u.expression} is not met by ${u.configId} (actual ${show(u.actual)})`).join('\n')}`,
    };
  },
});

/** The fixtures of {@link realtimeTest}. */
export interface RealtimeFixtures {
  /** A realtime server on loopback for the test, closed after it. */
  readonly realtimeServer: RealtimeServer;
}

/**
 * A vitest `test` with a `realtimeServer` fixture: the emulator, or with `cassettes` a replay
 * server of recorded sessions. Options may be a function, read when each test starts (for a
 * folder a `beforeAll` records into).
 *
 * @example
 * const replayTest = realtimeTest(() => ({ cassettes: 'test/fixtures/sessions' }));
 * replayTest('my client', async ({ realtimeServer }) => { await myClient(realtimeServer.url); });
 */
export function realtimeTest(options: RealtimeServerOptions | (() => RealtimeServerOptions) = {}) {
  return base.extend<RealtimeFixtures>({
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from its first parameter's pattern
    realtimeServer: async ({}, use) => {
      const server = await startRealtimeServer(typeof options === 'function' ? options() : options);
      try {
        await use(server);
      } finally {
        await server.close();
      }
    },
  });
}

/** `test` with the emulator as its `realtimeServer` fixture. */
export const test = realtimeTest();
