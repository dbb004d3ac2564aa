import { describe, expect, it } from 'vitest';
import { CASSETTE_SCHEMA_VERSION, type CassetteHeader, type SessionRecord } from '../pipeline/record.js';
import { configRecord } from '../../test/helpers/items.js';
import { mergeRuns } from './merge.js';
import type { StoredRun } from './run-dir.js';
import type { RunMeta } from './run-result.js';
import { STATISTICS_METHOD } from '../metrics/stats.js';

function record(itemId: string, repeat = 1): SessionRecord {
  const meta: CassetteHeader = {
    kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: 'shard', harness_version: '0.0.0', protocol: 'ga', target: 'local', model: 'gpt-realtime',
    config: configRecord(), item: { id: itemId, audio: `${itemId}.wav`, audio_sha256: '', rate_hz: 24000, text: 'hello', language: 'en', speech_segments: [[0.5, 1]], segments_text: null },
    repeat, chunk_ms: 40, speed: 'max', started_at: '2026-01-01T00:00:00.000Z', api_key_provided: false, session_plan: null,
  };
  const events = [{ tMs: 0, audioMs: 0, dir: 'ws' as const, event: { type: 'end', state: 'completed', error: null, stage: null, attempts: 1 } }];
  return { schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events, outcome: { state: 'completed', error: null, stage: null, attempts: 1 } };
}

function stored(dir: string, itemIds: string[], shard: RunMeta['shard'], options: Record<string, unknown> = {}): StoredRun {
  const meta: RunMeta = {
    schemaVersion: 1, runId: 'r', harnessVersion: '0.0.0', startedAt: `2026-01-01T00:00:0${dir.length % 10}.000Z`, endedAt: null, target: 'local', emulated: true,
    options: { threshold: [0.5], ...options }, corpus: { dir: '/c', digest: 'd', items: 4 }, normalizer: 'old', statistics: STATISTICS_METHOD, pricesAsOf: 'x', versions: {}, plannedSessions: itemIds.length, interrupted: false, shard,
  };
  return { dir, meta, sessions: itemIds.map((id) => ({ path: `sessions/c/${id}.1.jsonl`, record: record(id), damage: null })), problems: [] };
}

const options = { runId: 'merged', nowIso: '2026-02-02T00:00:00.000Z' };

describe('mergeRuns', () => {
  it('joins complete shards without a word of complaint', () => {
    const merged = mergeRuns([stored('/one', ['a', 'b'], { index: 1, count: 2, totalSessions: 4 }), stored('/two', ['c', 'd'], { index: 2, count: 2, totalSessions: 4 })], options);
    expect(merged.problems).toEqual([]);
    expect(merged.items.map((i) => [i.itemId, i.runId])).toEqual([['a', 'merged'], ['b', 'merged'], ['c', 'merged'], ['d', 'merged']]);
    expect(merged.meta).toMatchObject({ runId: 'merged', plannedSessions: 4, shard: null, rescoredAt: options.nowIso, normalizer: 'rtbench-english/2' });
    expect(merged.meta.sources?.map((s) => s.sessions)).toEqual([2, 2]);
    expect(merged.meta.options.shard).toBeNull();
  });

  it('reports missing and repeated shards and duplicate sessions', () => {
    const one = stored('/one', ['a', 'b'], { index: 1, count: 3, totalSessions: 6 });
    const merged = mergeRuns([one, { ...one, dir: '/again' }], options);
    expect(merged.problems).toEqual([
      'missing shards 2/3, 3/3: the merged run is incomplete',
      'shard 1/3 given twice: /one, /again',
      'duplicate session gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k / a #1 in /again (kept the one from /one)',
      'duplicate session gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k / b #1 in /again (kept the one from /one)',
      '4 of 6 planned sessions have no cassette (a shard missing or cut short)',
    ]);
    expect(merged.items).toHaveLength(2);
  });

  it('says when the folders are not shards of one run', () => {
    const merged = mergeRuns([stored('/one', ['a'], null), stored('/two', ['b'], null, { threshold: [0.9] })], options);
    expect(merged.problems).toEqual(['/two and /one differ in threshold: they were merged into one report, but they are not shards of one run']);
    expect(merged.meta.plannedSessions).toBe(2);
  });
});
