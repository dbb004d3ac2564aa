import { describe, expect, it } from 'vitest';
import { SentAudio } from './sent-audio.js';

const CHUNK = 1920;
/** 24 kHz PCM16: 48 bytes per ms, 40 ms chunks. */
const BYTES_PER_MS = 48;
const chunk = (n: number, bytes = CHUNK): Buffer => Buffer.alloc(bytes, n % 256);

async function collect(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

/** A stream of `count` chunks (the last one `lastBytes` long), made anew at every call, counting the calls. */
function stream(count: number, lastBytes = CHUNK): { again: () => AsyncGenerator<Buffer>; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    again: async function* () {
      reads++;
      for (let i = 0; i < count; i++) yield chunk(i, i === count - 1 ? lastBytes : CHUNK);
    },
  };
}

describe('SentAudio', () => {
  it('gives back the chunks sent from the one holding a point, read again from the stream', async () => {
    const source = stream(100);
    const sent = new SentAudio(CHUNK, BYTES_PER_MS, source.again);
    for (let i = 0; i < 50; i++) sent.push(chunk(i));
    expect(sent.endMs).toBe(2000);
    expect(source.reads()).toBe(0);
    const { startMs, chunks } = sent.from(1010);
    expect(startMs).toBe(1000);
    const again = await collect(chunks);
    // Chunks 25 to 49: what was sent, not what the stream holds after it.
    expect(again.map((c) => c[0])).toEqual(Array.from({ length: 25 }, (_, k) => 25 + k));
    expect(source.reads()).toBe(1);
  });

  it('starts at the chunk that holds a point on a chunk boundary', async () => {
    const sent = new SentAudio(CHUNK, BYTES_PER_MS, stream(10).again);
    for (let i = 0; i < 10; i++) sent.push(chunk(i));
    const { startMs, chunks } = sent.from(80);
    expect(startMs).toBe(80);
    expect((await collect(chunks)).map((c) => c[0])).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives the short last chunk as it was sent', async () => {
    const sent = new SentAudio(CHUNK, BYTES_PER_MS, stream(3, 480).again);
    for (let i = 0; i < 3; i++) sent.push(chunk(i, i === 2 ? 480 : CHUNK));
    expect(sent.endMs).toBe(90);
    const again = await collect(sent.from(0).chunks);
    expect(again.map((c) => c.length)).toEqual([CHUNK, CHUNK, 480]);
  });

  it('gives nothing, without reading, for a point at or after the end of what was sent', async () => {
    const source = stream(10);
    const sent = new SentAudio(CHUNK, BYTES_PER_MS, source.again);
    for (let i = 0; i < 4; i++) sent.push(chunk(i));
    expect(sent.from(160)).toEqual({ startMs: 160, chunks: [] });
    expect(await collect(sent.from(500).chunks)).toEqual([]);
    expect(source.reads()).toBe(0);
  });

  it('says so when the stream read again is shorter than what was sent', async () => {
    const sent = new SentAudio(CHUNK, BYTES_PER_MS, stream(3).again);
    for (let i = 0; i < 5; i++) sent.push(chunk(i));
    await expect(collect(sent.from(0).chunks)).rejects.toThrow(/ended after 5760 bytes, before the 9600 bytes sent/);
  });
});
