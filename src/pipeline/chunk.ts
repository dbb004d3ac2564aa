/**
 * Re-cuts a stream of buffers of any size into chunks of exactly `chunkBytes`; the last chunk
 * holds what is left (it is not padded: the tail silence follows it anyway).
 */
export async function* chunkAudio(source: AsyncIterable<Buffer>, chunkBytes: number): AsyncGenerator<Buffer> {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const part of source) {
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes < chunkBytes) continue;
    const joined = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    while (joined.length - offset >= chunkBytes) {
      yield joined.subarray(offset, offset + chunkBytes);
      offset += chunkBytes;
    }
    pending = offset < joined.length ? [joined.subarray(offset)] : [];
    pendingBytes = joined.length - offset;
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/** `totalBytes` of one repeated byte value, as chunks of `chunkBytes` (the last may be shorter). */
export function* repeatChunks(totalBytes: number, chunkBytes: number, fill: number): Generator<Buffer> {
  const full = Buffer.alloc(chunkBytes, fill);
  for (let offset = 0; offset < totalBytes; offset += chunkBytes) {
    yield totalBytes - offset >= chunkBytes ? full : full.subarray(0, totalBytes - offset);
  }
}
