/**
 * What a session has sent of its audio stream (the item's audio, then tail silence, cut into
 * chunks), and a stretch of it again for a rollover. The bytes are not kept: the stream is
 * made again from its start (ffmpeg decodes a file to the same bytes every time) and the
 * stretch is taken from it. Keeping the seconds a rollover might need, for hundreds of
 * sessions at once, held more memory than anything else a session has, for an event that
 * most sessions never see.
 */
export class SentAudio {
  private bytes = 0;

  /**
   * @param chunkBytes size of every chunk but the stream's last
   * @param bytesPerMs of the session's encoding
   * @param again the same stream of chunks, from its start, once more
   */
  constructor(
    private readonly chunkBytes: number,
    private readonly bytesPerMs: number,
    private readonly again: () => AsyncIterable<Buffer> | Iterable<Buffer>,
  ) {}

  /** End of the audio sent so far, on the item's audio clock. */
  get endMs(): number {
    return this.bytes / this.bytesPerMs;
  }

  /** Counts the next chunk of the stream as sent. */
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
  }

  /**
   * The chunks sent from the one that holds `ms` on, as they were sent, and where the first of
   * them starts; read from the stream made again, which must give at least as many bytes as
   * were sent.
   */
  from(ms: number): { startMs: number; chunks: AsyncIterable<Buffer> | Iterable<Buffer> } {
    const startByte = Math.max(0, Math.floor((ms * this.bytesPerMs) / this.chunkBytes) * this.chunkBytes);
    if (startByte >= this.bytes) return { startMs: this.endMs, chunks: [] };
    const endByte = this.bytes;
    const again = this.again;
    async function* chunks(): AsyncGenerator<Buffer> {
      let at = 0;
      for await (const chunk of again()) {
        if (at >= endByte) return;
        const next = at + chunk.length;
        if (next > startByte) yield next > endByte ? chunk.subarray(0, endByte - at) : chunk;
        at = next;
      }
      if (at < endByte) throw new Error(`the audio read again for the rollover ended after ${at} bytes, before the ${endByte} bytes sent: did the file change during the run?`);
    }
    return { startMs: startByte / this.bytesPerMs, chunks: chunks() };
  }
}
