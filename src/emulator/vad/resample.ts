/**
 * Streaming rational resampler (polyphase windowed-sinc FIR) for the VAD input. Output sample n
 * lines up with input time n / outRateHz: the filter's delay is paid as look-ahead, so frame
 * times on the session's audio clock are not shifted. Each push costs O(samples · taps); the
 * input kept between pushes is bounded by the filter length.
 */

/** A resampler that keeps state between pushes. */
export interface StreamResampler {
  /** Resamples the next input samples; returns the output samples they complete. */
  push(samples: Float32Array): Float32Array;
}

/**
 * Taps per polyphase branch. At 24 → 16 kHz: flat to 6 kHz, −3 dB at 7 kHz, ≥ 45 dB down on what
 * would fold back (9 kHz and up); enough for a VAD, and 32 multiply-adds per output sample.
 */
const TAPS_PER_PHASE = 32;
/** Kaiser window β (about 85 dB stop-band attenuation). */
const KAISER_BETA = 8.6;
/** Cut-off as a share of the lower rate (0.5 = its Nyquist frequency). */
const CUTOFF_SHARE = 0.46;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Modified Bessel function of the first kind, order 0 (series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Low-pass prototype at the upsampled rate, centred on an integer index, gain `up`. */
function designFilter(up: number, cutoffNorm: number, length: number, centre: number): Float32Array {
  const h = new Float32Array(length);
  const i0Beta = besselI0(KAISER_BETA);
  for (let j = 0; j < length; j++) {
    const x = j - centre;
    const sinc = x === 0 ? 1 : Math.sin(2 * Math.PI * cutoffNorm * x) / (2 * Math.PI * cutoffNorm * x);
    const r = x / centre;
    const window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
    h[j] = up * 2 * cutoffNorm * sinc * window;
  }
  return h;
}

/** A resampler from `inRateHz` to `outRateHz`; the identity when they are equal. */
export function createResampler(inRateHz: number, outRateHz: number): StreamResampler {
  if (inRateHz === outRateHz) return { push: (samples) => samples };
  const g = gcd(inRateHz, outRateHz);
  const up = outRateHz / g;
  const down = inRateHz / g;
  const length = TAPS_PER_PHASE * up;
  const centre = length / 2;
  const h = designFilter(up, (CUTOFF_SHARE * Math.min(inRateHz, outRateHz)) / (inRateHz * up), length, centre);
  // One contiguous branch per phase: branch p tap k is h[p + k·up] (applied to input newest − k).
  const branches = Array.from({ length: up }, (_, p) => Float32Array.from({ length: TAPS_PER_PHASE }, (_, k) => h[p + k * up] ?? 0));
  // Input kept as a sliding window: `history[k]` is absolute input sample `base + k`.
  let history = new Float32Array(0);
  let base = 0;
  let next = 0;
  return {
    push(samples) {
      const joined = new Float32Array(history.length + samples.length);
      joined.set(history);
      joined.set(samples, history.length);
      const available = base + joined.length;
      // Outputs whose newest input sample has arrived: (next·down + centre) / up < available.
      const last = Math.floor((available * up - centre - 1) / down);
      const out = new Float32Array(Math.max(0, last - next + 1));
      for (let o = 0; o < out.length; o++, next++) {
        const u = next * down + centre;
        const newest = Math.floor(u / up);
        const branch = branches[u - newest * up] ?? branches[0];
        if (branch === undefined) break;
        const top = newest - base;
        const taps = Math.min(TAPS_PER_PHASE, top + 1);
        let acc = 0;
        for (let k = 0; k < taps; k++) acc += (branch[k] as number) * (joined[top - k] as number);
        out[o] = acc;
      }
      const oldestNeeded = Math.max(base, Math.floor((next * down + centre) / up) - TAPS_PER_PHASE + 1);
      history = joined.slice(oldestNeeded - base);
      base = oldestNeeded;
      return out;
    },
  };
}
