import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';

/**
 * A corpus folder full of hostile input, built from the bundled files at test time: broken audio
 * of every kind, manifest lines that cannot be read, paths that leave the folder, and awkward
 * names that must work. Each case says what the item's row must say.
 */
export interface HostileCase {
  /** What kind of hostile input this is (the test names it). */
  readonly kind: string;
  /** The item id the row gets. */
  readonly id: string;
  /** ok rows must come out ok; the others must be error rows whose `error` matches. */
  readonly expect: 'ok' | RegExp;
}

const bundled = (file: string): Buffer => readFileSync(join(BUNDLED_CORPUS, file));

/** A WAV header (RIFF/fmt/data) with the given fields; `dataBytes` is what the header declares. */
export function wavHeader(o: { channels: number; rateHz: number; bits: number; dataBytes: number }): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + o.dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(o.channels, 22);
  h.writeUInt32LE(o.rateHz, 24);
  h.writeUInt32LE(Math.min(0xffffffff, o.rateHz * Math.max(1, o.channels) * (o.bits / 8)), 28);
  h.writeUInt16LE((Math.max(1, o.channels) * (o.bits / 8)) & 0xffff, 32);
  h.writeUInt16LE(o.bits, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(o.dataBytes, 40);
  return h;
}

/** A valid 16 kHz mono WAV of the arctic clip's samples, with fields of its header replaced. */
function wavWith(o: Partial<{ channels: number; rateHz: number; bits: number; dataBytes: number }>, samples = bundled('arctic_axb_a0005_16k.wav').subarray(44)): Buffer {
  return Buffer.concat([wavHeader({ channels: 1, rateHz: 16000, bits: 16, dataBytes: samples.length, ...o }), samples]);
}

/** Every `step`th byte from `from` on flipped: damage spread through the audio frames. */
function damaged(bytes: Buffer, from: number, step: number): Buffer {
  const copy = Buffer.from(bytes);
  for (let i = from; i < copy.length; i += step) copy[i] = (copy[i] ?? 0) ^ 0xff;
  return copy;
}

/** Pseudo-random bytes, the same every time. */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const decodeError = (why: RegExp, file: string): RegExp => new RegExp(`cannot decode \\S*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (?:${why.source})`);
const lineError = (id: string, why: RegExp): RegExp => new RegExp(`manifest\\.jsonl line \\d+ \\(${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): .*(?:${why.source})`);

/** Broken audio files: each is written to the corpus and named by an item of its own. */
function audioCases(dir: string): { line: object; case: HostileCase }[] {
  const mp3 = bundled('lj001-0002_22k.mp3');
  const flac = bundled('lj001-0005_22k.flac');
  const wav = wavWith({});
  const files: [kind: string, file: string, bytes: Buffer, why: RegExp][] = [
    ['zero-length WAV', 'empty.wav', Buffer.alloc(0), /not an audio file ffmpeg recognises/],
    ['zero-length MP3', 'empty.mp3', Buffer.alloc(0), /not an audio file ffmpeg recognises/],
    ['truncated WAV', 'truncated.wav', wav.subarray(0, 20_000), /the audio data is damaged or cut short/],
    ['corrupt WAV header', 'corrupt-header.wav', Buffer.concat([wav.subarray(0, 20), Buffer.alloc(16, 0xff), wav.subarray(36)]), /not an audio file ffmpeg recognises, or its header is damaged \(ffmpeg: Invalid sample rate: -1/],
    ['WAV with only a header', 'header-only.wav', wavHeader({ channels: 1, rateHz: 16000, bits: 16, dataBytes: 0 }), /it holds no audio samples \(ffmpeg reads its header as: pcm_s16le.*16000 Hz/],
    ['WAV header promising data it lacks', 'promise.wav', wavHeader({ channels: 1, rateHz: 16000, bits: 16, dataBytes: 64_000 }), /it holds no audio samples/],
    ['huge sample rate', 'huge-rate.wav', wavWith({ rateHz: 2_000_000_000 }), /it holds no audio samples \(ffmpeg reads its header as: .*2000000000 Hz/],
    ['zero sample rate', 'zero-rate.wav', wavWith({ rateHz: 0 }), /not an audio file ffmpeg recognises, or its header is damaged \(ffmpeg: Invalid sample rate: 0/],
    ['0 channels', 'zero-channels.wav', wavWith({ channels: 0 }), /its header gives an impossible channel count/],
    ['65535 channels', 'many-channels.wav', wavWith({ channels: 65535 }), /its header gives an impossible channel count/],
    ['0 bits per sample', 'zero-bits.wav', wavWith({ bits: 0 }), /its header names no codec ffmpeg has/],
    ['text file named .wav', 'notes.wav', Buffer.from('This is a transcript, not audio.\nSecond line.\n'), /it is a text file, not audio/],
    ['HTML page named .mp3', 'page.mp3', Buffer.from('<!doctype html><html><body>404 Not Found</body></html>\n'), /it is a text file, not audio/],
    ['truncated MP3', 'truncated.mp3', mp3.subarray(0, 5000), /the file is cut short: its header declares 1\.96 s, it holds 1\.1\d s/],
    ['corrupt MP3', 'corrupt.mp3', damaged(mp3, 400, 50), /the audio data is damaged or cut short/],
    ['random bytes named .mp3', 'random.mp3', noise(30_000), /not an audio file ffmpeg recognises/],
    ['truncated FLAC', 'truncated.flac', flac.subarray(0, 20_000), /the audio data is damaged or cut short/],
    ['corrupt FLAC', 'corrupt.flac', damaged(flac, 200, 97), /the audio data is damaged or cut short/],
    ['FLAC with only its magic number', 'magic-only.flac', flac.subarray(0, 4), /the file holds no audio stream/],
  ];
  return files.map(([kind, file, bytes, why]) => {
    writeFileSync(join(dir, file), bytes);
    const id = `bad-${file}`;
    return { line: { id, audio: file, text: 'will we ever forget it' }, case: { kind, id, expect: decodeError(why, file) } };
  });
}

/** Paths that must not be followed, and files that are not there. */
function pathCases(dir: string, outside: string): { line: object; case: HostileCase }[] {
  writeFileSync(join(outside, 'secret.wav'), wavWith({}));
  symlinkSync(join(outside, 'secret.wav'), join(dir, 'link-out.wav'));
  symlinkSync(join(dir, 'gone.wav'), join(dir, 'dangling.wav'));
  mkdirSync(join(dir, 'folder.wav'));
  const cases: [kind: string, id: string, audio: string, why: RegExp][] = [
    ['path escaping with ../', 'dotdot', '../outside/secret.wav', /points outside the corpus folder/],
    ['absolute path', 'absolute', join(outside, 'secret.wav'), /is an absolute path/],
    ['symlink out of the corpus', 'symlink-out', 'link-out.wav', /is a link to a file outside the corpus folder/],
    ['dangling symlink', 'dangling', 'dangling.wav', /not found/],
    ['missing file', 'missing', 'nowhere.wav', /audio file "nowhere\.wav" not found/],
    ['a folder named .wav', 'folder', 'folder.wav', /is not a file/],
  ];
  return cases.map(([kind, id, audio, why]) => ({ line: { id, audio, text: 'x' }, case: { kind, id, expect: lineError(id, why) } }));
}

/** Manifest lines that are not usable items; `id` is what the row is called. */
function lineCases(): { text: string; case: HostileCase }[] {
  const good = { audio: 'good.wav', text: 'will we ever forget it' };
  const item = (o: object): string => JSON.stringify({ ...good, ...o });
  const cases: [kind: string, text: string, id: string, why: RegExp][] = [
    ['a line that is not JSON', 'this is not json', 'line-N', /is not valid JSON/],
    ['a line cut off mid-object', '{"id": "cut", "audio": "good.wav", "te', 'line-N', /is not valid JSON/],
    ['JSON with trailing text', `${item({ id: 'trailing' })} extra`, 'line-N', /is not valid JSON/],
    ['a JSON array', '["good.wav", "text"]', 'line-N', /the line is not a JSON object/],
    ['a JSON number', '42', 'line-N', /the line is not a JSON object/],
    ['JSON null', 'null', 'line-N', /the line is not a JSON object/],
    ['missing id', JSON.stringify(good), 'line-N', /id is missing/],
    ['empty id', item({ id: '' }), 'line-N', /id is missing/],
    ['id of the wrong type', item({ id: 7 }), 'line-N', /id is missing or not a non-empty string/],
    ['missing audio', JSON.stringify({ id: 'no-audio', text: 'x' }), 'no-audio', /audio is missing/],
    ['audio of the wrong type', item({ id: 'audio-number', audio: 5 }), 'audio-number', /audio is missing or not a string/],
    ['missing text', JSON.stringify({ id: 'no-text', audio: 'good.wav' }), 'no-text', /text is missing/],
    ['text of the wrong type', item({ id: 'text-number', text: 12 }), 'text-number', /text must be a string or null/],
    ['speech_segments of the wrong type', item({ id: 'segments-string', speech_segments: '0-1' }), 'segments-string', /speech_segments must be a list/],
    ['a segment that ends before it starts', item({ id: 'segments-backwards', speech_segments: [[2, 1]] }), 'segments-backwards', /must have 0 <= start <= end/],
    ['a segment that is not numbers', item({ id: 'segments-nan', speech_segments: [[0, 'x']] }), 'segments-nan', /is not a \[start_s, end_s\] pair/],
    ['segments_text of the wrong type', item({ id: 'segments-text-number', segments_text: [1] }), 'segments-text-number', /segments_text must be a list of strings/],
    ['language of the wrong type', item({ id: 'language-number', language: 5 }), 'language-number', /language must be a string/],
  ];
  return cases.map(([kind, text, id, why]) => ({ text, case: { kind, id, expect: id === 'line-N' ? new RegExp(`manifest\\.jsonl line \\d+ .*${why.source}`) : lineError(id, why) } }));
}

/** Names that are awkward but valid: they must run and come out ok. */
function awkwardCases(dir: string): { line: object; case: HostileCase }[] {
  mkdirSync(join(dir, 'dossier à'));
  copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(dir, 'dossier à', 'ünï côdé ✓ file.wav'));
  const plain = 'will we ever forget it';
  const cases: [kind: string, id: string, audio: string, text?: string][] = [
    ['unicode and spaces in the file and folder names', 'naïve id ✓ with spaces', 'dossier à/ünï côdé ✓ file.wav'],
    ['an id that looks like a path out of the results folder', '../../../../tmp/escape', 'good.wav'],
    ['an id of 3000 characters', 'x'.repeat(3000), 'good.wav'],
    ['an id with markup', '<img src=x onerror=alert(1)>', 'good.wav'],
    ['an id a spreadsheet would run', '=HYPERLINK("http://example.invalid","click")', 'good.wav'],
    ['an id with control characters', 'tab\there\u0000nul', 'good.wav'],
    ['a reference (and so a transcript) a spreadsheet would run', 'formula-text', 'good.wav', `=cmd|' /C calc'!A0 +SUM(1,2) @now -1`],
  ];
  return cases.map(([kind, id, audio, text = plain]) => ({ line: { id, audio, text }, case: { kind, id, expect: 'ok' } }));
}

/**
 * Writes the hostile corpus into `dir` (with a sibling `outside` folder for escape attempts) and
 * returns its cases. The manifest starts with a byte order mark and uses CRLF line ends, as a
 * Windows editor leaves them, and repeats one id.
 */
export function writeHostileCorpus(dir: string, outside: string): HostileCase[] {
  mkdirSync(outside, { recursive: true });
  copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(dir, 'good.wav'));
  const audio = audioCases(dir);
  const paths = pathCases(dir, outside);
  const lines = lineCases();
  const awkward = awkwardCases(dir);
  const first = { line: { id: 'good', audio: 'good.wav', text: 'will we ever forget it', speech_segments: [[0.18, 1.53]] }, case: { kind: 'a good item after a byte order mark', id: 'good', expect: 'ok' as const } };
  const duplicate = { text: JSON.stringify({ id: 'good', audio: 'good.wav', text: 'again' }), case: { kind: 'duplicate id', id: 'good#line-N', expect: /manifest\.jsonl line \d+: duplicate id "good"/ } };
  const manifest = [
    `\uFEFF${JSON.stringify(first.line)}`,
    ...[...audio, ...paths, ...awkward].map((c) => JSON.stringify(c.line)),
    ...lines.map((l) => l.text),
    duplicate.text,
  ];
  writeFileSync(join(dir, 'manifest.jsonl'), `${manifest.join('\r\n')}\r\n`);
  // Lines without a usable id are called line-<n> after their place in the manifest.
  const numbered = [...lines, duplicate].map((l, i) => ({ ...l.case, id: l.case.id.replace('line-N', `line-${manifest.length - lines.length - 1 + i + 1}`) }));
  return [first.case, ...audio.map((c) => c.case), ...paths.map((c) => c.case), ...awkward.map((c) => c.case), ...numbered];
}
