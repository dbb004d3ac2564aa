import { readFileSync } from 'node:fs';
import type { ResolvedOptions } from '../config/options.js';
import { isLoopbackTarget } from '../config/target.js';
import type { RunConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { startEmulator } from '../emulator/server.js';
import { loadSileroVad } from '../emulator/vad/silero.js';
import type { VadEngine } from '../emulator/vad/vad.js';
import { webrtcVad } from '../emulator/vad/webrtc.js';
import { protocolHeaders, sessionQuery } from '../pipeline/protocol/session-config.js';

/** Where a run's sessions connect, and with which headers. */
export interface Endpoint {
  /** What cassettes and reports call the target (never with credentials). */
  readonly label: string;
  /** Whether the reference hint may be sent (local targets only). */
  readonly sendsHint: boolean;
  /** The socket URL for one config. */
  urlFor(config: RunConfig): string;
  /** Handshake headers for one config; may hold credentials, so never recorded. */
  headersFor(config: RunConfig): Record<string, string>;
  /** Certificate authorities (PEM) to trust beside the system's, from `--ca`. */
  readonly ca?: string;
  close(): Promise<void>;
}

/** Picks the emulator's VAD engine by name. */
export type VadEngineLoader = (name: ResolvedOptions['vadEngine']) => Promise<VadEngine>;

/** Silero v5 (loaded once per process) or the WebRTC VAD. */
export const loadVadEngine: VadEngineLoader = async (name) => {
  if (name === 'webrtc') return webrtcVad;
  try {
    return await loadSileroVad();
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)], { hint: 'Reinstall rtbench (npm install), or use --vad-engine webrtc, which needs no native runtime.', cause: error });
  }
};

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** Opens the run's target: starts the in-process emulator for `local`. */
export async function openEndpoint(options: ResolvedOptions, loadVad: VadEngineLoader = loadVadEngine): Promise<Endpoint> {
  const target = options.target;
  // With --auth ephemeral the unit adds a freshly minted client secret instead of the key.
  const auth: Record<string, string> = options.apiKey !== null && target.kind !== 'local' && options.auth === 'key' ? { Authorization: `Bearer ${options.apiKey}` } : {};
  const headersFor = (config: RunConfig): Record<string, string> => ({ ...auth, ...protocolHeaders(config), ...options.headers });
  if (target.kind === 'local') {
    const emulator = await startEmulator({ vad: await loadVad(options.vadEngine), seed: options.seed });
    return {
      label: 'local',
      sendsHint: true,
      urlFor: (config) => withQuery(emulator.url, sessionQuery(config)),
      headersFor,
      close: () => emulator.close(),
    };
  }
  return {
    label: target.kind === 'openai' ? 'openai' : target.url,
    sendsHint: isLoopbackTarget(target),
    urlFor: (config) => withQuery(target.url, sessionQuery(config)),
    headersFor,
    ...(options.ca === null ? {} : { ca: readFileSync(options.ca, 'utf8') }),
    close: () => Promise.resolve(),
  };
}
