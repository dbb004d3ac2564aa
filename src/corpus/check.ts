import { runPool } from '../bench/pool.js';
import { bytesToMs, type AudioSpec } from '../pipeline/audio-format.js';
import { decodeAudio } from '../pipeline/decode.js';
import { loadCorpus, type CorpusItem } from './manifest.js';

/** What `rtbench corpus check` found about one manifest line. */
export interface ItemCheck {
  readonly id: string;
  readonly audio: string;
  /** Decoded length; null when the file could not be decoded. */
  readonly durationS: number | null;
  /** `ok`, or what is wrong (the run would make this item an error row). */
  readonly problem: string | null;
  /** Things worth knowing that do not stop a run. */
  readonly warnings: readonly string[];
  readonly transcript: 'text' | 'no speech' | 'not transcribed' | 'unknown';
  readonly segments: number | null;
  readonly segmentsMethod: string | null;
}

/** The whole corpus, checked. */
export interface CorpusCheck {
  readonly manifestPath: string;
  readonly digest: string;
  readonly items: readonly ItemCheck[];
  readonly totalAudioS: number;
  readonly problems: number;
}

/** Decoded lengths may differ from declared ones by encoder padding (MP3): tens of ms. */
const DURATION_TOLERANCE_S = 0.05;

/** What a check decodes to: what a run sends by default, so that a file the check passes decodes for the run too. */
const CHECK_SPEC: AudioSpec = { format: 'pcm16', rateHz: 24000 };

/** The decoded length; a file with no samples throws (decodeAudio). */
async function decodedSeconds(item: CorpusItem, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  for await (const part of decodeAudio(item.audioPath, CHECK_SPEC, signal)) bytes += part.length;
  return bytesToMs(CHECK_SPEC, bytes) / 1000;
}

function warningsFor(item: CorpusItem, durationS: number): string[] {
  const warnings: string[] = [];
  if (item.declaredDurationS !== null && Math.abs(item.declaredDurationS - durationS) > DURATION_TOLERANCE_S) {
    warnings.push(`duration_s says ${item.declaredDurationS} s, the file decodes to ${durationS.toFixed(3)} s`);
  }
  const lastEnd = Math.max(0, ...(item.speechSegments ?? []).map(([, end]) => end));
  if (lastEnd > durationS + DURATION_TOLERANCE_S) warnings.push(`speech_segments end at ${lastEnd} s, after the audio (${durationS.toFixed(3)} s)`);
  if (item.segmentsText !== null && item.speechSegments !== null && item.segmentsText.length !== item.speechSegments.length) {
    warnings.push(`segments_text has ${item.segmentsText.length} entries for ${item.speechSegments.length} speech_segments`);
  }
  if (item.text === '' && (item.speechSegments?.length ?? 0) > 0) warnings.push('text is "" (no speech) but speech_segments are given');
  return warnings;
}

async function checkItem(item: CorpusItem, signal: AbortSignal): Promise<ItemCheck> {
  const base = {
    id: item.id,
    audio: item.audio,
    transcript: item.text === null ? 'not transcribed' : item.text === '' ? 'no speech' : 'text',
    segments: item.speechSegments?.length ?? null,
    segmentsMethod: item.segmentsMethod,
  } as const;
  try {
    const durationS = await decodedSeconds(item, signal);
    return { ...base, durationS, problem: null, warnings: warningsFor(item, durationS) };
  } catch (error) {
    return { ...base, durationS: null, problem: error instanceof Error ? error.message : String(error), warnings: [] };
  }
}

/** Validates a corpus: every manifest line, and a full decode of every file. */
export async function checkCorpus(dir: string, signal: AbortSignal, concurrency = 2): Promise<CorpusCheck> {
  const corpus = loadCorpus(dir);
  const decoded = await runPool(corpus.items, concurrency, (item) => checkItem(item, signal), signal);
  const items: ItemCheck[] = [
    ...decoded.filter((c): c is ItemCheck => c !== undefined),
    ...corpus.problems.map((p) => ({ id: p.id, audio: '', durationS: null, problem: p.message, warnings: [], transcript: 'unknown' as const, segments: null, segmentsMethod: null })),
  ];
  return {
    manifestPath: corpus.manifestPath,
    digest: corpus.digest,
    items,
    totalAudioS: items.reduce((sum, i) => sum + (i.durationS ?? 0), 0),
    problems: items.filter((i) => i.problem !== null).length,
  };
}
