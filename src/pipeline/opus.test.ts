import { describe, expect, it } from 'vitest';
import { createOpusDecoder, createOpusEncoder, frameSamples, rtpUnits } from './opus.js';

function tone(rateHz: number, samples: number, hz = 440): Buffer {
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rateHz)), i * 2);
  return out;
}

/** Highest normalised correlation of `b` against `a` over lags 0..maxLag (the codec delays its output). */
function bestCorrelation(a: Buffer, b: Buffer, maxLag: number): number {
  const n = Math.min(a.length, b.length) / 2 - maxLag;
  let best = 0;
  for (let lag = 0; lag < maxLag; lag++) {
    let num = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < n; i++) {
      const x = a.readInt16LE(i * 2);
      const y = b.readInt16LE((i + lag) * 2);
      num += x * y;
      aa += x * x;
      bb += y * y;
    }
    best = Math.max(best, num / Math.sqrt(aa * bb + 1));
  }
  return best;
}

describe('opus', () => {
  it('opus-round-trip-keeps-the-signal at 24 and 16 kHz', () => {
    for (const rateHz of [24000, 16000]) {
      const n = frameSamples(rateHz);
      const source = tone(rateHz, n * 50);
      const encoder = createOpusEncoder(rateHz);
      const decoder = createOpusDecoder(rateHz);
      const decoded: Buffer[] = [];
      for (let k = 0; k < 50; k++) {
        const packet = encoder.encode(source.subarray(k * n * 2, (k + 1) * n * 2));
        expect(packet.length).toBeGreaterThan(0);
        expect(packet.length).toBeLessThan(n * 2);
        const pcm = decoder.decode(packet);
        expect(pcm.length).toBe(n * 2);
        decoded.push(pcm);
      }
      encoder.close();
      decoder.close();
      // The codec delays its output by its look-ahead (about 6.5 ms plus the decoder's part).
      expect(bestCorrelation(source.subarray(n * 20), Buffer.concat(decoded).subarray(n * 20), frameSamples(rateHz))).toBeGreaterThan(0.95);
    }
  });

  it('opus-encoder-takes-whole-frames-only', () => {
    const encoder = createOpusEncoder(24000);
    expect(() => encoder.encode(Buffer.alloc(100))).toThrow(/960 bytes/);
    encoder.close();
    expect(() => encoder.encode(Buffer.alloc(960))).toThrow(/closed/);
    expect(() => createOpusEncoder(22050)).toThrow(/22050 Hz/);
  });

  it('opus-rtp-units-count-at-48-khz', () => {
    expect(rtpUnits(frameSamples(24000), 24000)).toBe(960);
    expect(rtpUnits(frameSamples(16000), 16000)).toBe(960);
    expect(rtpUnits(frameSamples(8000), 8000)).toBe(960);
  });
});
