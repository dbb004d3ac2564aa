import wavefile from 'wavefile';
import { toLinear } from '../emulator/g711.js';
import type { AudioSpec } from './audio-format.js';

/**
 * A WAV file (16-bit PCM, mono) of audio in a session's encoding: PCM16 as it is, G.711 decoded
 * to linear samples first, at the encoding's own rate. Written with the `wavefile` package.
 */
export function wavBytes(audio: Buffer, spec: AudioSpec): Buffer {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, spec.rateHz, '16', toLinear(audio, spec.format));
  return Buffer.from(wav.toBuffer());
}
