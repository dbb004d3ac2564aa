import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import type { AudioFormat } from '../../src/config/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSileroVad } from '../../src/emulator/vad/silero.js';
import { webrtcVad } from '../../src/emulator/vad/webrtc.js';
import { appendAudio, connectClient, typesOf } from '../helpers/emulator-client.js';
import { chunkBytes, corpusAudio, FAST_PROFILES } from '../helpers/emulator-sessions.js';

/**
 * Closed loop on the bundled synthetic corpus: the emulator's VAD on the audio a client sends,
 * read back from speech_started / speech_stopped as a harness would (REALTIME.md §8:
 * onset = audio_start_ms + prefix_padding_ms, end of speech = audio_end_ms − silence_duration_ms).
 */

interface Item {
  readonly id: string;
  readonly audio: string;
  readonly speech_segments: [number, number][];
  readonly expected_turns_by_silence_ms?: Record<string, number>;
}

const ITEMS = new Map(
  readFileSync(join(BUNDLED_CORPUS, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Item)
    .map((i) => [i.id, i]),
);
const item = (id: string): Item => {
  const found = ITEMS.get(id);
  if (!found) throw new Error(`no corpus item ${id}`);
  return found;
};

const FORMATS: { format: AudioFormat; rateHz: number }[] = [
  { format: 'pcm16', rateHz: 24000 },
  { format: 'pcm16', rateHz: 16000 },
  { format: 'g711_ulaw', rateHz: 8000 },
];
/** One silence_duration_ms inside each range of `expected_turns_by_silence_ms`. */
const SILENCES: Record<string, number> = { '<300': 200, '300-599': 450, '600-1199': 900, '>=1200': 1500 };
const PREFIX_MS = 300;

interface Turns {
  readonly onsetsMs: number[];
  readonly endsMs: number[];
}

async function detect(emulator: RunningEmulator, id: string, spec: { format: AudioFormat; rateHz: number }, silenceMs: number, threshold = 0.5): Promise<Turns> {
  const c = await connectClient(`${emulator.url}?intent=transcription`);
  const format = spec.format === 'pcm16' ? { type: 'audio/pcm', rate: spec.rateHz } : { type: 'audio/pcmu' };
  c.send({ type: 'session.update', session: { type: 'transcription', audio: { input: { format, turn_detection: { type: 'server_vad', threshold, prefix_padding_ms: PREFIX_MS, silence_duration_ms: silenceMs } } } } });
  const audio = await corpusAudio(item(id).audio, spec, silenceMs + 1000);
  await c.waitFor((e) => typesOf(e).includes('session.updated'));
  appendAudio(c, audio, chunkBytes(spec));
  // Events are handled in order: `cleared` means every append before it has been analysed.
  c.send({ type: 'input_audio_buffer.clear' });
  await c.waitFor((e) => typesOf(e).includes('input_audio_buffer.cleared'));
  c.close();
  const values = (type: string, key: string): number[] => c.events.filter((e) => e.type === type).map((e) => Number(e[key]));
  return {
    onsetsMs: values('input_audio_buffer.speech_started', 'audio_start_ms').map((ms) => ms + PREFIX_MS),
    endsMs: values('input_audio_buffer.speech_stopped', 'audio_end_ms').map((ms) => ms - silenceMs),
  };
}

/** Errors (ms) of each detected turn against the true segment it belongs to, in order. */
function errors(turns: Turns, id: string): { onsets: number[]; ends: number[] } {
  const truth = item(id).speech_segments.map(([s, e]) => [s * 1000, e * 1000] as const);
  expect(turns.onsetsMs.length, id).toBe(truth.length);
  return { onsets: turns.onsetsMs.map((ms, i) => ms - (truth[i]?.[0] ?? NaN)), ends: turns.endsMs.map((ms, i) => ms - (truth[i]?.[1] ?? NaN)) };
}

/** The frame (of `frameMs`) that holds `ms`; an end boundary belongs to the frame before it. */
const frameOf = (ms: number, frameMs: number): number => Math.floor(ms / frameMs);
const lastFrameBefore = (ms: number, frameMs: number): number => Math.ceil(ms / frameMs) - 1;

describe('Silero v5 (the default engine) on the synthetic corpus', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ vad: await loadSileroVad(), profiles: FAST_PROFILES });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('finds as many turns as expected_turns_by_silence_ms says, for every silence range and input format', async () => {
    const results: string[] = [];
    for (const spec of FORMATS) {
      for (const id of ['syn_gaps_300_600_1200ms_16k', 'syn_gaps_pinknoise_snr10_24k']) {
        for (const [range, expected] of Object.entries(item(id).expected_turns_by_silence_ms ?? {})) {
          const silence = SILENCES[range] ?? NaN;
          const got = (await detect(emulator, id, spec, silence)).endsMs.length;
          results.push(`${id} ${spec.format}@${spec.rateHz} silence ${silence}: ${got === expected ? 'ok' : `${got} turns, expected ${expected}`}`);
        }
      }
    }
    // The one known miss: at 8 kHz with pink noise at 10 dB SNR the model bridges the 300 ms gap.
    const knownMiss = 'syn_gaps_pinknoise_snr10_24k g711_ulaw@8000 silence 200: 3 turns, expected 4';
    expect(results.filter((r) => !r.endsWith(': ok') && r !== knownMiss)).toEqual([]);
  });

  it('puts every onset and end of speech within one VAD frame (32 ms) of the exact segments, on clean speech', async () => {
    for (const spec of FORMATS) {
      const id = 'syn_gaps_300_600_1200ms_16k';
      const turns = await detect(emulator, id, spec, 200);
      const truth = item(id).speech_segments.map(([s, e]) => [s * 1000, e * 1000] as const);
      const onsetFrames = turns.onsetsMs.map((ms, i) => frameOf(ms, 32) - frameOf(truth[i]?.[0] ?? NaN, 32));
      const endFrames = turns.endsMs.map((ms, i) => lastFrameBefore(ms, 32) - frameOf(truth[i]?.[1] ?? NaN, 32));
      expect(onsetFrames.every((d) => Math.abs(d) <= 1), `${spec.format}@${spec.rateHz} onset frames ${onsetFrames.join(',')}`).toBe(true);
      expect(endFrames.every((d) => Math.abs(d) <= 1), `${spec.format}@${spec.rateHz} end frames ${endFrames.join(',')}`).toBe(true);
      const e = errors(turns, id);
      expect(Math.max(...e.onsets.map(Math.abs), ...e.ends.map(Math.abs))).toBeLessThanOrEqual(40);
    }
  });

  it('stays within three frames (96 ms) on noisy speech and on short isolated words', async () => {
    for (const spec of FORMATS) {
      for (const id of ['syn_gaps_pinknoise_snr10_24k', 'syn_short_words_44k_stereo']) {
        if (id === 'syn_gaps_pinknoise_snr10_24k' && spec.rateHz === 8000) continue; // the known miss above
        const e = errors(await detect(emulator, id, spec, 200), id);
        expect(Math.max(...e.onsets.map(Math.abs), ...e.ends.map(Math.abs)), `${id} ${spec.format}@${spec.rateHz}`).toBeLessThanOrEqual(96);
      }
    }
  });

  it('never reports speech on silence followed by pink noise, at the default threshold', async () => {
    for (const spec of FORMATS) {
      for (const silence of [200, 500]) expect((await detect(emulator, 'syn_no_speech_silence_then_noise_16k', spec, silence)).onsetsMs, `${spec.format}@${spec.rateHz}`).toEqual([]);
    }
  });

  it('treats threshold as a speech probability: a higher one needs clearer speech', async () => {
    const spec = FORMATS[0] ?? { format: 'pcm16', rateHz: 24000 };
    const at = async (threshold: number): Promise<number> => (await detect(emulator, 'syn_gaps_pinknoise_snr10_24k', spec, 200, threshold)).endsMs.length;
    expect(await at(0.5)).toBe(4);
    expect(await at(0.999999)).toBeLessThan(4);
  });
});

describe('the WebRTC VAD (--vad-engine webrtc) on clean speech', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ vad: webrtcVad, profiles: FAST_PROFILES });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('finds the expected turns and onsets within one 20 ms frame; its ends run up to 130 ms late (hangover)', async () => {
    const id = 'syn_gaps_300_600_1200ms_16k';
    for (const spec of FORMATS) {
      for (const [range, expected] of Object.entries(item(id).expected_turns_by_silence_ms ?? {})) {
        expect((await detect(emulator, id, spec, SILENCES[range] ?? NaN)).endsMs.length, `${spec.format}@${spec.rateHz} ${range}`).toBe(expected);
      }
      const e = errors(await detect(emulator, id, spec, 200), id);
      expect(Math.max(...e.onsets.map(Math.abs)), `${spec.format}@${spec.rateHz}`).toBeLessThanOrEqual(20);
      expect(Math.max(...e.ends.map(Math.abs)), `${spec.format}@${spec.rateHz}`).toBeLessThanOrEqual(130);
    }
  });
});
