import { describe, expect, it } from 'vitest';
import { audioLevel } from './audio-level.js';

function pcm(samples: number[]): Buffer {
  const buffer = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => buffer.writeInt16LE(s, i * 2));
  return buffer;
}

describe('audioLevel', () => {
  it('measures peak and rms of pcm16 on a 0-1 scale', () => {
    expect(audioLevel(pcm([0, 16384, -16384, 0]), 'pcm16')).toEqual({ peak: 0.5, rms: Math.round((Math.sqrt(0.125) ) * 10_000) / 10_000 });
    expect(audioLevel(pcm([-32768, 32767]), 'pcm16').peak).toBe(1);
  });

  it('gives zero for silence and for an empty chunk', () => {
    expect(audioLevel(pcm([0, 0, 0]), 'pcm16')).toEqual({ peak: 0, rms: 0 });
    expect(audioLevel(Buffer.alloc(0), 'pcm16')).toEqual({ peak: 0, rms: 0 });
  });

  it('reads pcm16 at an odd byte offset the same as aligned', () => {
    const aligned = pcm([100, -2000, 30000, -7]);
    const shifted = Buffer.alloc(aligned.length + 1);
    aligned.copy(shifted, 1);
    expect(shifted.subarray(1).byteOffset % 2).toBe(1);
    expect(audioLevel(shifted.subarray(1), 'pcm16')).toEqual(audioLevel(aligned, 'pcm16'));
  });

  it('decodes g711 before measuring', () => {
    expect(audioLevel(Buffer.alloc(160, 0xff), 'g711_ulaw').peak).toBe(0);
    expect(audioLevel(Buffer.alloc(160, 0x80), 'g711_ulaw').peak).toBeGreaterThan(0.9);
  });
});
