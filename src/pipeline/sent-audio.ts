/** Where one kept chunk lies: its audio span and its bytes' absolute position in the stream. */
interface Span {
  readonly startMs: number;
  readonly endMs: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Chunks sent, kept (back to what a rollover may need) to be sent again. The bytes live in one
 * buffer, not one per chunk: seconds of kept audio per session, for hundreds of sessions,
 * would otherwise be thousands of small buffers old enough to outlive the young generation,
 * each holding on to whatever else shares its slab of Node's buffer pool.
 */
export class SentAudio {
  private spans: Span[] = [];
  private store = Buffer.allocUnsafeSlow(0);
  /** Absolute stream position of `store[0]`, and of the end of what was written. */
  private storeStart = 0;
  private written = 0;

  /** End of the audio sent so far, on the item's audio clock. */
  endMs = 0;

  push(startMs: number, endMs: number, audio: Buffer): void {
    this.reserve(audio.length);
    audio.copy(this.store, this.written - this.storeStart);
    this.spans.push({ startMs, endMs, from: this.written, to: this.written + audio.length });
    this.written += audio.length;
    this.endMs = Math.max(this.endMs, endMs);
  }

  /** Forgets chunks that end at or before `ms`. */
  forgetBefore(ms: number): void {
    const keep = this.spans.findIndex((c) => c.endMs > ms);
    this.spans = keep < 0 ? [] : this.spans.slice(keep);
  }

  /** The chunks from the one that holds `ms` on (copies), and where the first of them starts. */
  from(ms: number): { startMs: number; chunks: Buffer[] } {
    const kept = this.spans.filter((c) => c.endMs > ms);
    return { startMs: kept[0]?.startMs ?? this.endMs, chunks: kept.map((c) => Buffer.from(this.store.subarray(c.from - this.storeStart, c.to - this.storeStart))) };
  }

  /**
   * Makes room for `bytes` more: moves what is kept to the front (the forgotten prefix goes) in
   * a buffer with a quarter of headroom (at least 64 kB), so that it holds little more than what
   * is kept, and shrinks again once a long turn has been let go of.
   */
  private reserve(bytes: number): void {
    if (this.written - this.storeStart + bytes <= this.store.length) return;
    const liveFrom = this.spans[0]?.from ?? this.written;
    const live = this.written - liveFrom;
    const wanted = live + bytes + Math.max(64 * 1024, Math.ceil(live / 4));
    const next = wanted <= this.store.length && this.store.length <= 4 * wanted ? this.store : Buffer.allocUnsafeSlow(wanted);
    this.store.copy(next, 0, liveFrom - this.storeStart, this.written - this.storeStart);
    this.store = next;
    this.storeStart = liveFrom;
  }
}
