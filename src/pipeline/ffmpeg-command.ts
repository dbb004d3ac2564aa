import ffmpeg from 'fluent-ffmpeg';
import type { Writable } from 'node:stream';
import type { AudioSpec } from './audio-format.js';
import { describeDecodeFailure, parseFfmpegDuration } from './decode-problem.js';

/**
 * The ffmpeg command of the decoder (fluent-ffmpeg driving the binary), wherever it runs: in
 * rtbench's process or in its decode host (decode-host.ts).
 */

const CODECS = {
  pcm16: { codec: 'pcm_s16le', container: 's16le' },
  g711_ulaw: { codec: 'pcm_mulaw', container: 'mulaw' },
  g711_alaw: { codec: 'pcm_alaw', container: 'alaw' },
} as const;

/** What ffmpeg said about the input: its declared duration and its description of the audio stream. */
export interface DecodedInput {
  /** Duration the file's header declares, ms; null when it declares none. */
  readonly declaredMs: number | null;
  /** ffmpeg's description of the audio stream (codec, rate, channels), '' when it printed none. */
  readonly details: string;
}

/** A decoder writing into its output stream. */
export interface RunningDecoder {
  /** Resolves when ffmpeg exited cleanly; rejects with the reason in one line (decode-problem.ts). */
  readonly exited: Promise<DecodedInput>;
  kill(): void;
}

/**
 * Starts ffmpeg on `path`, writing mono audio in the spec's encoding into `output` (which it
 * ends); ffmpeg stops at the first damaged packet (`-xerror`). Failures reject `exited` with a
 * message saying what went wrong, never throw.
 */
export function startDecoder(path: string, spec: AudioSpec, ffmpegPath: string, output: Writable): RunningDecoder {
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
  const exited = new Promise<DecodedInput>((resolve, reject) => {
    command.once('end', () => {
      resolve({ ...input });
    });
    command.once('error', (error: Error, _stdout: unknown, stderr: unknown) => {
      reject(new Error(describeDecodeFailure(path, typeof stderr === 'string' ? stderr : '', error.message), { cause: error }));
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
