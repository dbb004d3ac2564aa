import { readAdapterFile, type RelayAdapter } from './adapter-file.js';
import type { Target } from './target.js';
import { readToolsFile, type ToolSet } from './tools-file.js';
import type { SessionKind } from './types.js';

/** What `--save-audio` writes: each response's audio, the audio sent. */
export const SAVE_AUDIO_PARTS = ['responses', 'sent'] as const;

/** One part of `--save-audio`. */
export type SaveAudioPart = (typeof SAVE_AUDIO_PARTS)[number];

/** The options these checks read (RunOptions with defaults applied). */
interface FeatureInputs {
  readonly adapter: string | null;
  readonly tools: string | null;
  readonly session: readonly SessionKind[];
}

/** The resolved relay adapter and tools of a run. */
export interface ResolvedFeatures {
  readonly adapter: string | null;
  readonly relayAdapter: RelayAdapter | null;
  readonly tools: string | null;
  readonly toolSet: ToolSet | null;
}

/**
 * Reads and checks `--adapter` and `--tools`, pushing every problem: an adapter needs a ws:// or
 * wss:// target (a relay), tools need a realtime session, and a relay that takes no
 * session.update cannot be given tools (they travel in it).
 */
export function resolveFeatures(problems: string[], o: FeatureInputs, target: Target | null, toAbsolute: (path: string) => string): ResolvedFeatures {
  const adapter = o.adapter === null || o.adapter === '' ? null : toAbsolute(o.adapter);
  const tools = o.tools === null || o.tools === '' ? null : toAbsolute(o.tools);
  const relayAdapter = adapter === null || o.adapter === null ? null : readAdapterFile(o.adapter, adapter, problems);
  const toolSet = tools === null || o.tools === null ? null : readToolsFile(o.tools, tools, problems);
  if (adapter !== null && target !== null && target.kind !== 'url') {
    problems.push(`--adapter ${o.adapter ?? ''}: an adapter maps a relay's messages, so it needs --target ws://… or wss://… (the relay), not --target ${target.kind}`);
  }
  if (tools !== null && !o.session.includes('realtime')) problems.push(`--tools ${o.tools ?? ''}: tools are offered to the model of a realtime session, and --session ${o.session.join(',')} has none`);
  if (toolSet !== null && relayAdapter !== null && relayAdapter.send.sessionUpdate === null) {
    problems.push(`--tools ${o.tools ?? ''} cannot be used with --adapter ${o.adapter ?? ''}: tools travel in session.update, and the adapter maps none (send.session_update)`);
  }
  return { adapter, relayAdapter, tools, toolSet };
}
