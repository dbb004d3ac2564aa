import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../cli/version.js';
import { decodeToBuffer } from '../pipeline/decode.js';
import { toLinear } from './g711.js';
import { createTurnDetector, type TurnBoundary } from './turn-detector.js';
import { webrtcVad } from './vad/webrtc.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const ones = (n: number): number[] => new Array<number>(n).fill(1);
const frames = (probabilities: number[]) => probabilities.map((probability, i) => ({ startMs: i * 20, endMs: (i + 1) * 20, probability }));

function detect(probabilities: number[], silenceDurationMs: number): TurnBoundary[] {
  const detector = createTurnDetector({ threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs, minSpeechMs: 40 });
  return frames(probabilities).flatMap((f) => detector.onFrame(f));
}

describe('createTurnDetector', () => {
  it('reports the onset minus prefix padding, floored at 0, and the stop after the silence', () => {
    const p = [...zeros(20), ...ones(25), ...zeros(30)];
    expect(detect(p, 200)).toEqual([
      { type: 'started', onsetMs: 400, audioStartMs: 100 },
      { type: 'stopped', speechEndMs: 900, audioEndMs: 1100 },
    ]);
    expect(detect([1, 1, 1, 0], 200)[0]).toEqual({ type: 'started', onsetMs: 0, audioStartMs: 0 });
  });

  it('keeps one turn across a pause shorter than silence_duration_ms', () => {
    const p = [...ones(10), ...zeros(9), ...ones(10), ...zeros(40)];
    expect(detect(p, 200).map((b) => b.type)).toEqual(['started', 'stopped']);
    expect(detect(p, 160).map((b) => b.type)).toEqual(['started', 'stopped', 'started', 'stopped']);
  });

  it('ignores a blip shorter than the minimum speech', () => {
    expect(detect([0, 1, 0, 0, 0, 0], 100)).toEqual([]);
  });
});

describe('the WebRTC VAD on real audio', () => {
  it('finds the turns of the synthetic file as silence_duration_ms decides', async () => {
    const pcm = await decodeToBuffer(join(BUNDLED_CORPUS, 'synthetic/syn_gaps_300_600_1200ms_16k.wav'), { format: 'pcm16', rateHz: 24000 });
    const samples = toLinear(Buffer.concat([pcm, Buffer.alloc(48000 * 2)]), 'pcm16');
    const turnsFor = async (silenceDurationMs: number): Promise<number> => {
      const stream = await webrtcVad.createStream(24000);
      const detector = createTurnDetector({ threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs });
      let stops = 0;
      for (let i = 0; i < samples.length; i += 960) {
        for (const frame of await stream.push(samples.subarray(i, i + 960))) stops += detector.onFrame(frame).filter((b) => b.type === 'stopped').length;
      }
      await stream.close();
      return stops;
    };
    expect(await turnsFor(200)).toBe(4);
    expect(await turnsFor(450)).toBe(3);
    expect(await turnsFor(900)).toBe(2);
    expect(await turnsFor(1500)).toBe(1);
  });
});
