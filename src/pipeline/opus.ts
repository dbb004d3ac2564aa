import OpusScript from 'opusscript';

/**
 * Opus, in one place: libopus 1.4 compiled to WebAssembly (`opusscript`), in process, one
 * 20 ms frame per call. Chosen over ffmpeg's libopus through a pipe (the bundled 2018 build):
 * per 20 ms frame at 24 kHz it costs about half the CPU to encode and a third to decode
 * (README, "WebRTC"), needs no process per stream, no Ogg muxing, and adds no pipe latency.
 */

/** Duration of one Opus frame, and of the audio in one RTP packet, as browsers send it. */
export const OPUS_FRAME_MS = 20;

/** The RTP clock of Opus is 48 kHz whatever the audio's rate (RFC 7587). */
export const OPUS_RTP_CLOCK_HZ = 48_000;

/** Rates libopus encodes and decodes at. */
const OPUS_RATES = [8000, 12000, 16000, 24000, 48000] as const;
type OpusRate = (typeof OPUS_RATES)[number];

/** `OPUS_SET_COMPLEXITY_REQUEST` (opus_defines.h). */
const SET_COMPLEXITY = 4010;

/** Opus bitrate of the track, about what a browser sends for one voice. */
export const OPUS_BITRATE_BPS = 32_000;

/**
 * Encoder complexity: 5 is what WebRTC uses on phones and costs about half of 10; speech at
 * 32 kbit/s keeps its quality (the emulator's VAD finds the same turns).
 */
const COMPLEXITY = 5;

function opusRate(rateHz: number): OpusRate {
  const rate = OPUS_RATES.find((r) => r === rateHz);
  if (rate === undefined) throw new RangeError(`Opus cannot run at ${rateHz} Hz: use one of ${OPUS_RATES.join(', ')}`);
  return rate;
}

/** Samples in one {@link OPUS_FRAME_MS} frame at `rateHz`. */
export function frameSamples(rateHz: number): number {
  return (rateHz * OPUS_FRAME_MS) / 1000;
}

/** RTP timestamp units in `samples` samples at `rateHz`. */
export function rtpUnits(samples: number, rateHz: number): number {
  return Math.round((samples * OPUS_RTP_CLOCK_HZ) / rateHz);
}

/** A mono Opus encoder of 20 ms frames of PCM16 LE. */
export interface OpusEncoder {
  readonly rateHz: number;
  /** Encodes exactly one frame ({@link frameSamples} samples, 2 bytes each); returns the packet. */
  encode(pcm: Buffer): Buffer;
  /** Frees the encoder; it cannot be used after. */
  close(): void;
}

/** A mono Opus decoder to PCM16 LE. */
export interface OpusDecoder {
  readonly rateHz: number;
  /** Decodes one packet to PCM16 LE at {@link OpusDecoder.rateHz}. Throws on an invalid packet. */
  decode(packet: Buffer): Buffer;
  /** Frees the decoder; it cannot be used after. */
  close(): void;
}

/** An encoder for PCM16 mono at `rateHz` (8, 12, 16, 24 or 48 kHz). */
export function createOpusEncoder(rateHz: number): OpusEncoder {
  const codec = new OpusScript(opusRate(rateHz), 1, OpusScript.Application.VOIP);
  codec.setBitrate(OPUS_BITRATE_BPS);
  codec.encoderCTL(SET_COMPLEXITY, COMPLEXITY);
  const samples = frameSamples(rateHz);
  let open = true;
  return {
    rateHz,
    encode(pcm) {
      if (!open) throw new Error('the Opus encoder is closed');
      if (pcm.length !== samples * 2) throw new RangeError(`an Opus frame at ${rateHz} Hz holds ${samples * 2} bytes, got ${pcm.length}`);
      return codec.encode(pcm, samples);
    },
    close() {
      if (open) codec.delete();
      open = false;
    },
  };
}

/** A decoder whose output is PCM16 mono at `rateHz` (Opus resamples inside the decoder). */
export function createOpusDecoder(rateHz: number): OpusDecoder {
  const codec = new OpusScript(opusRate(rateHz), 1, OpusScript.Application.VOIP);
  let open = true;
  return {
    rateHz,
    decode(packet) {
      if (!open) throw new Error('the Opus decoder is closed');
      return codec.decode(packet);
    },
    close() {
      if (open) codec.delete();
      open = false;
    },
  };
}
