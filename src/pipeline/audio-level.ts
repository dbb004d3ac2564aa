import type { AudioFormat } from '../config/types.js';
import { toLinear } from '../emulator/g711.js';

/** Loudness of one chunk of input audio, on a linear 0–1 scale of full scale (4 decimals). */
export interface AudioLevel {
  /** Largest absolute sample. */
  readonly peak: number;
  /** Root mean square of the samples. */
  readonly rms: number;
}

const FULL_SCALE = 32768;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The samples of PCM16 little-endian audio without copying them, when the platform and alignment allow. */
function pcm16Samples(audio: Buffer): Int16Array {
  const count = audio.length >> 1;
  if (LITTLE_ENDIAN && audio.byteOffset % 2 === 0) return new Int16Array(audio.buffer, audio.byteOffset, count);
  return toLinear(audio, 'pcm16');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Peak and RMS of a chunk, so that a cassette can draw the waveform's envelope without keeping
 * the audio itself. Pure; G.711 is decoded to linear samples first. It runs on every chunk a
 * session sends, so PCM16 is read in place.
 */
export function audioLevel(audio: Buffer, format: AudioFormat): AudioLevel {
  const samples = format === 'pcm16' ? pcm16Samples(audio) : toLinear(audio, format);
  if (samples.length === 0) return { peak: 0, rms: 0 };
  let peak = 0;
  let energy = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] ?? 0;
    const magnitude = sample < 0 ? -sample : sample;
    if (magnitude > peak) peak = magnitude;
    energy += sample * sample;
  }
  return { peak: round4(Math.min(1, peak / FULL_SCALE)), rms: round4(Math.sqrt(energy / samples.length) / FULL_SCALE) };
}
