import type { AudioFormat } from '../config/types.js';
import { fromLinear, toLinear } from './g711.js';
import { createResampler } from './vad/resample.js';

/** Output audio is 24 kHz PCM16 (G.711 at 8 kHz when the session asks for it), as the service sends it. */
export const OUTPUT_RATE_HZ = 24000;

const WORD_MS = 260;
const GAP_MS = 70;

const cache = new Map<string, Buffer>();

/**
 * The synthesised audio of a reply, made once per text: synthesis takes milliseconds, and doing
 * it while a turn closes would delay the events the client is timing.
 */
export function speechFor(text: string): Buffer {
  let audio = cache.get(text);
  if (!audio) {
    audio = synthesizeSpeech(text);
    cache.set(text, audio);
  }
  return audio;
}

/** Where each word of a reply starts and ends in its audio (ms). */
export function wordTimesMs(text: string): { startMs: number; endMs: number }[] {
  return text.split(/\s+/).filter((w) => w !== '').map((_, i) => ({ startMs: i * (WORD_MS + GAP_MS), endMs: i * (WORD_MS + GAP_MS) + WORD_MS }));
}

const encoded = new Map<string, Buffer>();

/** The reply audio in an output format: PCM16 at 24 kHz, or G.711 at 8 kHz (made once per text and format). */
export function replyAudio(text: string, format: AudioFormat): Buffer {
  if (format === 'pcm16') return speechFor(text);
  const key = `${format}\u0000${text}`;
  let audio = encoded.get(key);
  if (!audio) {
    const pcm = toLinear(speechFor(text), 'pcm16');
    const narrow = createResampler(OUTPUT_RATE_HZ, 8000).push(Float32Array.from(pcm));
    audio = fromLinear(Int16Array.from(narrow, (v) => Math.max(-32768, Math.min(32767, Math.round(v)))), format);
    encoded.set(key, audio);
  }
  return audio;
}

/** Bytes of one millisecond of output audio in a format. */
export function outputBytesPerMs(format: AudioFormat): number {
  return format === 'pcm16' ? (OUTPUT_RATE_HZ * 2) / 1000 : 8;
}

/**
 * Synthesises a voice-like signal for a reply: per word, a glottal-pulse-like tone (f0 with
 * harmonics) under a rise-and-fall envelope, words separated by short gaps. Deterministic.
 */
export function synthesizeSpeech(text: string): Buffer {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const wordSamples = (OUTPUT_RATE_HZ * WORD_MS) / 1000;
  const gapSamples = (OUTPUT_RATE_HZ * GAP_MS) / 1000;
  const out = Buffer.alloc((wordSamples + gapSamples) * words.length * 2);
  let offset = 0;
  words.forEach((word, w) => {
    const f0 = 110 + ((word.length * 17 + w * 29) % 60);
    for (let i = 0; i < wordSamples; i++) {
      const t = i / OUTPUT_RATE_HZ;
      const envelope = Math.sin((Math.PI * i) / wordSamples) ** 2;
      let v = 0;
      for (let h = 1; h <= 5; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
      out.writeInt16LE(Math.round(v * envelope * 6000), offset);
      offset += 2;
    }
    offset += gapSamples * 2;
  });
  return out;
}
