import { randomInt } from 'node:crypto';
import { RtpHeader, RtpPacket } from 'werift';
import { createOpusEncoder, frameSamples, OPUS_FRAME_MS, rtpUnits, type OpusEncoder } from '../opus.js';
import { roundMs, RTP_IN_EVENT_TYPE, RTP_OUT_EVENT_TYPE } from '../record.js';
import { OPUS_PAYLOAD_TYPE } from './webrtc-peer.js';

/** Inbound packets this long after the previous one start new audio. */
const PAUSE_MS = 200;

/**
 * The outbound audio track: PCM16 mono cut into 20 ms Opus frames, each one RTP packet whose
 * timestamp counts the samples sent (48 kHz units from a random start, RFC 3550/7587). Audio
 * that does not fill a frame waits for the next push, so the track carries the audio exactly
 * as appended; {@link RtpAudioOut.flush} pads what waits with silence.
 */
export class RtpAudioOut {
  private readonly encoder: OpusEncoder;
  private readonly frameBytes: number;
  private carry = Buffer.alloc(0);
  /** Samples sent in packets so far. */
  private samples = 0;
  private seq = randomInt(0, 0x10000);
  private readonly timestampBase = randomInt(0, 0x1_0000_0000);
  private packets = 0;

  constructor(
    private readonly rateHz: number,
    private readonly write: (packet: RtpPacket) => void,
  ) {
    this.encoder = createOpusEncoder(rateHz);
    this.frameBytes = frameSamples(rateHz) * 2;
  }

  /** Sequence number of the last packet sent; null before the first. */
  get lastSeq(): number | null {
    return this.packets === 0 ? null : (this.seq + 0xffff) & 0xffff;
  }

  /** Packets sent so far. */
  get sent(): number {
    return this.packets;
  }

  /** Sends the whole frames that `pcm` completes; returns what was sent, as the cassette records it. */
  push(pcm: Buffer): Record<string, unknown> | null {
    const audio = this.carry.length === 0 ? pcm : Buffer.concat([this.carry, pcm]);
    const whole = audio.length - (audio.length % this.frameBytes);
    this.carry = Buffer.from(audio.subarray(whole));
    return this.sendFrames(audio.subarray(0, whole));
  }

  /** Sends the audio still waiting for a whole frame, padded with silence; null when none waits. */
  flush(): Record<string, unknown> | null {
    if (this.carry.length === 0) return null;
    const frame = Buffer.alloc(this.frameBytes);
    this.carry.copy(frame);
    this.carry = Buffer.alloc(0);
    return this.sendFrames(frame);
  }

  close(): void {
    this.encoder.close();
  }

  private sendFrames(audio: Buffer): Record<string, unknown> | null {
    if (audio.length === 0) return null;
    const firstSeq = this.seq;
    const firstSample = this.samples;
    const timestamp = this.timestampAt(firstSample);
    for (let offset = 0; offset < audio.length; offset += this.frameBytes) {
      const payload = this.encoder.encode(audio.subarray(offset, offset + this.frameBytes));
      const header = new RtpHeader({ sequenceNumber: this.seq, timestamp: this.timestampAt(this.samples), payloadType: OPUS_PAYLOAD_TYPE, marker: this.packets === 0 });
      this.write(new RtpPacket(header, payload));
      this.seq = (this.seq + 1) & 0xffff;
      this.samples += frameSamples(this.rateHz);
      this.packets++;
    }
    const count = audio.length / this.frameBytes;
    return {
      type: RTP_OUT_EVENT_TYPE, seq: firstSeq, packets: count, rtp_timestamp: timestamp,
      offset_ms: roundMs((firstSample / this.rateHz) * 1000), length_ms: count * OPUS_FRAME_MS,
    };
  }

  private timestampAt(sample: number): number {
    return (this.timestampBase + rtpUnits(sample, this.rateHz)) % 0x1_0000_0000;
  }
}

/** Watches the inbound audio track and says which packets start audio ({@link RTP_IN_EVENT_TYPE}). */
export class RtpAudioIn {
  private lastMs: number | null = null;
  private armed = true;
  private packets = 0;

  /** The next packet is the first of a new response. */
  armForResponse(): void {
    this.armed = true;
  }

  /** Packets received so far. */
  get received(): number {
    return this.packets;
  }

  /** Takes one packet received at `nowMs`; returns its cassette frame when it starts audio. */
  receive(packet: RtpPacket, nowMs: number): Record<string, unknown> | null {
    const paused = this.lastMs !== null && nowMs - this.lastMs >= PAUSE_MS;
    const starts = this.armed || paused || packet.header.marker;
    this.lastMs = nowMs;
    this.packets++;
    if (!starts) return null;
    this.armed = false;
    const { sequenceNumber, timestamp, marker } = packet.header;
    return { type: RTP_IN_EVENT_TYPE, seq: sequenceNumber, rtp_timestamp: timestamp, marker, bytes: packet.payload.length };
  }
}
