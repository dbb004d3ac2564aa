import type { RtpPacket } from 'werift';
import { createOpusDecoder, frameSamples, OPUS_RTP_CLOCK_HZ, type OpusDecoder } from '../../pipeline/opus.js';

/** The longest gap (lost packets) filled with silence; a longer jump in timestamps is not audio that was lost. */
const MAX_GAP_MS = 5000;

/** What the track's input tells its session. */
export interface TrackInputSink {
  /** PCM16 at `rateHz()`, in the order of the track. */
  audio(pcm: Buffer): void;
  /** Something worth a line of the emulator's log (losses, late packets, undecodable ones). */
  log(entry: { event: string } & Record<string, unknown>): void;
}

/** The 16-bit sequence number `seq` on the extended count nearest `near`. */
function extend(seq: number, near: number): number {
  const base = near - (near & 0xffff);
  const candidates = [base - 0x10000 + seq, base + seq, base + 0x10000 + seq];
  return candidates.reduce((best, c) => (Math.abs(c - near) < Math.abs(best - near) ? c : best));
}

/**
 * The inbound audio track of a call, taken in as a server takes in a microphone: each Opus
 * packet decoded at the session's rate and handed on in order; packets lost on the way (a jump
 * in sequence numbers) become the silence their timestamps span, so that positions on the
 * session's audio clock stay those of the client's audio; a packet that arrives after a later
 * one is dropped. {@link TrackInput.hasTaken} says whether a given packet has been handed on
 * (or given up as lost), which orders the data channel's events after the audio sent before them.
 */
export class TrackInput {
  private decoder: OpusDecoder | null = null;
  /** Extended sequence number of the last packet handed on; null before the first. */
  private lastExt: number | null = null;
  private lastTimestamp = 0;

  constructor(
    private readonly rateHz: () => number,
    private readonly sink: TrackInputSink,
  ) {}

  /** Takes one RTP packet of the track. */
  receive(packet: RtpPacket): void {
    const { sequenceNumber, timestamp } = packet.header;
    const ext = this.lastExt === null ? sequenceNumber + 0x10000 : extend(sequenceNumber, this.lastExt);
    if (this.lastExt !== null && ext <= this.lastExt) {
      this.sink.log({ event: 'rtp.late', seq: sequenceNumber });
      return;
    }
    const decoder = this.decoderAt(this.rateHz());
    if (this.lastExt !== null && ext > this.lastExt + 1) this.fillGap(ext - this.lastExt - 1, timestamp, decoder.rateHz);
    this.lastExt = ext;
    this.lastTimestamp = timestamp;
    let pcm: Buffer;
    try {
      pcm = decoder.decode(packet.payload);
    } catch (error) {
      this.sink.log({ event: 'rtp.undecodable', seq: sequenceNumber, reason: error instanceof Error ? error.message : String(error) });
      pcm = Buffer.alloc(frameSamples(decoder.rateHz) * 2);
    }
    this.sink.audio(pcm);
  }

  /** Whether the packet with sequence number `seq` has been handed on (or passed over as lost). */
  hasTaken(seq: number): boolean {
    return this.lastExt !== null && extend(seq, this.lastExt) <= this.lastExt;
  }

  close(): void {
    this.decoder?.close();
    this.decoder = null;
  }

  private decoderAt(rateHz: number): OpusDecoder {
    if (this.decoder?.rateHz !== rateHz) {
      this.decoder?.close();
      this.decoder = createOpusDecoder(rateHz);
    }
    return this.decoder;
  }

  /** `lost` packets before the one with `timestamp`: the silence from the last packet's end to it. */
  private fillGap(lost: number, timestamp: number, rateHz: number): void {
    const frameUnits = (OPUS_RTP_CLOCK_HZ * frameSamples(rateHz)) / rateHz;
    const units = (timestamp - this.lastTimestamp - frameUnits + 0x1_0000_0000) % 0x1_0000_0000;
    const gapMs = (units / OPUS_RTP_CLOCK_HZ) * 1000;
    this.sink.log({ event: 'rtp.lost', packets: lost, gap_ms: Math.round(gapMs) });
    if (gapMs <= 0 || gapMs > MAX_GAP_MS) return;
    this.sink.audio(Buffer.alloc(Math.round((gapMs * rateHz) / 1000) * 2));
  }
}
