import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import type { Readable } from 'node:stream';
import { HarnessError, ExitCode } from '../errors.js';
import { bytesToMs, type AudioSpec } from './audio-format.js';
import { describeDecodeFailure, isCutShort, parseFfmpegDuration } from './decode-problem.js';

/**
 * The only module that knows about ffmpeg. Decodes any file ffmpeg reads (WAV, MP3, FLAC, Ogg,
 * …) to mono audio in the session's encoding, streamed from ffmpeg's stdout: no temp file,
 * no ffprobe; durations come from the number of samples decoded.
 */

/** An audio file could not be decoded; the item becomes an error row. */
export class AudioDecodeError extends HarnessError {
  readonly exitCode = ExitCode.Usage;
}

let ffmpegPath: string = ffmpegInstaller.path;

/** Uses another ffmpeg binary (the CLI passes `FFMPEG_PATH`). */
export function setFfmpegPath(path: string): void {
  ffmpegPath = path;
}

/** The ffmpeg binary in use. */
export function getFfmpegPath(): string {
  return ffmpegPath;
}

const CODECS = {
  pcm16: { codec: 'pcm_s16le', container: 's16le' },
  g711_ulaw: { codec: 'pcm_mulaw', container: 'mulaw' },
  g711_alaw: { codec: 'pcm_alaw', container: 'alaw' },
} as const;

const DECODE_HINT = 'Check that the file is a complete audio file (WAV, MP3, FLAC, Ogg) that ffmpeg can read.';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Decodes `path` with ffmpeg and yields its output as it comes (buffers of any size). Ends only
 * once ffmpeg has exited cleanly; any failure (ffmpeg stops at the first damaged packet), a
 * file with no samples, or one that holds clearly less audio than its header declares (cut
 * short) throws an {@link AudioDecodeError} naming the file and the reason. Aborting kills ffmpeg.
 */
export async function* decodeAudio(path: string, spec: AudioSpec, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const { codec, container } = CODECS[spec.format];
  const command = ffmpeg(path)
    .setFfmpegPath(ffmpegPath)
    .inputOptions(['-nostdin', '-hide_banner', '-xerror'])
    .noVideo()
    .audioChannels(1)
    .audioFrequency(spec.rateHz)
    .audioCodec(codec)
    .format(container);
  const input: { declaredMs: number | null; details: string } = { declaredMs: null, details: '' };
  command.once('codecData', (data: { duration?: unknown; audio_details?: unknown }) => {
    input.declaredMs = parseFfmpegDuration(data.duration);
    // fluent-ffmpeg hands the stream's description over cut at its commas.
    input.details = Array.isArray(data.audio_details) ? data.audio_details.map(String).join(', ') : '';
  });
  const exited = new Promise<void>((resolve, reject) => {
    command.once('end', () => {
      resolve();
    });
    command.once('error', (error: Error, _stdout: unknown, stderr: unknown) => {
      const why = describeDecodeFailure(path, typeof stderr === 'string' ? stderr : '', error.message);
      reject(new AudioDecodeError(`cannot decode ${path}: ${why}`, { hint: DECODE_HINT, cause: error }));
    });
  });
  exited.catch(() => undefined);
  const onAbort = (): void => {
    command.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let bytes = 0;
  try {
    for await (const part of command.pipe() as Readable) {
      bytes += (part as Buffer).length;
      yield part as Buffer;
    }
    await exited;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    command.kill('SIGKILL');
  }
  if (bytes === 0) {
    const header = input.details === '' ? '' : ` (ffmpeg reads its header as: ${input.details})`;
    throw new AudioDecodeError(`cannot decode ${path}: it holds no audio samples${header}`, { hint: DECODE_HINT });
  }
  const decodedMs = bytesToMs(spec, bytes);
  if (isCutShort(decodedMs, input.declaredMs)) {
    throw new AudioDecodeError(`cannot decode ${path}: the file is cut short: its header declares ${seconds(input.declaredMs ?? 0)}, it holds ${seconds(decodedMs)}`, { hint: DECODE_HINT });
  }
}

/** Decodes a whole file into one buffer (tests, `corpus check`). */
export async function decodeToBuffer(path: string, spec: AudioSpec, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of decodeAudio(path, spec, signal)) parts.push(part);
  return Buffer.concat(parts);
}
