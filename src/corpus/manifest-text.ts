/**
 * The bytes of manifest.jsonl as lines of text. JSON Lines is UTF-8: a manifest saved as
 * UTF-16 (Windows Notepad's "Unicode") is refused as a whole, and a line whose bytes are not
 * UTF-8 (Latin-1 or Windows-1252 text, which would read as U+FFFD) is named with the first byte
 * that is not, instead of running with its characters replaced.
 */

/** One line of the manifest. */
export interface ManifestLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line as UTF-8 text (bytes that are not UTF-8 read as U+FFFD). */
  readonly text: string;
  /** Why the line is not UTF-8, naming the byte; null when it is. */
  readonly notUtf8: string | null;
}

/** Byte order marks of the encodings a JSON Lines file must not be in. */
const FOREIGN_BOMS: readonly (readonly [bytes: readonly number[], name: string])[] = [
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
  [[0xff, 0xfe], 'UTF-16 (little-endian)'],
  [[0xfe, 0xff], 'UTF-16 (big-endian)'],
];

/**
 * The encoding of a manifest that is not UTF-8 at all (UTF-16 or UTF-32, by its byte order
 * mark, or by the zero bytes between ASCII characters that UTF-16 without a mark has); null
 * for anything else.
 */
export function foreignEncoding(bytes: Uint8Array): string | null {
  for (const [bom, name] of FOREIGN_BOMS) if (bom.every((b, i) => bytes[i] === b)) return name;
  const head = bytes.subarray(0, 64);
  if (head.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  head.forEach((b, i) => {
    if (b === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    }
  });
  const half = Math.floor(head.length / 2);
  if (oddZeros >= half * 0.75 && evenZeros === 0) return 'UTF-16 (little-endian, without a byte order mark)';
  if (evenZeros >= half * 0.75 && oddZeros === 0) return 'UTF-16 (big-endian, without a byte order mark)';
  return null;
}

/** Continuation bytes allowed after a lead byte: the second byte's range (RFC 3629 table), then 80-BF. */
function sequenceOf(lead: number): { length: number; secondLow: number; secondHigh: number } | null {
  if (lead < 0x80) return { length: 1, secondLow: 0, secondHigh: 0 };
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, secondLow: 0x80, secondHigh: 0xbf };
  if (lead === 0xe0) return { length: 3, secondLow: 0xa0, secondHigh: 0xbf };
  if (lead === 0xed) return { length: 3, secondLow: 0x80, secondHigh: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, secondLow: 0x80, secondHigh: 0xbf };
  if (lead === 0xf0) return { length: 4, secondLow: 0x90, secondHigh: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, secondLow: 0x80, secondHigh: 0xbf };
  if (lead === 0xf4) return { length: 4, secondLow: 0x80, secondHigh: 0x8f };
  return null;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence; -1 when all do. */
export function firstNonUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const seq = sequenceOf(bytes[i] ?? 0);
    if (seq === null) return i;
    for (let k = 1; k < seq.length; k++) {
      const b = bytes[i + k];
      const [low, high] = k === 1 ? [seq.secondLow, seq.secondHigh] : [0x80, 0xbf];
      if (b === undefined || b < low || b > high) return i;
    }
    i += seq.length;
  }
  return -1;
}

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Splits the manifest's bytes into lines (a UTF-8 byte order mark dropped), each checked for UTF-8. */
export function manifestLines(bytes: Buffer): ManifestLine[] {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const lines: ManifestLine[] = [];
  let from = start;
  for (let line = 1; from <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, from);
    const stop = end < 0 ? bytes.length : end;
    const raw = bytes.subarray(from, stop);
    const bad = firstNonUtf8Byte(raw);
    const notUtf8 = bad < 0 ? null : `byte ${bad + 1} of the line (${hex(raw[bad] ?? 0)}) is not UTF-8 (Latin-1 or Windows-1252 text?); save the manifest as UTF-8`;
    lines.push({ line, text: raw.toString('utf8'), notUtf8 });
    from = stop + 1;
  }
  return lines;
}
