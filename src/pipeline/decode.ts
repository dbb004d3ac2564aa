import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { Writable } from 'node:stream';
import { abortReason } from '../clock.js';
import { HarnessError, ExitCode } from '../errors.js';
import { bytesToMs, type AudioSpec } from './audio-format.js';
import { isCutShort } from './decode-problem.js';
import { decodeHost, decodeInHost, type HostedDecode } from './decode-client.js';
import { startDecoder, type DecodedInput } from './ffmpeg-command.js';

/**
 * Decoding, with ffmpeg-command.ts (the command) and decode-host.ts / decode-client.ts (where
 * it runs). Decodes any file ffmpeg reads (WAV, MP3, FLAC, Ogg, …) to mono audio in the
 * session's encoding, streamed from ffmpeg's stdout: no temp file, no ffprobe; durations come
 * from the number of samples decoded.
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

const DECODE_HINT =
  'Check that the file is a complete audio file (WAV, MP3, FLAC, Ogg) that ffmpeg can read.';

/**
 * A sink for ffmpeg's output that takes the next buffer only once the consumer asked for it:
 * at most one buffer waits here (plus what the pipe holds), however far ahead ffmpeg could
 * decode. A PassThrough would hold several: 200 paced streams kept ~100 MB of decoded audio.
 */
function pullSink(): {
  writable: Writable;
  buffers: () => AsyncGenerator<Buffer>;
  stop: () => void;
} {
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

/** Decoding in rtbench's own process: the fallback when the decode host cannot start. */
function decodeInProcess(path: string, spec: AudioSpec): HostedDecode {
  const sink = pullSink();
  const decoder = startDecoder(path, spec, ffmpegPath, sink.writable);
  const verdict = decoder.exited.then(
    (input) => ({ error: null, input }),
    (error: unknown) => {
      // ffmpeg may have failed before its output was connected (no such binary): stop waiting for it.
      sink.stop();
      return { error: error instanceof Error ? error.message : String(error), input: { declaredMs: null, details: '' } };
    },
  );
  return {
    buffers: sink.buffers(),
    verdict,
    close: () => {
      decoder.kill();
    },
  };
}

/** `promise`, or the signal's abort if that comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Decodes `path` with ffmpeg and yields its output as it comes (buffers of any size). ffmpeg
 * runs from rtbench's decode host (decode-host.ts) when it can start, else from this process.
 * Ends only once ffmpeg has exited cleanly; any failure (ffmpeg stops at the first damaged
 * packet), a file with no samples, or one that holds clearly less audio than its header
 * declares (cut short) throws an {@link AudioDecodeError} naming the file and the reason.
 * Aborting stops ffmpeg. `useHost: false` runs ffmpeg from this process.
 */
export async function* decodeAudio(
  path: string,
  spec: AudioSpec,
  signal?: AbortSignal,
  options: { readonly useHost?: boolean } = {},
): AsyncGenerator<Buffer> {
  const host = options.useHost === false ? null : await untilAborted(decodeHost(), signal);
  signal?.throwIfAborted();
  const source =
    host === null ? decodeInProcess(path, spec) : decodeInHost(host, path, spec, ffmpegPath);
  const onAbort = (): void => {
    source.close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let bytes = 0;
  let input: DecodedInput = { declaredMs: null, details: '' };
  try {
    for await (const part of source.buffers) {
      bytes += part.length;
      yield part;
    }
    // Stopped by the interrupt: ffmpeg's verdict says nothing about the file.
    signal?.throwIfAborted();
    const verdict = await source.verdict;
    signal?.throwIfAborted();
    if (verdict.error !== null) throw new AudioDecodeError(`cannot decode ${path}: ${verdict.error}`, { hint: DECODE_HINT });
    input = verdict.input;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    source.close();
  }
  checkLength(path, spec, bytes, input);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Shortest audio a session streams: the shortest chunk (`--chunk-ms` 10). It also makes the
 * verdict the same at every rate: resampling keeps nothing of a few samples (a 1-sample file
 * is 1 sample at its own rate and none at 24 kHz), but keeps ~10 ms at any rate.
 */
export const MIN_AUDIO_MS = 10;

/** A file with no samples, too little audio to stream, or clearly less than its header declares (cut short), is refused. */
function checkLength(path: string, spec: AudioSpec, bytes: number, input: DecodedInput): void {
  if (bytes === 0) {
    const header = input.details === '' ? '' : ` (ffmpeg reads its header as: ${input.details})`;
    throw new AudioDecodeError(`cannot decode ${path}: it holds no audio samples${header}`, { hint: DECODE_HINT });
  }
  const decodedMs = bytesToMs(spec, bytes);
  if (decodedMs < MIN_AUDIO_MS) {
    throw new AudioDecodeError(`cannot decode ${path}: it holds ${decodedMs.toFixed(2)} ms of audio, too little to stream (at least ${MIN_AUDIO_MS} ms)`, { hint: DECODE_HINT });
  }
  if (isCutShort(decodedMs, input.declaredMs)) {
    throw new AudioDecodeError(`cannot decode ${path}: the file is cut short: its header declares ${seconds(input.declaredMs ?? 0)}, it holds ${seconds(decodedMs)}`, { hint: DECODE_HINT });
  }
}

/** Decodes a whole file into one buffer (tests, `corpus check`). */
export async function decodeToBuffer(
  path: string,
  spec: AudioSpec,
  signal?: AbortSignal,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of decodeAudio(path, spec, signal)) parts.push(part);
  return Buffer.concat(parts);
}
