import { describe, expect, it } from 'vitest';
import { SentAudio } from './sent-audio.js';

const chunk = (n: number): Buffer => Buffer.alloc(1920, n % 256);

describe('SentAudio in one buffer', () => {
  it('gives back exactly the bytes pushed, through growth and compaction', () => {
    const sent = new SentAudio();
    for (let i = 0; i < 2000; i++) {
      sent.push(i * 40, (i + 1) * 40, chunk(i));
      // As the session does: once a second, forget what ends 3 s back.
      if (i % 25 === 24) sent.forgetBefore((i + 1) * 40 - 3000);
    }
    const { startMs, chunks } = sent.from(2000 * 40 - 1000);
    expect(startMs).toBe(2000 * 40 - 1000);
    expect(chunks).toHaveLength(25);
    chunks.forEach((c, k) => {
      expect(c.equals(chunk(2000 - 25 + k))).toBe(true);
    });
    // The last forget kept the chunks that end after 77 000 ms: from chunk 1925 on.
    const all = sent.from(0);
    expect(all.startMs).toBe(1925 * 40);
    expect(all.chunks[0]?.equals(chunk(1925))).toBe(true);
  });

  it('keeps its memory to what it was told to keep', () => {
    const sent = new SentAudio();
    for (let i = 0; i < 5000; i++) {
      sent.push(i * 40, (i + 1) * 40, chunk(i));
      if (i % 25 === 24) sent.forgetBefore((i + 1) * 40 - 3000);
    }
    // 3 s to 4 s kept (75–100 chunks of 1920 bytes): the store never needs more than a few times that.
    expect((sent as unknown as { store: Buffer }).store.length).toBeLessThanOrEqual(1024 * 1024);
    expect(sent.from(0).chunks.length).toBeLessThanOrEqual(100);
  });

  it('hands out copies that later pushes do not change', () => {
    const sent = new SentAudio();
    sent.push(0, 40, chunk(1));
    const [copy] = sent.from(0).chunks;
    sent.forgetBefore(40);
    for (let i = 1; i < 100; i++) sent.push(i * 40, (i + 1) * 40, chunk(200));
    expect(copy?.equals(chunk(1))).toBe(true);
  });
});
