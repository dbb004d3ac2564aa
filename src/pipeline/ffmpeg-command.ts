import ffmpeg from 'fluent-ffmpeg';
import type { Writable } from 'node:stream';
import type { AudioSpec } from './audio-format.js';

/**
 * The ffmpeg command of the decoder (fluent-ffmpeg driving the binary), wherever it runs: in
 * rtbench's process or in its decode host (decode-host.ts).
 */

const CODECS = {
  pcm16: { codec: 'pcm_s16le', container: 's16le' },
  g711_ulaw: { codec: 'pcm_mulaw', container: 'mulaw' },
  g711_alaw: { codec: 'pcm_alaw', container: 'alaw' },
} as const;

function lastStderrLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1) ?? 'ffmpeg failed without a message';
}

/** A decoder writing into its output stream. */
export interface RunningDecoder {
  /** Resolves when ffmpeg exited cleanly; rejects with the reason, in words (its last line of stderr). */
  readonly exited: Promise<void>;
  kill(): void;
}

/**
 * Starts ffmpeg on `path`, writing mono audio in the spec's encoding into `output` (which it
 * ends). Failures reject `exited` with a message naming what ffmpeg said, never throw.
 */
export function startDecoder(path: string, spec: AudioSpec, ffmpegPath: string, output: Writable): RunningDecoder {
  const { codec, container } = CODECS[spec.format];
  const command = ffmpeg(path)
    .setFfmpegPath(ffmpegPath)
    .inputOptions(['-nostdin', '-hide_banner'])
    .noVideo()
    .audioChannels(1)
    .audioFrequency(spec.rateHz)
    .audioCodec(codec)
    .format(container);
  const exited = new Promise<void>((resolve, reject) => {
    command.once('end', () => {
      resolve();
    });
    command.once('error', (error: Error, _stdout: unknown, stderr: unknown) => {
      reject(new Error((typeof stderr === 'string' && stderr !== '' ? lastStderrLine(stderr) : error.message).replace(`${path}: `, ''), { cause: error }));
    });
  });
  exited.catch(() => undefined);
  command.pipe(output, { end: true });
  return {
    exited,
    kill: () => {
      command.kill('SIGKILL');
    },
  };
}
