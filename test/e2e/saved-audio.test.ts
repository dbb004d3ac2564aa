import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import wavefile from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';

/** `--save-audio`: each turn's response audio and the audio sent, as WAV files the report plays. */

const ITEM = 'arctic_axb_a0005';

function rows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
}

/** A WAV file's rate and samples, read back with wavefile. */
function decode(file: string): { rateHz: number; bits: string; channels: number; samples: Int16Array } {
  const wav = new wavefile.WaveFile(readFileSync(file));
  const fmt = wav.fmt as { sampleRate: number; numChannels: number };
  return { rateHz: fmt.sampleRate, bits: wav.bitDepth, channels: fmt.numChannels, samples: wav.getSamples(false, Int16Array) as unknown as Int16Array };
}

function peak(samples: Int16Array): number {
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  return max;
}

describe('--save-audio responses,sent', () => {
  let out: string;
  let run: CliRun;
  let browser: Browser;
  const runDir = (): string => join(out, 'saved');

  beforeAll(async () => {
    out = tempDir();
    run = await runCli(['run', '--speed', 'max', '--items', ITEM, '--format', 'pcm16,g711_ulaw', '--save-audio', 'responses,sent', '--out', out, '--run-id', 'saved']);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
  });

  it('writes each turn\'s response audio as a WAV that decodes to what the server sent, PCM16 at the output rate', () => {
    expect(run.code, run.stderr).toBe(0);
    const items = rows(join(runDir(), 'items.csv'));
    const turns = rows(join(runDir(), 'turns.csv'));
    expect(items).toHaveLength(2);
    for (const item of items) {
      const turn = turns.find((t) => t.config_id === item.config_id && t.audio_file !== '');
      expect(turn?.audio_file).toBe(join('sessions', item.config_id ?? '', `${ITEM}.1.turn${turn?.turn_index ?? ''}.wav`));
      const wav = decode(join(runDir(), turn?.audio_file ?? ''));
      const ulaw = item.format === 'g711_ulaw';
      // G.711 replies (the session's format) are decoded to PCM16 at 8 kHz; PCM replies are 24 kHz.
      expect({ rateHz: wav.rateHz, bits: wav.bits, channels: wav.channels }).toEqual({ rateHz: ulaw ? 8000 : 24000, bits: '16', channels: 1 });
      // One response, all of it saved: its samples are the bytes received (one per μ-law sample, two per PCM16 one).
      expect(wav.samples.length * (ulaw ? 1 : 2)).toBe(Number(item.audio_bytes_received));
      expect(peak(wav.samples)).toBeGreaterThan(1000);
    }
  });

  it('writes the audio sent, tail silence included, in the session\'s encoding decoded to PCM16', () => {
    for (const item of rows(join(runDir(), 'items.csv'))) {
      expect(item.sent_audio_file).toBe(join('sessions', item.config_id ?? '', `${ITEM}.1.sent.wav`));
      const wav = decode(join(runDir(), item.sent_audio_file ?? ''));
      expect(wav.rateHz).toBe(Number(item.rate_hz));
      expect((wav.samples.length / wav.rateHz) * 1000).toBeCloseTo(Number(item.audio_ms), 0);
      expect(wav.samples.length * (item.format === 'pcm16' ? 2 : 1)).toBe(Number(item.audio_bytes_sent));
      expect(peak(wav.samples)).toBeGreaterThan(5000);
    }
  });

  it('links and plays the files from the report\'s session view', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(pathToFileURL(join(runDir(), 'report.html')).href);
    await page.waitForSelector('html[data-charts-ready]');
    // Nothing is fetched before a player is asked to play.
    expect(requests).toEqual([pathToFileURL(join(runDir(), 'report.html')).href]);
    const players = await page.$$eval('#replies audio, #sent-audio audio', (els) => els.map((el) => (el as unknown as { getAttribute(n: string): string | null }).getAttribute('src')));
    expect(players).toHaveLength(2);
    const played = await page.$$eval('#replies audio, #sent-audio audio', (els) =>
      Promise.all(
        els.map(
          (el) =>
            new Promise<{ duration: number; played: number }>((resolve, reject) => {
              const audio = el as unknown as { muted: boolean; duration: number; currentTime: number; play(): Promise<void>; addEventListener(e: string, f: () => void): void; error: { message: string } | null };
              audio.muted = true;
              audio.addEventListener('ended', () => {
                resolve({ duration: audio.duration, played: audio.currentTime });
              });
              audio.addEventListener('error', () => {
                reject(new Error(audio.error?.message ?? 'audio error'));
              });
              audio.play().catch(reject);
            }),
        ),
      ),
    );
    expect(problems).toEqual([]);
    for (const p of played) {
      expect(p.duration).toBeGreaterThan(0.3);
      expect(p.played).toBeCloseTo(p.duration, 1);
    }
    const fetched = requests.slice(1).map((u) => decodeURIComponent(u));
    expect(fetched.every((u) => u.startsWith(pathToFileURL(join(runDir(), 'sessions')).href) && u.endsWith('.wav'))).toBe(true);
    await page.close();
  });
});
