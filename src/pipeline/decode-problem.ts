import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Turns what ffmpeg printed about a file it could not decode into one line a user can act on:
 * the library's own complaints (`[wav @ 0x…] Invalid sample rate: 0`) without their prefixes,
 * then the verdict, with a plain reading of the common cases.
 */

/** ffmpeg's verdicts, and what they mean for a corpus file. */
const READINGS: readonly (readonly [RegExp, string])[] = [
  [/Invalid data found when processing input|Failed to read frame size/, 'not an audio file ffmpeg recognises, or its header is damaged'],
  [/does not contain any stream/, 'the file holds no audio stream'],
  [/corrupt input packet|decode_frame\(\) failed|Error while decoding|invalid residual|invalid block type|Header missing/, 'the audio data is damaged or cut short'],
  [/[Cc]hannels? out of bounds|Too many channels|number of channels/, 'its header gives an impossible channel count'],
  [/Rematrix is needed between \d+ channels and mono/, 'its channels have no speaker layout ffmpeg can mix down to mono (ffmpeg knows layouts of 1 to 8 channels and 16); save the file as mono or stereo'],
  [/Decoder \(codec none\) not found/, 'its header names no codec ffmpeg has'],
  [/Permission denied/, 'the file cannot be read (permission denied)'],
  [/No such file or directory/, 'the file does not exist'],
];

/** The `[component @ 0x…]` prefixes of a library's line (a filter's resampler has two). */
const LIBRARY_LINE = /^(?:\[[\w-]+ @ 0x[0-9a-f]+\]\s*)+/;

/** Lines that say nothing about why the file failed. */
const NOISE = /^(Last message repeated|Estimating duration from bitrate|Format \w+ detected only with low score|Conversion failed)/;

/** Lines of ffmpeg's log that are not about the run itself (banner, stream mapping, progress). */
function complaints(stderr: string, path: string): string[] {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const found: string[] = [];
  for (const line of lines) {
    const text = line.replace(LIBRARY_LINE, '').replace(`${path}: `, '');
    const isComplaint = LIBRARY_LINE.test(line) || line.startsWith(`${path}: `) || /^(Error|Decoder|Output file|Conversion failed)/.test(line);
    if (isComplaint && !NOISE.test(text) && !found.includes(text)) found.push(text);
  }
  return found;
}

/** Whether the file starts with text rather than audio bytes (a transcript saved as .wav, say). */
export function looksLikeText(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    // A few bytes (a bare magic number such as fLaC) say nothing either way.
    if (n < 16) return false;
    const text = head.subarray(0, n);
    // Printable ASCII, tabs and line breaks, or UTF-8 lead/continuation bytes; no control bytes.
    return text.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** One line saying why `path` could not be decoded, from ffmpeg's log (or its error when there is none). */
export function describeDecodeFailure(path: string, stderr: string, fallback: string): string {
  const said = complaints(stderr, path);
  const raw = said.length > 0 ? said.slice(-3).join('; ') : fallback.replace(`${path}: `, '');
  if (looksLikeText(path)) return `it is a text file, not audio (ffmpeg: ${raw})`;
  const readingOf = (text: string): string | undefined => READINGS.find(([pattern]) => pattern.test(text))?.[1];
  // The last lines are ffmpeg's verdict; when they say nothing plain, the cause is an earlier line.
  const shown = readingOf(raw) === undefined ? (said.find((line) => readingOf(line) !== undefined) ?? raw) : raw;
  const reading = readingOf(shown);
  return reading === undefined ? shown : `${reading} (ffmpeg: ${shown})`;
}

/** `HH:MM:SS.ss` as ffmpeg prints a duration, in ms; null for `N/A` or anything else. */
export function parseFfmpegDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim());
  if (!m) return null;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000;
}

/**
 * Whether `decodedMs` falls short of what the file's header declares by more than encoder
 * delay and padding explain (250 ms, or 5% of long files): the file was cut short.
 */
export function isCutShort(decodedMs: number, declaredMs: number | null): boolean {
  if (declaredMs === null || declaredMs <= 0) return false;
  return declaredMs - decodedMs > Math.max(250, 0.05 * declaredMs);
}
