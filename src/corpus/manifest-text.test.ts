import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createRng } from '../metrics/stats.js';
import { firstNonUtf8Byte, foreignEncoding, manifestLines } from './manifest-text.js';

describe('firstNonUtf8Byte', () => {
  it('agrees with Node on what is UTF-8, over random and edge-case bytes', () => {
    const rng = createRng(7);
    const cases: Buffer[] = [
      Buffer.from('plain ascii'), Buffer.from('café ✓ 𝄞'), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]),
      Buffer.from([0xe0, 0x9f, 0xbf]), Buffer.from([0xf0, 0x8f, 0xbf, 0xbf]), Buffer.from([0xe2, 0x9c]), Buffer.from([0x80]),
    ];
    for (let n = 0; n < 2000; n++) cases.push(Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 6) }, () => (rng() < 0.5 ? 0x80 + Math.floor(rng() * 0x78) : Math.floor(rng() * 0x80)))));
    for (const bytes of cases) expect(firstNonUtf8Byte(bytes) === -1, bytes.toString('hex')).toBe(isUtf8(bytes));
  });

  it('points at the first byte that is not', () => {
    expect(firstNonUtf8Byte(Buffer.from('ab\u00e9c', 'latin1'))).toBe(2);
    expect(firstNonUtf8Byte(Buffer.from('é ok', 'utf8'))).toBe(-1);
  });
});

describe('manifestLines and foreignEncoding', () => {
  it('drops a UTF-8 byte order mark, numbers lines and flags only the lines that are not UTF-8', () => {
    const lines = manifestLines(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\r\n'), Buffer.from('b\u00e9\n', 'latin1'), Buffer.from('c')]));
    expect(lines.map((l) => [l.line, l.text, l.notUtf8 === null])).toEqual([[1, 'a\r', true], [2, 'b\ufffd', false], [3, 'c', true]]);
    expect(lines[1]?.notUtf8).toMatch(/^byte 2 of the line \(0xE9\) is not UTF-8/);
  });

  it('tells UTF-16 and UTF-32 from UTF-8 (which has no zero bytes in text)', () => {
    expect(foreignEncoding(Buffer.from('{"id":"a"}', 'utf8'))).toBeNull();
    expect(foreignEncoding(Buffer.from('{"id":"a"}', 'utf16le'))).toMatch(/UTF-16 \(little-endian, without/);
    expect(foreignEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toBe('UTF-32 (little-endian)');
  });
});
