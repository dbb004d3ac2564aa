import { existsSync, readFileSync } from 'node:fs';
import type { RunOptions } from '../config/options.js';
import { ConfigError } from '../errors.js';
import type { ItemResult } from '../metrics/item-result.js';
import { scoreSession } from '../metrics/score-session.js';
import { parseCassette } from '../pipeline/cassette.js';
import { END_EVENT_TYPE, lastAttempt, type SessionRecord } from '../pipeline/record.js';
import type { RunMeta } from './run-result.js';
import { cassettePath, type WorkUnit } from './unit.js';

/**
 * `rtbench run --resume <run-dir>`: a run cut short (killed, interrupted, stopped by a fatal
 * error) is finished from its folder. Its options come from run.json; every session whose
 * cassette ends with an outcome is kept and scored from the cassette; every other session of
 * the plan (no cassette, a cassette cut off by the crash, or one interrupted) runs again and
 * overwrites its cassette. Each session of the plan is in the results exactly once.
 */

/** Whether a cassette holds a finished session: its last attempt ends with an outcome that is not `aborted`. */
export function isFinished(record: SessionRecord): boolean {
  const end = lastAttempt(record.events).findLast((f) => f.dir === 'ws' && f.event.type === END_EVENT_TYPE);
  return end !== undefined && end.event.state !== 'aborted';
}

/** The units of the plan whose cassettes in `runDir` hold finished sessions, scored from those cassettes. */
export function finishedUnits(runDir: string, units: readonly WorkUnit[], collarMs: number): Map<WorkUnit, ItemResult> {
  const kept = new Map<WorkUnit, ItemResult>();
  for (const unit of units) {
    const path = cassettePath(runDir, { config: unit.config, itemId: unit.item.id, repeat: unit.repeat });
    if (!existsSync(path)) continue;
    let record: SessionRecord;
    try {
      record = parseCassette(readFileSync(path, 'utf8'), path);
    } catch {
      // Damaged beyond its last line: the session runs again and its cassette is written anew.
      continue;
    }
    if (isFinished(record) && record.meta.item.id === unit.item.id && record.meta.config.config_id === unit.config.configId) kept.set(unit, scoreSession(record, { collarMs }));
  }
  return kept;
}

/** The options a run was started with, from its run.json (`options`), as `rtbench run` takes them. */
export function runOptionsFromRunJson(saved: Readonly<Record<string, unknown>>): RunOptions {
  const target = saved.target as { kind?: string; url?: string } | undefined;
  const shard = saved.shard as { index?: number; count?: number } | null | undefined;
  const pick = <K extends keyof RunOptions>(key: K): RunOptions[K] => saved[key] as RunOptions[K];
  return {
    target: target?.kind === 'url' ? target.url : target?.kind,
    protocol: pick('protocol'), session: pick('session'), model: pick('model'), transcribeModel: pick('transcribeModel'), vad: pick('vad'),
    threshold: pick('threshold'), prefixPaddingMs: pick('prefixPaddingMs'), silenceDurationMs: pick('silenceDurationMs'), eagerness: pick('eagerness'), transport: pick('transport'), rate: pick('rate'),
    format: pick('format'), outputModalities: pick('outputModalities'), adapter: pick('adapter'), tools: pick('tools'), saveAudio: pick('saveAudio'), language: pick('language'), prompt: pick('prompt'), includeLogprobs: pick('includeLogprobs'), instructions: pick('instructions'), voice: pick('voice'),
    repeat: pick('repeat'), concurrency: pick('concurrency'), corpus: pick('corpus'), items: pick('items'), limit: pick('limit'),
    chunkMs: pick('chunkMs'), speed: pick('speed'), tailSilenceMs: pick('tailSilenceMs'), turnTimeoutMs: pick('turnTimeoutMs'), connectTimeoutMs: pick('connectTimeoutMs'),
    keepAudio: pick('keepAudio'), failOn: pick('failOn'), vadEngine: pick('vadEngine'), auth: pick('auth'), seed: pick('seed'),
    shard: shard?.index !== undefined && shard.count !== undefined ? `${shard.index}/${shard.count}` : null,
    sessionRate: pick('sessionRate'), maxAttempts: pick('maxAttempts'), collarMs: pick('collarMs'),
  };
}

/** Refuses to resume into a corpus whose manifest changed since the run started: the plan would not be the same. */
export function checkSameCorpus(stored: RunMeta, digest: string, runDir: string): void {
  if (stored.corpus.digest !== '' && stored.corpus.digest !== digest) {
    throw new ConfigError([`--resume ${runDir}: the corpus manifest (${stored.corpus.dir}) changed since the run started, so its sessions would not be the same`], {
      hint: 'Restore the manifest the run started with, or start a new run.',
    });
  }
}
