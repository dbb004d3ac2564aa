import type { RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import { RtpAudioIn, RtpAudioOut } from './rtp-audio.js';
import { markedEventId, rtpMarkOf } from '../protocol/event-ids.js';
import { loopbackCandidatesOnly } from './webrtc-peer.js';

describe('RtpAudioOut', () => {
  it('rtp-out-sends-whole-20-ms-frames-with-timestamps-from-the-audio-clock and keeps the rest for the next push', () => {
    const sent: RtpPacket[] = [];
    const out = new RtpAudioOut(24000, (p) => sent.push(p));
    expect(out.push(Buffer.alloc(480))).toBeNull(); // 10 ms: less than a frame
    const note = out.push(Buffer.alloc(1920)); // 40 ms more: 50 ms in all, 2 frames
    expect(note).toMatchObject({ type: 'rtp.out', packets: 2, offset_ms: 0, length_ms: 40 });
    expect(sent).toHaveLength(2);
    const [a, b] = sent;
    expect(a?.header.marker).toBe(true);
    expect(b?.header.marker).toBe(false);
    expect(((b?.header.sequenceNumber ?? 0) - (a?.header.sequenceNumber ?? 0) + 0x10000) & 0xffff).toBe(1);
    expect(((b?.header.timestamp ?? 0) - (a?.header.timestamp ?? 0) + 2 ** 32) % 2 ** 32).toBe(960);
    expect(note?.seq).toBe(a?.header.sequenceNumber);
    expect(out.lastSeq).toBe(b?.header.sequenceNumber);
    expect(out.flush()).toMatchObject({ packets: 1, offset_ms: 40, length_ms: 20 });
    expect(out.flush()).toBeNull();
    expect(out.sent).toBe(3);
    out.close();
  });
});

describe('RtpAudioIn', () => {
  const packet = (seq: number, marker = false) => ({ header: { sequenceNumber: seq, timestamp: seq * 960, marker }, payload: Buffer.alloc(40) }) as unknown as RtpPacket;

  it('rtp-in-notes-the-first-packet-after-each-response-a-marker-or-a-pause', () => {
    const inbound = new RtpAudioIn();
    expect(inbound.receive(packet(1), 0)).toMatchObject({ type: 'rtp.in', seq: 1 });
    expect(inbound.receive(packet(2), 20)).toBeNull();
    inbound.armForResponse();
    expect(inbound.receive(packet(3), 40)).toMatchObject({ seq: 3 });
    expect(inbound.receive(packet(4, true), 60)).toMatchObject({ seq: 4, marker: true });
    expect(inbound.receive(packet(5), 400)).toMatchObject({ seq: 5 });
    expect(inbound.received).toBe(5);
  });
});

describe('webrtc-peer', () => {
  it('marks-event-ids-with-the-last-packet-and-reads-them-back', () => {
    expect(markedEventId('evt_rtbench_commit', 513)).toBe('evt_rtbench_commit~rtp513');
    expect(rtpMarkOf('evt_rtbench_commit~rtp513')).toEqual({ eventId: 'evt_rtbench_commit', seq: 513 });
    expect(rtpMarkOf(markedEventId(undefined, 0))).toEqual({ eventId: 'evt_rtbench', seq: 0 });
    expect(rtpMarkOf('evt_rtbench_commit')).toBeNull();
    expect(rtpMarkOf('x~rtp70000')).toBeNull();
  });

  it('keeps-only-loopback-candidates', () => {
    const sdp = ['v=0', 'a=candidate:1 1 udp 2 127.0.0.1 5000 typ host', 'a=candidate:2 1 udp 2 192.0.2.2 5001 typ host', 'a=end-of-candidates'].join('\r\n');
    expect(loopbackCandidatesOnly(sdp)).toBe(['v=0', 'a=candidate:1 1 udp 2 127.0.0.1 5000 typ host', 'a=end-of-candidates'].join('\r\n'));
  });
});
