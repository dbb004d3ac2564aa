import type { AudioFormat } from '../config/types.js';

/** What the session sends: an encoding and its sample rate. */
export interface AudioSpec {
  readonly format: AudioFormat;
  readonly rateHz: number;
}

/** Bytes per sample of the encoding: 2 for PCM16, 1 for G.711. */
export function bytesPerSample(format: AudioFormat): number {
  return format === 'pcm16' ? 2 : 1;
}

/** Bytes of audio per millisecond. */
export function bytesPerMs(spec: AudioSpec): number {
  return (spec.rateHz * bytesPerSample(spec.format)) / 1000;
}

/** Milliseconds of audio in `bytes`. */
export function bytesToMs(spec: AudioSpec, bytes: number): number {
  return bytes / bytesPerMs(spec);
}

/** Whole bytes for `ms` of audio, aligned to a sample. */
export function msToBytes(spec: AudioSpec, ms: number): number {
  const samples = Math.round((spec.rateHz * ms) / 1000);
  return samples * bytesPerSample(spec.format);
}

/** The byte that encodes digital silence: 0 for PCM16, 0xFF for μ-law, 0xD5 for A-law. */
export function silenceByte(format: AudioFormat): number {
  if (format === 'g711_ulaw') return 0xff;
  if (format === 'g711_alaw') return 0xd5;
  return 0;
}

/** `ms` of digital silence in the given encoding. */
export function silence(spec: AudioSpec, ms: number): Buffer {
  return Buffer.alloc(msToBytes(spec, ms), silenceByte(spec.format));
}
