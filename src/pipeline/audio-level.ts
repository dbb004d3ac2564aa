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

/**
 * Peak and RMS of a chunk, so that a cassette can draw the waveform's envelope without keeping
 * the audio itself. Pure; G.711 is decoded to linear samples first.
 */
export function audioLevel(audio: Buffer, format: AudioFormat): AudioLevel {
  const samples = toLinear(audio, format);
  if (samples.length === 0) return { peak: 0, rms: 0 };
  let peak = 0;
  let energy = 0;
  for (const sample of samples) {
    const magnitude = Math.abs(sample);
    if (magnitude > peak) peak = magnitude;
    energy += sample * sample;
  }
  return { peak: round4(Math.min(1, peak / FULL_SCALE)), rms: round4(Math.sqrt(energy / samples.length) / FULL_SCALE) };
}
