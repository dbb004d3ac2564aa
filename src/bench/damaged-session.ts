import { basename, dirname } from 'node:path';
import { parseCassette } from '../pipeline/cassette.js';
import { CASSETTE_SCHEMA_VERSION, END_EVENT_TYPE, type CassetteHeader, type ConfigRecord, type SessionRecord, type TimedEvent } from '../pipeline/record.js';

/**
 * The stand-in for a cassette that cannot be read: re-scoring a run folder keeps a row for it,
 * an error row that names the file and the damage, instead of leaving the session out. It holds
 * what the header tells (or, when the header itself is damaged, what the file's place in the
 * folder tells: `sessions/<config_id>/<item>.<repeat>.jsonl`) and nothing to score: its
 * reference and segments are dropped, so a session whose record is lost counts in no metric.
 */

/** What the file's place in the run folder says about the session. */
function fromPath(relPath: string, config: ConfigRecord | null): Pick<CassetteHeader, 'config' | 'item' | 'repeat'> {
  const name = basename(relPath).replace(/\.jsonl$/, '');
  const m = /^(.*)\.(\d+)$/.exec(name);
  const configId = basename(dirname(relPath));
  return {
    config: config ?? { config_id: configId, model: '', transcribe_model: '', protocol: 'ga', session: 'realtime', format: 'pcm16', rate_hz: 0, vad: 'none', threshold: null, prefix_padding_ms: null, silence_duration_ms: null, eagerness: null },
    item: { id: m?.[1] ?? name, audio: '', audio_sha256: '', rate_hz: 0, text: null, language: null, speech_segments: null, segments_text: null },
    repeat: m ? Number(m[2]) : 1,
  };
}

/** The header line alone, when it can be read. */
function readableHeader(text: string, relPath: string): CassetteHeader | null {
  try {
    return parseCassette(`${text.slice(0, Math.max(0, text.indexOf('\n')))}\n`, relPath).meta;
  } catch {
    return null;
  }
}

/**
 * The record a damaged cassette stands for: its session as the header (or the file's path,
 * with the config of `siblingConfig`, a readable session of the same config folder) tells it,
 * no frames but its outcome: errored, saying why.
 */
export function damagedRecord(text: string, relPath: string, damage: string, siblingConfig: ConfigRecord | null): SessionRecord {
  const header = readableHeader(text, relPath);
  const known = header ?? fromPath(relPath, siblingConfig);
  const meta: CassetteHeader = {
    kind: 'rtbench.cassette', schema_version: CASSETTE_SCHEMA_VERSION, run_id: header?.run_id ?? '', harness_version: header?.harness_version ?? '', protocol: known.config.protocol,
    target: header?.target ?? '', model: header?.model ?? known.config.model, config: known.config, repeat: known.repeat,
    item: { ...known.item, text: null, speech_segments: null, segments_text: null },
    chunk_ms: header?.chunk_ms ?? 0, speed: header?.speed ?? 1, started_at: header?.started_at ?? '', api_key_provided: header?.api_key_provided ?? false, session_plan: null,
  };
  const error = `damaged cassette ${damage}; the session is not scored (restore the file, or run the session again with rtbench run --resume)`;
  const end: TimedEvent = { tMs: 0, audioMs: 0, dir: 'ws', event: { type: END_EVENT_TYPE, state: 'errored', error, stage: null, attempts: 1 } };
  return { schemaVersion: CASSETTE_SCHEMA_VERSION, meta, events: [end], outcome: { state: 'errored', error, stage: null, attempts: 1 } };
}
