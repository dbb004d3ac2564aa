import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import { Writable } from 'node:stream';
import { HarnessError, ExitCode } from '../errors.js';
import type { AudioSpec } from './audio-format.js';

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

function lastStderrLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1) ?? 'ffmpeg failed without a message';
}

/**
 * A sink for ffmpeg's output that takes the next buffer only once the consumer asked for it:
 * at most one buffer waits here (plus what the pipe holds), however far ahead ffmpeg could
 * decode. A PassThrough would hold several: 200 paced streams kept ~100 MB of decoded audio.
 */
function pullSink(): { writable: Writable; buffers: () => AsyncGenerator<Buffer>; stop: () => void } {
  let pending: { buffer: Buffer; release: () => void } | null = null;
  let finished = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const writable = new Writable({
    highWaterMark: 0,
    // NOTE: fluent-ffmpeg kills ffmpeg 20 ms after its output stream closes; without 'close' it waits for ffmpeg to exit.
    emitClose: false,
    write(buffer: Buffer, _encoding, release) {
      pending = { buffer, release };
      notify();
    },
    final(callback) {
      stop();
      callback();
    },
  });
  async function* buffers(): AsyncGenerator<Buffer> {
    for (;;) {
      const taken = pending;
      if (taken !== null) {
        pending = null;
        yield taken.buffer;
        taken.release();
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  const stop = (): void => {
    finished = true;
    notify();
  };
  return { writable, buffers, stop };
}

/**
 * Decodes `path` with ffmpeg and yields its output as it comes (buffers of any size). Ends only
 * once ffmpeg has exited cleanly; any failure, or a file with no samples, throws an
 * {@link AudioDecodeError} naming the file. Aborting kills ffmpeg.
 */
export async function* decodeAudio(path: string, spec: AudioSpec, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const { codec, container } = CODECS[spec.format];
  const command = ffmpeg(path)
    .setFfmpegPath(ffmpegPath)
    .inputOptions(['-nostdin', '-hide_banner'])
    .noVideo()
    .audioChannels(1)
    .audioFrequency(spec.rateHz)
    .audioCodec(codec)
    .format(container);
  const sink = pullSink();
  const exited = new Promise<void>((resolve, reject) => {
    command.once('end', () => {
      resolve();
    });
    command.once('error', (error: Error, _stdout: unknown, stderr: unknown) => {
      const detail = (typeof stderr === 'string' && stderr !== '' ? lastStderrLine(stderr) : error.message).replace(`${path}: `, '');
      reject(new AudioDecodeError(`cannot decode ${path}: ${detail}`, { hint: DECODE_HINT, cause: error }));
      // ffmpeg may have failed before its output was connected (no such binary): stop waiting for it.
      sink.stop();
    });
  });
  exited.catch(() => undefined);
  const onAbort = (): void => {
    command.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let bytes = 0;
  command.pipe(sink.writable);
  try {
    for await (const part of sink.buffers()) {
      bytes += part.length;
      yield part;
    }
    await exited;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    command.kill('SIGKILL');
  }
  if (bytes === 0) throw new AudioDecodeError(`cannot decode ${path}: it holds no audio samples`, { hint: DECODE_HINT });
}

/** Decodes a whole file into one buffer (tests, `corpus check`). */
export async function decodeToBuffer(path: string, spec: AudioSpec, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of decodeAudio(path, spec, signal)) parts.push(part);
  return Buffer.concat(parts);
}
