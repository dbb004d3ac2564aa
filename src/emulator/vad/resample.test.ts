import { describe, expect, it } from 'vitest';
import { createResampler } from './resample.js';

function sine(freqHz: number, rateHz: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rateHz * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freqHz * i) / rateHz));
}

function pushInPieces(rateIn: number, rateOut: number, input: Float32Array, piece: number): Float32Array {
  const r = createResampler(rateIn, rateOut);
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += piece) parts.push(...r.push(input.subarray(i, i + piece)));
  return Float32Array.from(parts);
}

function rms(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] ?? 0) ** 2;
  return Math.sqrt(sum / (to - from));
}

describe('createResampler', () => {
  it('keeps an in-band tone in amplitude and in time (no delay), whatever the piece size', () => {
    const input = sine(1000, 24000, 1);
    for (const piece of [960, 37, 24000]) {
      const out = pushInPieces(24000, 16000, input, piece);
      expect(out.length).toBeGreaterThan(15_950);
      expect(out.length).toBeLessThanOrEqual(16_000);
      // Sample n of the output is input time n / 16000: compare with the ideal tone there.
      let maxError = 0;
      for (let n = 200; n < 15_800; n++) maxError = Math.max(maxError, Math.abs((out[n] ?? 0) - 0.5 * Math.sin((2 * Math.PI * 1000 * n) / 16000)));
      expect(maxError, `piece ${piece}`).toBeLessThan(0.005);
    }
  });

  it('removes what would alias: a 10 kHz tone at 24 kHz is gone at 16 kHz', () => {
    const out = pushInPieces(24000, 16000, sine(10_000, 24000, 1), 960);
    expect(rms(out, 200, 15_800)).toBeLessThan(0.5 * 0.7071 * 1e-3);
  });

  it('upsamples 8 kHz and is the identity at equal rates', () => {
    const out = pushInPieces(8000, 16000, sine(440, 8000, 0.5), 160);
    let maxError = 0;
    for (let n = 200; n < 7800; n++) maxError = Math.max(maxError, Math.abs((out[n] ?? 0) - 0.5 * Math.sin((2 * Math.PI * 440 * n) / 16000)));
    expect(maxError).toBeLessThan(0.005);
    const same = sine(300, 16000, 0.1);
    expect(createResampler(16000, 16000).push(same)).toBe(same);
  });
});
