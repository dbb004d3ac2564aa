import fvad from '@echogarden/fvad-wasm/fvad.js';
import type { VadEngine, VadFrame, VadStream } from './vad.js';

/**
 * The WebRTC VAD (libfvad compiled to WASM). It decides speech/non-speech per 20 ms frame; the
 * probability of frame i is the share of voiced frames among i−2 … i+2, so `threshold` keeps
 * its meaning (0.5 = three of five frames voiced) and boundaries are not shifted. This costs
 * 40 ms of look-ahead. Aggressiveness mode 3 (fewest false alarms).
 */

interface FvadModule {
  _fvad_new(): number;
  _fvad_free(handle: number): void;
  _fvad_set_mode(handle: number, mode: number): number;
  _fvad_set_sample_rate(handle: number, rate: number): number;
  _fvad_process(handle: number, ptr: number, length: number): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAP16: Int16Array;
}

const FRAME_MS = 20;
const HALF_WINDOW = 2;
const NATIVE_RATES = [8000, 16000, 32000, 48000];

let modulePromise: Promise<FvadModule> | null = null;

function loadModule(): Promise<FvadModule> {
  modulePromise ??= (fvad as unknown as () => Promise<FvadModule>)();
  return modulePromise;
}

/** Doubles the sample rate by linear interpolation (24 kHz → 48 kHz, a native rate). */
function upsample2(samples: Int16Array, previous: number): Int16Array {
  const out = new Int16Array(samples.length * 2);
  let prev = previous;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    out[2 * i] = (prev + s) >> 1;
    out[2 * i + 1] = s;
    prev = s;
  }
  return out;
}

async function createWebrtcStream(rateHz: number): Promise<VadStream> {
  const m = await loadModule();
  const doubled = !NATIVE_RATES.includes(rateHz);
  const vadRate = doubled ? rateHz * 2 : rateHz;
  if (!NATIVE_RATES.includes(vadRate)) throw new Error(`the WebRTC VAD cannot read ${rateHz} Hz audio`);
  const handle = m._fvad_new();
  m._fvad_set_mode(handle, 3);
  m._fvad_set_sample_rate(handle, vadRate);
  const frameSamples = (vadRate * FRAME_MS) / 1000;
  const ptr = m._malloc(frameSamples * 2);
  let pending = new Int16Array(0);
  let lastSample = 0;
  const voiced: number[] = [];
  let emitted = 0;
  const probabilityAt = (i: number): number => {
    let count = 0;
    let n = 0;
    for (let k = Math.max(0, i - HALF_WINDOW); k <= i + HALF_WINDOW && k < voiced.length; k++, n++) count += voiced[k] ?? 0;
    return n === 0 ? 0 : count / n;
  };
  return {
    push(samples) {
      const input = doubled ? upsample2(samples, lastSample) : samples;
      if (samples.length > 0) lastSample = samples[samples.length - 1] ?? 0;
      const joined = new Int16Array(pending.length + input.length);
      joined.set(pending);
      joined.set(input, pending.length);
      let offset = 0;
      for (; offset + frameSamples <= joined.length; offset += frameSamples) {
        m.HEAP16.set(joined.subarray(offset, offset + frameSamples), ptr >> 1);
        voiced.push(m._fvad_process(handle, ptr, frameSamples) === 1 ? 1 : 0);
      }
      pending = joined.slice(offset);
      const frames: VadFrame[] = [];
      for (; emitted + HALF_WINDOW < voiced.length; emitted++) {
        frames.push({ startMs: emitted * FRAME_MS, endMs: (emitted + 1) * FRAME_MS, probability: probabilityAt(emitted) });
      }
      return Promise.resolve(frames);
    },
    close() {
      m._free(ptr);
      m._fvad_free(handle);
      return Promise.resolve();
    },
  };
}

/** The WebRTC VAD engine. */
export const webrtcVad: VadEngine = { name: 'webrtc', createStream: createWebrtcStream };
