/**
 * The audio a data-channel event follows. Over WebRTC the audio goes on the RTP track and the
 * events on the data channel: an event can overtake audio sent before it. So every event sent
 * after audio names, at the end of its `event_id`, the sequence number of the last RTP packet
 * sent before it (`<id>~rtp<seq>`); the emulator handles the event only after it has taken in
 * the track up to that packet. A server that knows nothing of it just echoes the id in errors
 * (the harness takes the mark off again).
 */
const RTP_MARK = /^(.*)~rtp(\d{1,5})$/s;

/** The event id that tells a server the audio an event follows. */
export function markedEventId(eventId: unknown, lastSeq: number): string {
  return `${typeof eventId === 'string' ? eventId : 'evt_rtbench'}~rtp${lastSeq}`;
}

/** The event id as the client chose it and the RTP sequence number it names; null when unmarked. */
export function rtpMarkOf(eventId: unknown): { readonly eventId: string; readonly seq: number } | null {
  if (typeof eventId !== 'string') return null;
  const m = RTP_MARK.exec(eventId);
  if (!m || Number(m[2]) > 0xffff) return null;
  return { eventId: m[1] ?? '', seq: Number(m[2]) };
}

/**
 * Whether `eventId` (a client event's, or one a server echoed in an error) is `id`, with or
 * without the RTP mark of a WebRTC session: every place that recognises the harness's own
 * events (the barrier, the commit, the response, the session.update) asks this.
 */
export function isEventId(eventId: unknown, id: string): boolean {
  return eventId === id || rtpMarkOf(eventId)?.eventId === id;
}
