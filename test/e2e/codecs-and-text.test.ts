import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** One run compares codecs on the same corpus, and text replies against audio ones. */

const ITEMS = 'arctic_axb_a0005,lj001_0002';

function rows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
}

describe('--format pcm16,g711_ulaw,g711_alaw', () => {
  it('runs every codec over the same items and says what each sent', async () => {
    const out = tempDir();
    const { code, stderr } = await runCli(['run', '--speed', 'max', '--items', ITEMS, '--format', 'pcm16,g711_ulaw,g711_alaw', '--out', out, '--run-id', 'codecs']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = rows(join(out, 'codecs', 'summary.csv'));
    expect(summary.map((s) => [s.format, s.rate_hz, s.items_ok])).toEqual([['g711_alaw', '8000', '2'], ['pcm16', '24000', '2'], ['g711_ulaw', '8000', '2']]);
    const items = rows(join(out, 'codecs', 'items.csv'));
    const bytes = (format: string) => items.filter((i) => i.format === format).map((i) => [i.item_id, Number(i.audio_bytes_sent), Number(i.audio_ms)]);
    // The same audio (tail included) at 8 kHz, one byte a sample, against 24 kHz at two: a sixth.
    for (const [pcm, ulaw] of bytes('pcm16').map((p, k) => [p, bytes('g711_ulaw')[k]] as const)) {
      expect(ulaw?.[0]).toBe(pcm[0]);
      expect(ulaw?.[2]).toBeCloseTo(Number(pcm[2]), -1);
      expect(Number(pcm[1]) / Number(ulaw?.[1])).toBeCloseTo(6, 1);
      expect(Number(ulaw?.[1])).toBe(Math.round(Number(ulaw?.[2]) * 8));
    }
    const total = (format: string) => Number(summary.find((s) => s.format === format)?.audio_bytes_sent);
    expect(total('g711_alaw')).toBe(total('g711_ulaw'));
    expect(total('pcm16')).toBeGreaterThan(5 * total('g711_ulaw'));
    // Every codec is scored on WER, turns and latency alike.
    for (const s of summary) {
      expect(s.wer).not.toBe('');
      expect(s.turns_detected).not.toBe('');
      expect(Number(s.speech_end_to_first_audio_ms_n)).toBeGreaterThan(0);
    }
    // A G.711 session sends and hears G.711: its replies come in the same law.
    const ulawConfig = summary.find((s) => s.format === 'g711_ulaw')?.config_id ?? '';
    const cassette = parseCassette(readFileSync(join(out, 'codecs', 'sessions', ulawConfig, readdirSync(join(out, 'codecs', 'sessions', ulawConfig))[0] ?? ''), 'utf8'), 'c');
    const update = cassette.events.find((f) => f.dir === 'out' && f.event.type === 'session.update')?.event.session as { audio: Record<string, { format: unknown }> };
    expect(update.audio.input?.format).toEqual({ type: 'audio/pcmu' });
    expect(update.audio.output?.format).toEqual({ type: 'audio/pcmu' });
  });
});

describe('--output-modalities audio,text', () => {
  it('gives text-only configs with first_text_ms, response_done latencies and the reply text per turn', async () => {
    const out = tempDir();
    const { code, stderr } = await runCli(['run', '--speed', 'max', '--items', ITEMS, '--output-modalities', 'audio,text', '--out', out, '--run-id', 'text']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = rows(join(out, 'text', 'summary.csv'));
    expect(summary.map((s) => [s.config_id, s.output_modalities])).toEqual([
      ['gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k', 'audio'],
      ['gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k.text', 'text'],
    ]);
    const text = summary.find((s) => s.output_modalities === 'text');
    const audio = summary.find((s) => s.output_modalities === 'audio');
    expect(text).toMatchObject({ first_text_ms_n: '2', stopped_to_first_audio_ms_n: '0', audio_bytes_received: '0', stopped_to_response_done_ms_n: '2' });
    expect(audio).toMatchObject({ first_text_ms_n: '0', stopped_to_response_done_ms_n: '2' });
    expect(Number(audio?.audio_bytes_received)).toBeGreaterThan(0);
    const turns = rows(join(out, 'text', 'turns.csv')).filter((t) => t.config_id === text?.config_id);
    for (const t of turns) {
      expect(Number(t.first_text_ms)).toBeGreaterThan(0);
      expect(Number(t.stopped_to_response_done_ms)).toBeGreaterThanOrEqual(Number(t.first_text_ms));
      expect(t.reply_text).toMatch(/\w/);
    }
  });
});
