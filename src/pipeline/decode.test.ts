import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../cli/version.js';
import { decodeAudio, decodeToBuffer } from './decode.js';

const corpus = (file: string): string => join(BUNDLED_CORPUS, file);

describe('decodeAudio', () => {
  it('decodes a 16 kHz WAV sample-exact at 16 kHz', async () => {
    const audio = await decodeToBuffer(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 16000 });
    expect(audio.length / 2).toBe(176000);
  });

  it('resamples a WAV to 24 kHz with the exact sample count', async () => {
    const audio = await decodeToBuffer(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 24000 });
    expect(audio.length / 2).toBe(264000);
  });

  it('decodes a 44.1 kHz WAV with the exact length', async () => {
    // one_two_three_44k.wav: 121,052 samples at 44.1 kHz
    const audio = await decodeToBuffer(corpus('one_two_three_44k.wav'), { format: 'pcm16', rateHz: 24000 });
    expect(Math.abs(audio.length / 2 - Math.round((121052 * 24000) / 44100))).toBeLessThanOrEqual(1);
  });

  it('decodes an MP3 within 20 ms of its length', async () => {
    const audio = await decodeToBuffer(corpus('lj001-0002_22k.mp3'), { format: 'pcm16', rateHz: 24000 });
    expect(Math.abs((audio.length / 2 / 24000) * 1000 - 1899.5)).toBeLessThan(20);
  });

  it('decodes a stereo MP3 to mono within 20 ms of its length', async () => {
    const audio = await decodeToBuffer(corpus('synthetic/syn_short_words_44k_stereo.mp3'), { format: 'pcm16', rateHz: 16000 });
    expect(Math.abs((audio.length / 2 / 16000) * 1000 - 7256.8)).toBeLessThan(20);
  });

  it('decodes to G.711 μ-law at 8 kHz, one byte per sample', async () => {
    const audio = await decodeToBuffer(corpus('jfk_16k.wav'), { format: 'g711_ulaw', rateHz: 8000 });
    expect(audio.length).toBe(88000);
  });

  it('streams the output in several buffers rather than one', async () => {
    let parts = 0;
    for await (const part of decodeAudio(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 24000 })) {
      expect(part.length).toBeGreaterThan(0);
      parts++;
    }
    expect(parts).toBeGreaterThan(1);
  });

  it('names the file when it is not audio', async () => {
    await expect(decodeToBuffer(corpus('SOURCES.md'), { format: 'pcm16', rateHz: 24000 })).rejects.toThrow(/cannot decode .*SOURCES\.md/);
  });

  it('names the file when it does not exist', async () => {
    await expect(decodeToBuffer(corpus('missing.wav'), { format: 'pcm16', rateHz: 24000 })).rejects.toThrow(/missing\.wav/);
  });

  it('delivers every sample, in order, to a reader that pauses while ffmpeg waits', async () => {
    const decoded = decodeAudio(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 24000 });
    const first = await decoded.next();
    expect(first.done).toBe(false);
    // ffmpeg has long finished decoding 11 s of audio; the rest must still come, in order, complete.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const parts = first.done === true ? [] : [first.value];
    for await (const part of { [Symbol.asyncIterator]: () => decoded }) parts.push(part);
    const all = Buffer.concat(parts);
    expect(all.length / 2).toBe(264000);
    expect(all.equals(await decodeToBuffer(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 24000 }))).toBe(true);
  });

  it('decodes the same bytes in this process as in the decode host, and names a bad file the same way', async () => {
    const spec = { format: 'pcm16', rateHz: 24000 } as const;
    const parts: Buffer[] = [];
    for await (const part of decodeAudio(corpus('lj001-0002_22k.mp3'), spec, undefined, { useHost: false })) parts.push(part);
    expect(Buffer.concat(parts).equals(await decodeToBuffer(corpus('lj001-0002_22k.mp3'), spec))).toBe(true);
    const bad = async (): Promise<void> => {
      for await (const part of decodeAudio(corpus('SOURCES.md'), spec, undefined, { useHost: false })) expect(part.length).toBeGreaterThan(0);
    };
    await expect(bad()).rejects.toThrow(/cannot decode .*SOURCES\.md/);
  });

  it('stops ffmpeg when aborted, and says it was interrupted rather than that the file is bad', async () => {
    const controller = new AbortController();
    const decoded = decodeAudio(corpus('jfk_16k.wav'), { format: 'pcm16', rateHz: 24000 }, controller.signal);
    expect((await decoded.next()).done).toBe(false);
    controller.abort(new Error('interrupted'));
    await expect((async () => {
      for await (const part of { [Symbol.asyncIterator]: () => decoded }) expect(part.length).toBeGreaterThan(0);
    })()).rejects.toThrow(/^interrupted$/);
  });

  it('ends an aborted decode whichever turn of the event loop the abort lands in, while the host and ffmpeg start', async () => {
    const path = corpus('arctic_axb_a0005_16k.wav');
    const afterTurns = (turns: number, fn: () => void): void => {
      if (turns === 0) fn();
      else setImmediate(() => afterTurns(turns - 1, fn));
    };
    const whole = (await decodeToBuffer(path, { format: 'pcm16', rateHz: 24000 })).length;
    for (let turns = 0; turns <= 40; turns++) {
      const controller = new AbortController();
      const decoded = decodeToBuffer(path, { format: 'pcm16', rateHz: 24000 }, controller.signal);
      afterTurns(turns, () => controller.abort(new Error(`interrupted after ${turns} turn(s)`)));
      // Settles either way: interrupted (never "cannot decode"), or whole when the abort came after the end.
      const outcome = await decoded.then((buffer) => buffer.length, (error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (turns < 4) expect(outcome, `abort after ${turns} turn(s)`).toBe(`interrupted after ${turns} turn(s)`);
      else expect([whole, `interrupted after ${turns} turn(s)`], `abort after ${turns} turn(s)`).toContain(outcome);
    }
  }, 120_000);
});
