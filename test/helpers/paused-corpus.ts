import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { decodeToBuffer } from '../../src/pipeline/decode.js';
import { wavHeader } from './hostile-corpus.js';

const RATE_HZ = 16000;
/** The four sentences of the bundled syn_gaps file: where they are, and what they say. */
const SENTENCES: readonly { readonly s: readonly [number, number]; readonly text: string }[] = [
  { s: [0.5, 2.2342], text: 'Please turn on the kitchen lights.' },
  { s: [2.5342, 4.8494], text: 'What is the weather like in Boston today?' },
  { s: [5.4494, 7.1666], text: 'Set a timer for ten minutes.' },
  { s: [8.3666, 10.9727], text: 'Remind me to call the dentist tomorrow morning.' },
];
/** Which sentences each item says, in order: two turns of two sentences each. */
const ORDERS = [[0, 1, 2, 3], [2, 3, 0, 1], [1, 0, 3, 2], [3, 2, 1, 0]] as const;

function wav(samples: Buffer): Buffer {
  return Buffer.concat([wavHeader({ channels: 1, rateHz: RATE_HZ, bits: 16, dataBytes: samples.length }), samples]);
}

/** What a paused corpus is made of. */
export interface PausedCorpusOptions {
  /** Pause between the two sentences of one turn. @default 400 */
  readonly pauseMs?: number;
  /** Gap between the two turns. @default 1200 */
  readonly gapMs?: number;
  /** Items (up to 4). @default 4 */
  readonly items?: number;
}

/**
 * A corpus of synthetic speech with constructed pauses, built from the bundled espeak file:
 * each item is two turns of two sentences, a `pauseMs` pause inside each turn and a `gapMs` gap
 * between them, and its speech_segments are the two turns. So a silence_duration_ms shorter
 * than the pause cuts every turn in two, one longer than the gap merges the two turns, and one
 * in between finds both turns whole: the optimum of a search is known.
 */
export async function buildPausedCorpus(dir: string, options: PausedCorpusOptions = {}): Promise<string> {
  const pauseMs = options.pauseMs ?? 400;
  const gapMs = options.gapMs ?? 1200;
  mkdirSync(dir, { recursive: true });
  const pcm = await decodeToBuffer(join(BUNDLED_CORPUS, 'synthetic', 'syn_gaps_300_600_1200ms_16k.wav'), { format: 'pcm16', rateHz: RATE_HZ });
  const sentence = (i: number): Buffer => {
    const [from, to] = SENTENCES[i]?.s ?? [0, 0];
    return pcm.subarray(Math.round(from * RATE_HZ) * 2, Math.round(to * RATE_HZ) * 2);
  };
  const silence = (ms: number): Buffer => Buffer.alloc(Math.round((ms * RATE_HZ) / 1000) * 2);
  const seconds = (b: Buffer): number => b.length / 2 / RATE_HZ;
  const lines = ORDERS.slice(0, options.items ?? 4).map((order, k) => {
    const [a, b, c, d] = order;
    const first = [sentence(a), silence(pauseMs), sentence(b)];
    const second = [sentence(c), silence(pauseMs), sentence(d)];
    const firstEnd = 0.5 + first.reduce((s, x) => s + seconds(x), 0);
    const secondStart = firstEnd + gapMs / 1000;
    const secondEnd = secondStart + second.reduce((s, x) => s + seconds(x), 0);
    writeFileSync(join(dir, `paused_${k}.wav`), wav(Buffer.concat([silence(500), ...first, silence(gapMs), ...second, silence(1000)])));
    const text = order.map((i) => SENTENCES[i]?.text ?? '');
    return JSON.stringify({
      id: `paused_${k}`, audio: `paused_${k}.wav`, text: text.join(' '), language: 'en',
      speech_segments: [[0.5, Number(firstEnd.toFixed(4))], [Number(secondStart.toFixed(4)), Number(secondEnd.toFixed(4))]],
      segments_method: 'constructed', segments_text: [`${text[0] ?? ''} ${text[1] ?? ''}`, `${text[2] ?? ''} ${text[3] ?? ''}`],
    });
  });
  writeFileSync(join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}
