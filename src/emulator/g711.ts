/** Decodes one G.711 μ-law byte to a 16-bit linear sample (ITU-T G.711). */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

/** Decodes one G.711 A-law byte to a 16-bit linear sample (ITU-T G.711). */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return sign ? magnitude : -magnitude;
}

const ULAW = Int16Array.from({ length: 256 }, (_, b) => ulawToLinear(b));
const ALAW = Int16Array.from({ length: 256 }, (_, b) => alawToLinear(b));

/** Decodes received input audio to PCM16 samples for the VAD. */
export function toLinear(audio: Buffer, format: 'pcm16' | 'g711_ulaw' | 'g711_alaw'): Int16Array {
  if (format === 'pcm16') {
    const samples = new Int16Array(audio.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = audio.readInt16LE(i * 2);
    return samples;
  }
  const table = format === 'g711_ulaw' ? ULAW : ALAW;
  return Int16Array.from(audio, (b) => table[b] ?? 0);
}
