import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandMatrix } from '../../config/matrix.js';
import type { ResolvedOptions } from '../../config/options.js';
import type { RunConfig } from '../../config/types.js';
import { loadCorpus, MANIFEST_NAME } from '../../corpus/manifest.js';
import { encodeHint, REFERENCE_HEADER } from '../../emulator/transcriber.js';
import { msToBytes, type AudioSpec } from '../../pipeline/audio-format.js';
import { decodeToBuffer } from '../../pipeline/decode.js';
import { buildSessionUpdate, type ClientEvent } from '../../pipeline/protocol/session-config.js';
import { sessionSettings, tailSilenceMs } from '../unit.js';

/** The audio every benchmark stream sends: real speech, 24 kHz PCM16. */
export const BENCH_SPEC: AudioSpec = { format: 'pcm16', rateHz: 24000 };

/** Silence between two source utterances, so that every turn ends inside the stream. */
const GAP_MS = 800;

/** Decoded source utterances, ready to be laid end to end. */
export interface SpeechSource {
  readonly pieces: readonly { readonly pcm: Buffer; readonly text: string; readonly segments: readonly (readonly [number, number])[] }[];
}

/** A corpus written for the benchmarks: one WAV file, named by one or more manifest lines. */
export interface BenchCorpus {
  /** Folder holding manifest.jsonl and the WAV file. */
  readonly dir: string;
  /** The first item's id. */
  readonly itemId: string;
  readonly audioPath: string;
  /** The item's audio as the session sends it (no WAV header). */
  readonly pcm: Buffer;
  readonly durationMs: number;
}

/** Decodes every item of a corpus (the bundled one) to the bench encoding, once. */
export async function loadSpeechSource(corpusDir: string): Promise<SpeechSource> {
  const corpus = loadCorpus(corpusDir);
  const pieces = [];
  for (const item of corpus.items) {
    if (item.text === null || item.text === '') continue;
    const pcm = await decodeToBuffer(item.audioPath, BENCH_SPEC);
    pieces.push({ pcm, text: item.text, segments: item.speechSegments ?? [] });
  }
  if (pieces.length === 0) throw new Error(`${corpusDir} holds no transcribed speech to build the benchmark audio from`);
  return { pieces };
}

/** A canonical 44-byte WAV header for mono PCM16. */
export function wavHeader(dataBytes: number, rateHz: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rateHz, 24);
  header.writeUInt32LE(rateHz * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/**
 * Lays the source utterances end to end (with {@link GAP_MS} of silence after each, cycling
 * through them) until `durationMs`, and writes a corpus: the WAV file and a manifest with the
 * joined reference and the shifted speech segments, on `items` lines (ids `<itemId>`, or
 * `<itemId>-1` … when there are several) that all name the same file.
 */
export function writeBenchCorpus(dir: string, source: SpeechSource, durationMs: number, itemId = 'bench', items = 1): BenchCorpus {
  const totalBytes = msToBytes(BENCH_SPEC, durationMs);
  const gap = Buffer.alloc(msToBytes(BENCH_SPEC, GAP_MS));
  const parts: Buffer[] = [];
  const texts: string[] = [];
  const segments: [number, number][] = [];
  let bytes = 0;
  const add = (piece: SpeechSource['pieces'][number], pcm: Buffer): void => {
    const offsetS = bytes / 2 / BENCH_SPEC.rateHz;
    const pieceS = pcm.length / 2 / BENCH_SPEC.rateHz;
    parts.push(pcm, gap);
    texts.push(piece.text);
    for (const [start, end] of piece.segments) if (start < pieceS) segments.push([round3(offsetS + start), round3(offsetS + Math.min(end, pieceS))]);
    bytes += pcm.length + gap.length;
  };
  // Cycle through the utterances, skipping those that no longer fit, until none does.
  for (let i = 0, misses = 0; misses < source.pieces.length; i++) {
    const piece = source.pieces[i % source.pieces.length];
    if (piece === undefined) break;
    if (bytes + piece.pcm.length > totalBytes) {
      misses++;
      continue;
    }
    misses = 0;
    add(piece, piece.pcm);
  }
  const first = source.pieces[0];
  // Shorter than every utterance: the start of the first one.
  if (parts.length === 0 && first !== undefined) add(first, first.pcm.subarray(0, totalBytes));
  const joined = Buffer.concat(parts);
  const pcm = joined.length >= totalBytes ? joined.subarray(0, totalBytes) : Buffer.concat([joined, Buffer.alloc(totalBytes - joined.length)]);
  mkdirSync(dir, { recursive: true });
  const audioPath = join(dir, `${itemId}.wav`);
  writeFileSync(audioPath, Buffer.concat([wavHeader(pcm.length, BENCH_SPEC.rateHz), pcm]));
  const ids = items === 1 ? [itemId] : Array.from({ length: items }, (_, i) => `${itemId}-${i + 1}`);
  const lines = ids.map((id) => JSON.stringify({ id, audio: `${itemId}.wav`, text: texts.join(' '), language: 'en', speech_segments: segments, segments_method: 'constructed' }));
  writeFileSync(join(dir, MANIFEST_NAME), `${lines.join('\n')}\n`);
  return { dir, itemId: ids[0] ?? itemId, audioPath, pcm, durationMs: (pcm.length / 2 / BENCH_SPEC.rateHz) * 1000 };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * What every session of a bench client sends, as rtbench's session would for the first config
 * and the first item of a bench corpus: the session.update, the emulator's hint, and the
 * item's audio with its tail silence in chunks.
 */
export function benchSessionInputs(options: ResolvedOptions, corpusDir: string): { config: RunConfig; chunks: Buffer[]; headers: Record<string, string>; update: ClientEvent } {
  const config = expandMatrix(options)[0];
  const item = loadCorpus(corpusDir).items[0];
  if (config === undefined || item === undefined) throw new Error(`the bench corpus (${corpusDir}) and options give no session to run`);
  const audio = Buffer.concat([readFileSync(item.audioPath).subarray(44), Buffer.alloc(msToBytes(BENCH_SPEC, tailSilenceMs(options, config)))]);
  const chunkBytes = msToBytes(BENCH_SPEC, options.chunkMs);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < audio.length; offset += chunkBytes) chunks.push(audio.subarray(offset, offset + chunkBytes));
  return {
    config,
    chunks,
    headers: { [REFERENCE_HEADER]: encodeHint({ text: item.text ?? '', segments: item.speechSegments, segmentsText: item.segmentsText }) },
    update: buildSessionUpdate(config, sessionSettings(options, item.language)),
  };
}
