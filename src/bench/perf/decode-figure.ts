import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { realClock } from '../../clock.js';
import { loadCorpus } from '../../corpus/manifest.js';
import { bytesPerMs } from '../../pipeline/audio-format.js';
import { decodeAudio } from '../../pipeline/decode.js';
import { BENCH_SPEC, writeBenchCorpus } from './bench-corpus.js';
import type { BenchContext } from './context.js';
import { figure, type BenchFigure } from './figures.js';

/** The command rtbench's decoder runs, typed by hand: what a user would script. */
export function bareFfmpegArgs(path: string, rateHz: number): string[] {
  return ['-nostdin', '-hide_banner', '-i', path, '-vn', '-ac', '1', '-ar', String(rateHz), '-acodec', 'pcm_s16le', '-f', 's16le', 'pipe:1'];
}

/** Runs the bare ffmpeg command and counts the bytes it writes. */
export function decodeBare(ffmpegPath: string, path: string, rateHz: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, bareFfmpegArgs(path, rateHz), { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (part: Buffer) => {
      bytes += part.length;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(bytes);
      else reject(new Error(`ffmpeg exited with ${String(code)} on ${path}`));
    });
  });
}

async function decodeRtbench(path: string, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  for await (const part of decodeAudio(path, BENCH_SPEC, signal)) bytes += part.length;
  return bytes;
}

async function timed(run: () => Promise<number>): Promise<{ bytes: number; ms: number }> {
  const started = realClock.now();
  const bytes = await run();
  return { bytes, ms: realClock.now() - started };
}

/**
 * Decode throughput (seconds of audio per second) of rtbench's decoder against the bare
 * ffmpeg command on the same files with the same binary: the bundled corpus (short files,
 * several formats) and one long WAV. The two alternate file by file, so load hits both alike.
 */
export async function decodeFigure(ctx: BenchContext): Promise<BenchFigure> {
  const long = writeBenchCorpus(join(ctx.workDir, 'decode'), ctx.speech, ctx.plan.decodeLongMs, 'long');
  const files = [...loadCorpus(ctx.speechCorpusDir).items.map((i) => i.audioPath), long.audioPath];
  ctx.log(`decode: ${files.length} files, ${ctx.plan.decodeRounds} round(s), rtbench and bare ffmpeg alternating`);
  await decodeRtbench(files[0] ?? long.audioPath, ctx.signal);
  const totals = { rtbench: { bytes: 0, ms: 0 }, bare: { bytes: 0, ms: 0 } };
  for (let round = 0; round < ctx.plan.decodeRounds; round++) {
    for (const file of files) {
      const a = await timed(() => decodeRtbench(file, ctx.signal));
      const b = await timed(() => decodeBare(ctx.ffmpegPath, file, BENCH_SPEC.rateHz));
      totals.rtbench.bytes += a.bytes;
      totals.rtbench.ms += a.ms;
      totals.bare.bytes += b.bytes;
      totals.bare.ms += b.ms;
    }
  }
  const speed = (t: { bytes: number; ms: number }): number => t.bytes / bytesPerMs(BENCH_SPEC) / t.ms;
  const same = totals.rtbench.bytes === totals.bare.bytes;
  return figure({
    metric: 'decode_x_real_time', label: 'decode throughput', unit: 'x real time', value: speed(totals.rtbench), alternative: 'the bare ffmpeg command, same files', alternativeValue: speed(totals.bare),
    rule: { kind: 'ratio-min', min: 0.9 },
    detail: `${files.length} files (${(totals.rtbench.bytes / bytesPerMs(BENCH_SPEC) / 1000 / ctx.plan.decodeRounds).toFixed(0)} s of audio) x ${ctx.plan.decodeRounds}; ${same ? 'same bytes out' : 'DIFFERENT bytes out'}`,
  });
}
