/** A client event that came on the data channel, and the RTP packet it follows (null: none named). */
interface Waiting {
  readonly event: Record<string, unknown>;
  readonly seq: number | null;
}

/** What a gate needs from its call. */
export interface EventGateDeps {
  /** Whether the track's packet `seq` has been taken in (track-input.ts). */
  readonly hasTaken: (seq: number) => boolean;
  /** Hands an event to the session, in the order the client sent it. */
  readonly handle: (event: Record<string, unknown>) => void;
  /** Resolves after `ms` (the emulator's real clock; rejects when the call ends); the longest an event waits for its audio. */
  readonly wait: (ms: number) => Promise<void>;
  readonly log: (entry: { event: string } & Record<string, unknown>) => void;
}

/** How long an event waits for the audio it follows before it is handled anyway (that audio is lost). */
export const AUDIO_WAIT_MS = 1000;

/**
 * Orders a call's data-channel events after the audio sent before them: an event that names
 * the last RTP packet sent before it (webrtc-peer.ts, `~rtp<seq>`) waits until that packet has
 * been taken in, and every later event waits behind it, so that a commit or a barrier never
 * overtakes audio still on its way. A packet that never comes holds its event for at most
 * {@link AUDIO_WAIT_MS}.
 */
export class EventGate {
  private readonly waiting: Waiting[] = [];
  private timing: Waiting | null = null;
  private closed = false;

  constructor(private readonly deps: EventGateDeps) {}

  /** A client event, in the order it came. */
  push(event: Record<string, unknown>, seq: number | null): void {
    this.waiting.push({ event, seq });
    this.drain(false);
  }

  /** More of the track has been taken in. */
  audioTaken(): void {
    this.drain(false);
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
  }

  private drain(force: boolean): void {
    let forced = force;
    for (let next = this.waiting[0]; next !== undefined && !this.closed; next = this.waiting[0]) {
      const ready = next.seq === null || this.deps.hasTaken(next.seq);
      if (!ready && !forced) {
        this.armWait(next);
        return;
      }
      if (!ready) this.deps.log({ event: 'rtp.wait_expired', seq: next.seq, waited_ms: AUDIO_WAIT_MS });
      forced = false;
      this.waiting.shift();
      this.deps.handle(next.event);
    }
  }

  private armWait(head: Waiting): void {
    if (this.timing === head) return;
    this.timing = head;
    this.deps.wait(AUDIO_WAIT_MS).then(
      () => {
        if (this.timing === head) this.timing = null;
        if (!this.closed) this.drain(this.waiting[0] === head);
      },
      () => undefined,
    );
  }
}
