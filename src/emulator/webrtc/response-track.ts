import { randomInt } from 'node:crypto';
import { RtpHeader, RtpPacket } from 'werift';
import { createOpusEncoder, frameSamples, OPUS_FRAME_MS, OPUS_RTP_CLOCK_HZ, rtpUnits } from '../../pipeline/opus.js';
import { OPUS_PAYLOAD_TYPE } from '../../pipeline/transport/webrtc-peer.js';
import type { EmulatorContext, ResponseAudioTrack } from '../context.js';
import { OUTPUT_RATE_HZ } from '../synth.js';

/** A response track that can be shut when its call ends. */
export interface ClosableResponseTrack extends ResponseAudioTrack {
  close(): void;
}

interface Playing {
  readonly responseId: string;
  /** Bumped by every play and clear: a frame scheduled for an older generation is not sent. */
  readonly generation: number;
}

/**
 * The emulator's outbound track: a response's audio as 20 ms Opus frames, one RTP packet every
 * 20 ms from when it starts (as the service plays it out to a browser), the first with the
 * marker bit; timestamps run on with the wall time between replies.
 */
export function createResponseTrack(write: (packet: RtpPacket) => void): ClosableResponseTrack {
  const encoder = createOpusEncoder(OUTPUT_RATE_HZ);
  const frameBytes = frameSamples(OUTPUT_RATE_HZ) * 2;
  let seq = randomInt(0, 0x10000);
  const timestampBase = randomInt(0, 0x1_0000_0000);
  let firstMs: number | null = null;
  let generation = 0;
  let playing: Playing | null = null;
  let closed = false;
  const send = (pcm: Buffer, timestamp: number, marker: boolean): void => {
    const frame = pcm.length === frameBytes ? pcm : Buffer.concat([pcm, Buffer.alloc(frameBytes - pcm.length)]);
    write(new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp, payloadType: OPUS_PAYLOAD_TYPE, marker }), encoder.encode(frame)));
    seq = (seq + 1) & 0xffff;
  };
  const frameAt = (ctx: EmulatorContext, current: Playing, pcm: Buffer, startMs: number, startUnits: number, k: number): void => {
    const frames = Math.ceil(pcm.length / frameBytes);
    ctx.later(Math.max(0, startMs + k * OPUS_FRAME_MS - ctx.now()), () => {
      if (closed || playing?.generation !== current.generation) return;
      send(pcm.subarray(k * frameBytes, (k + 1) * frameBytes), (startUnits + rtpUnits(k * frameSamples(OUTPUT_RATE_HZ), OUTPUT_RATE_HZ)) % 0x1_0000_0000, k === 0);
      if (k + 1 < frames) {
        frameAt(ctx, current, pcm, startMs, startUnits, k + 1);
        return;
      }
      playing = null;
      ctx.send({ type: 'output_audio_buffer.stopped', response_id: current.responseId });
    });
  };
  return {
    play(ctx, responseId, pcm) {
      if (closed || pcm.length === 0) return;
      const nowMs = ctx.now();
      firstMs ??= nowMs;
      const startUnits = (timestampBase + Math.round(((nowMs - firstMs) * OPUS_RTP_CLOCK_HZ) / 1000)) % 0x1_0000_0000;
      playing = { responseId, generation: ++generation };
      ctx.send({ type: 'output_audio_buffer.started', response_id: responseId });
      frameAt(ctx, playing, pcm, nowMs, startUnits, 0);
    },
    clear(ctx) {
      const current = playing;
      if (current === null) return false;
      playing = null;
      generation++;
      ctx.send({ type: 'output_audio_buffer.cleared', response_id: current.responseId });
      return true;
    },
    close() {
      if (!closed) encoder.close();
      closed = true;
    },
  };
}
