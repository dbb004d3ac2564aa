import { RtpHeader, RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import { createOpusEncoder, frameSamples } from '../../pipeline/opus.js';
import { TrackInput } from './track-input.js';

const RATE = 24000;
const FRAME = frameSamples(RATE);

function packets(firstSeq: number, count: number, firstTimestamp = 1000): RtpPacket[] {
  const encoder = createOpusEncoder(RATE);
  const out: RtpPacket[] = [];
  for (let k = 0; k < count; k++) {
    const pcm = Buffer.alloc(FRAME * 2);
    for (let i = 0; i < FRAME; i++) pcm.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 300 * (k * FRAME + i)) / RATE)), i * 2);
    out.push(new RtpPacket(new RtpHeader({ sequenceNumber: (firstSeq + k) & 0xffff, timestamp: firstTimestamp + k * 960, payloadType: 111 }), encoder.encode(pcm)));
  }
  encoder.close();
  return out;
}

function input() {
  const audio: Buffer[] = [];
  const logs: string[] = [];
  const track = new TrackInput(() => RATE, { audio: (pcm) => audio.push(pcm), log: (e) => logs.push(e.event) });
  return { track, audio, logs, samples: () => audio.reduce((n, b) => n + b.length / 2, 0) };
}

describe('TrackInput', () => {
  it('track-input-decodes-in-order-and-counts-across-the-sequence-wrap', () => {
    const { track, samples } = input();
    const all = packets(0xfffd, 6);
    for (const p of all) track.receive(p);
    expect(samples()).toBe(6 * FRAME);
    expect(track.hasTaken(0xfffe)).toBe(true);
    expect(track.hasTaken(2)).toBe(true);
    expect(track.hasTaken(3)).toBe(false);
  });

  it('track-input-fills-lost-packets-with-the-silence-their-timestamps-span and drops a late packet', () => {
    const { track, samples, logs } = input();
    const all = packets(100, 5);
    track.receive(all[0]!);
    track.receive(all[3]!);
    expect(samples()).toBe(4 * FRAME);
    expect(track.hasTaken(102)).toBe(true);
    track.receive(all[1]!);
    expect(samples()).toBe(4 * FRAME);
    expect(logs).toEqual(['rtp.lost', 'rtp.late']);
  });

  it('track-input-has-taken-nothing-before-the-first-packet', () => {
    expect(input().track.hasTaken(0)).toBe(false);
  });
});
