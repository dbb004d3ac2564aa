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

/** Linear sample (offset by 32768) → the byte whose decoded value is nearest, built once per law. */
const encoders = new Map<'g711_ulaw' | 'g711_alaw', Uint8Array>();

function encoder(format: 'g711_ulaw' | 'g711_alaw'): Uint8Array {
  let table = encoders.get(format);
  if (table) return table;
  const decode = format === 'g711_ulaw' ? ULAW : ALAW;
  const bytes = Array.from({ length: 256 }, (_, b) => b).sort((a, b) => (decode[a] ?? 0) - (decode[b] ?? 0));
  table = new Uint8Array(65536);
  let k = 0;
  for (let v = -32768; v < 32768; v++) {
    // Move to the next decoded level while it is at least as near.
    while (k + 1 < bytes.length && Math.abs((decode[bytes[k + 1] ?? 0] ?? 0) - v) <= Math.abs((decode[bytes[k] ?? 0] ?? 0) - v)) k++;
    table[v + 32768] = bytes[k] ?? 0;
  }
  encoders.set(format, table);
  return table;
}

/** Encodes PCM16 samples (already at 8 kHz) as G.711 bytes; the inverse of {@link toLinear}. */
export function fromLinear(samples: Int16Array, format: 'g711_ulaw' | 'g711_alaw'): Buffer {
  const table = encoder(format);
  const out = Buffer.alloc(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[(samples[i] ?? 0) + 32768] ?? 0;
  return out;
}
