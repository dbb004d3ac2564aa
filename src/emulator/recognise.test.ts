import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../cli/version.js';
import { getFfmpegPath } from '../pipeline/decode.js';
import { fromLinear, toLinear } from './g711.js';
import { corpusSource, loadCorpusPrints, type CorpusPrints } from './recognise.js';
import type { EmulatorLogEntry } from './context.js';

const dir = mkdtempSync(join(tmpdir(), 'rtbench-recognise-'));

/** A corpus file as a client would stream it: through its own decoder/resampler/codec, at `rateHz`, 0.7 gain. */
function clientAudio(file: string, route: 'resample-16k' | 'resample-48k' | 'mp3', rateHz: number): Int16Array {
  const ff = getFfmpegPath();
  const middle = join(dir, route === 'mp3' ? 'mid.mp3' : 'mid.wav');
  const first = route === 'mp3' ? ['-b:a', '64k'] : ['-ar', route === 'resample-16k' ? '16000' : '48000'];
  execFileSync(ff, ['-y', '-loglevel', 'error', '-i', join(BUNDLED_CORPUS, file), '-ac', '1', ...first, middle]);
  const pcm = execFileSync(ff, ['-loglevel', 'error', '-i', middle, '-af', 'volume=0.7', '-f', 's16le', '-ac', '1', '-ar', String(rateHz), 'pipe:1'], { maxBuffer: 1 << 26 });
  return new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
}

/** Streams `leadMs` of silence and the audio into a corpus source, then takes one turn per true segment. */
function turns(corpus: CorpusPrints, audio: Int16Array, rateHz: number, segments: readonly (readonly [number, number])[], leadMs = 700): { words: string[]; log: EmulatorLogEntry[] } {
  const log: EmulatorLogEntry[] = [];
  const source = corpusSource(corpus, (e) => log.push(e));
  source.onAudio(new Int16Array(Math.round((rateHz * leadMs) / 1000)), rateHz);
  for (let i = 0; i < audio.length; i += rateHz / 25) source.onAudio(audio.subarray(i, i + rateHz / 25), rateHz);
  // A VAD turn: from 300 ms before the speech (prefix padding) to 200 ms after it (silence duration).
  const words = segments.map(([s, e]) => source.take(leadMs + s * 1000 - 300, leadMs + e * 1000 + 200).words.join(' '));
  return { words, log };
}

describe('recognising corpus items in client audio', () => {
  let corpus: CorpusPrints;
  beforeAll(async () => {
    const loaded = await loadCorpusPrints(BUNDLED_CORPUS);
    expect(loaded.problems).toEqual([]);
    corpus = loaded.corpus;
  });

  const item = (id: string) => corpus.prints.find((p) => p.item.id === id)!.item;

  for (const route of ['resample-16k', 'resample-48k', 'mp3'] as const) {
    it(`finds each turn's words after the client's ${route} at 24 kHz`, () => {
      for (const id of ['syn_gaps_300_600_1200ms_16k', 'syn_short_words_44k_stereo']) {
        const it = item(id);
        expect(turns(corpus, clientAudio(it.audio, route, 24000), 24000, it.speechSegments!).words).toEqual(it.segmentsText);
      }
      const one = item('uberi_one_two_three');
      expect(turns(corpus, clientAudio(one.audio, route, 24000), 24000, one.speechSegments!).words).toEqual(['one', 'two', 'three']);
    });
  }

  it('finds the words in G.711 μ-law at 8 kHz and in 16 kHz PCM, and logs the item and offset it matched', () => {
    const jfk = item('jfk_16k_wav');
    const narrow = toLinear(fromLinear(clientAudio(jfk.audio, 'mp3', 8000), 'g711_ulaw'), 'g711_ulaw');
    const heard = turns(corpus, narrow, 8000, jfk.speechSegments!);
    expect(heard.words.join(' ')).toBe(jfk.text);
    expect(heard.log[0]).toMatchObject({ event: 'recognise', result: 'item', item_id: 'jfk_16k_wav', offset_ms: 700 });
    expect(turns(corpus, clientAudio(jfk.audio, 'resample-48k', 16000), 16000, jfk.speechSegments!).words.join(' ')).toBe(jfk.text);
  });

  it('recognises nothing in audio that is not from the corpus (the item played backwards) or in silence', () => {
    const jfk = item('jfk_16k_wav');
    const backwards = clientAudio(jfk.audio, 'resample-16k', 24000).slice().reverse();
    const heard = turns(corpus, backwards, 24000, jfk.speechSegments!.map(([s, e]) => [11 - e, 11 - s] as const));
    expect(heard.words.every((w) => w === '')).toBe(true);
    expect(heard.log.every((e) => e.result === 'none')).toBe(true);
    expect(turns(corpus, new Int16Array(24000 * 3), 24000, [[0.5, 1.5]]).words).toEqual(['']);
  });

  it("hands out each word once and gives the item's expected tool call with the turn that ends the item", () => {
    const it0 = item('syn_gaps_300_600_1200ms_16k');
    const withCall: CorpusPrints = { ...corpus, prints: corpus.prints.map((p) => (p.item.id === it0.id ? { ...p, item: { ...p.item, expectedToolCall: { name: 'set_reminder', arguments: { what: 'dentist' } } } } : p)) };
    const source = corpusSource(withCall, () => undefined);
    const audio = clientAudio(it0.audio, 'resample-16k', 24000);
    source.onAudio(audio, 24000);
    const segs = it0.speechSegments!;
    const calls = segs.map(([s, e]) => source.take(s * 1000 - 300, e * 1000 + 200).expectedCall);
    expect(calls).toEqual([null, null, null, { name: 'set_reminder', arguments: { what: 'dentist' } }]);
    expect(source.take(segs[0]![0] * 1000 - 300, segs[0]![1] * 1000 + 200).words).toEqual([]);
  });
});
