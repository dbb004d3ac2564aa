import type { ResolvedOptions } from './options.js';
import type { RunConfig, VadMode } from './types.js';

/** Readable, stable id: the same values always give the same id, and different values a different one. */
export function configIdOf(config: Omit<RunConfig, 'configId'>): string {
  const models = config.session === 'transcription' ? config.transcribeModel : `${config.model}+${config.transcribeModel}`;
  const vad =
    config.vad === 'server_vad'
      ? `sv-t${config.threshold}-p${config.prefixPaddingMs}-s${config.silenceDurationMs}`
      : config.vad === 'semantic_vad'
        ? `sem-${config.eagerness}`
        : 'manual';
  const format = config.format === 'pcm16' ? `pcm${config.rateHz / 1000}k` : config.format === 'g711_ulaw' ? 'ulaw8k' : 'alaw8k';
  // Text replies and WebRTC are named; audio replies over a WebSocket (the defaults) keep the ids they always had.
  const parts = [models, config.protocol, config.session, vad, format, ...(config.outputModalities === 'text' ? ['text'] : []), ...(config.transport === 'webrtc' ? ['webrtc'] : [])];
  return parts.join('.').replace(/[^A-Za-z0-9.+_-]/g, '_');
}

function vadCells(options: ResolvedOptions, vad: VadMode): Pick<RunConfig, 'threshold' | 'prefixPaddingMs' | 'silenceDurationMs' | 'eagerness'>[] {
  if (vad === 'none') return [{ threshold: null, prefixPaddingMs: null, silenceDurationMs: null, eagerness: null }];
  if (vad === 'semantic_vad') {
    return options.eagerness.map((eagerness) => ({ threshold: null, prefixPaddingMs: null, silenceDurationMs: null, eagerness }));
  }
  const cells: Pick<RunConfig, 'threshold' | 'prefixPaddingMs' | 'silenceDurationMs' | 'eagerness'>[] = [];
  for (const threshold of options.threshold) {
    for (const prefixPaddingMs of options.prefixPaddingMs) {
      for (const silenceDurationMs of options.silenceDurationMs) {
        cells.push({ threshold, prefixPaddingMs, silenceDurationMs, eagerness: null });
      }
    }
  }
  return cells;
}

/** How a session's responses come back and over what: text replies only in realtime sessions. */
function deliveries(options: ResolvedOptions, session: RunConfig['session']): Pick<RunConfig, 'outputModalities' | 'transport'>[] {
  const modalities = session === 'transcription' ? (['audio'] as const) : options.outputModalities;
  return modalities.flatMap((outputModalities) => options.transport.map((transport) => ({ outputModalities, transport })));
}

/**
 * The cross product of the list options, in a fixed order. Values that do not apply to a cell
 * (threshold under semantic_vad, the realtime model in a transcription session, …) are dropped,
 * and the cells they would have duplicated are merged.
 */
export function expandMatrix(options: ResolvedOptions): RunConfig[] {
  // PCM goes at each --rate; G.711 is 8000 Hz by definition.
  const encodings = options.format.flatMap((format) => (format === 'pcm16' ? options.rate : [8000]).map((rateHz) => ({ format, rateHz })));
  const byId = new Map<string, RunConfig>();
  for (const session of options.session) {
    for (const protocol of options.protocol) {
      for (const model of session === 'transcription' ? [''] : options.model) {
        for (const transcribeModel of options.transcribeModel) {
          for (const vad of options.vad) {
            for (const vadCell of vadCells(options, vad)) {
              for (const encoding of encodings) {
                for (const delivery of deliveries(options, session)) {
                  const base = { model, transcribeModel, protocol, session, ...encoding, vad, ...vadCell, ...delivery };
                  const config: RunConfig = Object.freeze({ configId: configIdOf(base), ...base });
                  if (!byId.has(config.configId)) byId.set(config.configId, config);
                }
              }
            }
          }
        }
      }
    }
  }
  return [...byId.values()];
}
