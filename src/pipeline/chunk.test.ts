import { describe, expect, it } from 'vitest';
import { chunkAudio, repeatChunks } from './chunk.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of source) out.push(b);
  return out;
}

async function* parts(...sizes: number[]): AsyncGenerator<Buffer> {
  let v = 0;
  for (const size of sizes) yield Buffer.from(Array.from({ length: size }, () => v++ % 256));
}

describe('chunkAudio', () => {
  it('re-cuts buffers of any size into exact chunks and keeps every byte in order', async () => {
    const chunks = await collect(chunkAudio(parts(7, 1, 30, 2, 10), 8));
    expect(chunks.map((c) => c.length)).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect([...Buffer.concat(chunks)]).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('hands out copies, never views of the input buffers', async () => {
    const first = Buffer.alloc(10, 1);
    const second = Buffer.alloc(6, 2);
    async function* two(): AsyncGenerator<Buffer> {
      yield first;
      yield second;
    }
    const chunks = await collect(chunkAudio(two(), 4));
    expect(chunks.map((c) => [...c])).toEqual([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 2, 2], [2, 2, 2, 2]]);
    for (const c of chunks) {
      expect(c.buffer === first.buffer || c.buffer === second.buffer).toBe(false);
      // Memory of its own, not a slice of Node's shared pool.
      expect(c.buffer.byteLength).toBe(4);
    }
  });

  it('leaves the last chunk short instead of padding it', async () => {
    const chunks = await collect(chunkAudio(parts(10), 4));
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect(chunkAudio(parts(), 4))).toEqual([]);
  });

  it('rejects a chunk size that is not a positive integer', async () => {
    await expect(collect(chunkAudio(parts(4), 0))).rejects.toThrow(RangeError);
  });
});

describe('repeatChunks', () => {
  it('makes silence of an exact length', () => {
    const chunks = [...repeatChunks(10, 4, 0xff)];
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(chunks.every((c) => c.every((b) => b === 0xff))).toBe(true);
  });
});
