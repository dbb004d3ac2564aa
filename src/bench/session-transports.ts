import type { ResolvedOptions } from '../config/options.js';
import type { RunConfig } from '../config/types.js';
import type { CorpusItem } from '../corpus/manifest.js';
import { DEFAULT_MERGE_GAP_MS } from '../config/defaults.js';
import { expectedTurns } from '../metrics/turns.js';
import type { AudioSpec } from '../pipeline/audio-format.js';
import type { AudioTap } from '../pipeline/audio-tap.js';
import type { Recorder } from '../pipeline/recorder.js';
import type { SessionPlan } from '../pipeline/session.js';
import { answerToolCalls } from '../pipeline/tool-answers.js';
import { createAdapterTransport } from '../pipeline/transport/adapter.js';
import type { Transport } from '../pipeline/transport/transport.js';

/**
 * Where each expected turn of an item ends (ms of audio): its true segments merged as for
 * turns_expected; one turn (ending anywhere) for an item with speech but no segments; none for
 * an item without speech. A relay without an answer to session.update owes a response to each.
 */
export function expectedTurnEndsMs(item: CorpusItem, config: RunConfig): number[] {
  if (item.speechSegments !== null) return expectedTurns(item.speechSegments, config.silenceDurationMs ?? DEFAULT_MERGE_GAP_MS).map((t) => t.endMs);
  return item.text === '' ? [] : [0];
}

/** The layers of one socket, from the network up. */
export interface SocketLayers {
  /** The target's socket. */
  readonly socket: Transport;
  /** Wraps a transport in the session's recorder. */
  readonly record: (inner: Transport) => Recorder;
  readonly tap: AudioTap | null;
}

/**
 * The transport a session talks to, from the network up: the target's socket; the relay adapter
 * (`--adapter`), so that what is recorded is protocol events; the recorder; the audio tap
 * (`--save-audio`); the answers to tool calls (`--tools`), whose events the recorder sees go out.
 */
export function stackTransports(options: ResolvedOptions, plan: SessionPlan, item: CorpusItem | null, spec: AudioSpec, layers: SocketLayers): { recorder: Recorder; transport: Transport } {
  const relay = options.relayAdapter;
  const inner = relay === null ? layers.socket : createAdapterTransport(layers.socket, { adapter: relay, spec, expectedTurnEndsMs: item === null ? [] : expectedTurnEndsMs(item, plan.config) });
  const recorder = layers.record(inner);
  const tapped = layers.tap ? layers.tap.wrap(recorder.transport) : recorder.transport;
  const transport = plan.tools ? answerToolCalls(tapped, plan.tools) : tapped;
  return { recorder, transport };
}
