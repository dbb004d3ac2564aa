import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../config/options.js';
import type { SessionRecord, TimedEvent } from '../pipeline/record.js';
import { isFinished, runOptionsFromRunJson } from './resume.js';
import { publicOptions } from './runner.js';

const context = { cwd: '/work', env: {}, bundledCorpus: '/pkg/corpus' };
const ws = (event: Record<string, unknown>): TimedEvent => ({ tMs: 0, audioMs: 0, dir: 'ws', event });
const recordOf = (events: TimedEvent[]): SessionRecord => ({ events } as unknown as SessionRecord);

describe('resuming a run', () => {
  it('gives back the options a run was started with, from its run.json', () => {
    const original = resolveOptions(
      { target: 'ws://127.0.0.1:9/v1/realtime', model: ['a', 'b'], threshold: [0.3, 0.6], vad: ['server_vad', 'none'], shard: '2/3', speed: 'max', items: ['x'], limit: 5, repeat: 2, keepAudio: true, seed: 7, maxAttempts: 1, collarMs: 250, corpus: '/c', out: '/o', runId: 'r' },
      context,
    );
    const stored = JSON.parse(JSON.stringify(publicOptions(original))) as Record<string, unknown>;
    const again = resolveOptions({ ...runOptionsFromRunJson(stored), out: '/o', runId: 'r' }, context);
    expect(again).toEqual(original);
  });

  it('keeps a session only when its last attempt ended with an outcome other than aborted', () => {
    expect(isFinished(recordOf([ws({ type: 'open' }), ws({ type: 'end', state: 'completed' })]))).toBe(true);
    expect(isFinished(recordOf([ws({ type: 'open' }), ws({ type: 'end', state: 'errored' })]))).toBe(true);
    expect(isFinished(recordOf([ws({ type: 'open' })]))).toBe(false);
    expect(isFinished(recordOf([ws({ type: 'open' }), ws({ type: 'end', state: 'aborted' })]))).toBe(false);
    expect(isFinished(recordOf([ws({ type: 'end', state: 'errored' }), ws({ type: 'retry', attempt: 1 }), ws({ type: 'open' })]))).toBe(false);
  });
});
