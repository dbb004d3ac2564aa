import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

/** Both protocol generations × both session kinds, and the other encodings, against the emulator. */

function rows(runDir: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(runDir, 'items.csv'), 'utf8'), { columns: true });
}

/** Every client event in the run's cassettes, audio payloads put back as base64 of the recorded size. */
function sentEvents(runDir: string): { protocol: 'ga' | 'beta'; event: Record<string, unknown> }[] {
  const sessions = join(runDir, 'sessions');
  return readdirSync(sessions).flatMap((config) =>
    readdirSync(join(sessions, config)).flatMap((file) => {
      const record = parseCassette(readFileSync(join(sessions, config, file), 'utf8'), file);
      return record.events.filter((f) => f.dir === 'out').map((f) => {
        const audio = f.event.audio as { bytes?: number } | undefined;
        const event = typeof audio?.bytes === 'number' ? { ...f.event, audio: Buffer.alloc(audio.bytes).toString('base64') } : f.event;
        return { protocol: record.meta.protocol, event };
      });
    }),
  );
}

describe('rtbench run --protocol ga,beta --session realtime,transcription on the emulator', () => {
  let result: CliRun;
  const out = tempDir();
  beforeAll(async () => {
    result = await runCli(['run', '--protocol', 'ga,beta', '--session', 'realtime,transcription', '--speed', 'max', '--items', 'syn_gaps_300_600_1200ms_16k', '--out', out, '--run-id', 'modes']);
  }, 60_000);

  it('completes every mode with transcripts and turns', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const items = rows(join(out, 'modes'));
    expect(items.map((i) => `${i.protocol} ${i.session}`).sort()).toEqual(['beta realtime', 'beta transcription', 'ga realtime', 'ga transcription']);
    for (const item of items) {
      expect(item.status, `${item.protocol} ${item.session}: ${item.error}`).toBe('ok');
      expect(item.hypothesis).not.toBe('');
      expect(Number(item.turns_detected)).toBeGreaterThanOrEqual(1);
      expect(Number(item.stopped_to_transcript_ms)).toBeGreaterThan(0);
      if (item.session === 'realtime') expect(Number(item.stopped_to_first_audio_ms)).toBeGreaterThan(0);
      else expect(item.stopped_to_first_audio_ms).toBe('');
    }
  });

  it('sent only events that validate against the schema of their protocol', () => {
    const sent = sentEvents(join(out, 'modes'));
    expect(new Set(sent.map((s) => s.event.type))).toEqual(new Set(['session.update', 'transcription_session.update', 'input_audio_buffer.append']));
    for (const { protocol, event } of sent) expect(realtimeSchema(protocol).validateClient(event), `${protocol} ${String(event.type)}`).toEqual([]);
  });
});

describe('other encodings on the emulator', () => {
  it('streams G.711 μ-law at 8 kHz in both generations', async () => {
    const out = tempDir();
    const r = await runCli(['run', '--format', 'g711_ulaw', '--protocol', 'ga,beta', '--session', 'transcription', '--speed', 'max', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'ulaw']);
    expect(r.code).toBe(0);
    const items = rows(join(out, 'ulaw'));
    expect(items.map((i) => [i.rate_hz, i.format, i.status])).toEqual([['8000', 'g711_ulaw', 'ok'], ['8000', 'g711_ulaw', 'ok']]);
    const appends = sentEvents(join(out, 'ulaw')).filter((s) => s.event.type === 'input_audio_buffer.append');
    expect(Buffer.from(appends[0]?.event.audio as string, 'base64').length).toBe(320);
  });

  it('streams 16 kHz PCM in GA to a non-OpenAI target', async () => {
    const out = tempDir();
    const r = await runCli(['run', '--rate', '16000', '--session', 'transcription', '--speed', 'max', '--items', 'arctic_axb_a0005', '--out', out, '--run-id', 'pcm16k']);
    expect(r.code).toBe(0);
    expect(rows(join(out, 'pcm16k')).map((i) => [i.rate_hz, i.status, i.hypothesis !== ''])).toEqual([['16000', 'ok', true]]);
  });
});

describe('combinations refused before anything runs', () => {
  it.each([
    [['--protocol', 'beta', '--rate', '16000'], '--rate 16000 cannot be used with --protocol beta: beta `pcm16` has no rate field'],
    [['--target', 'openai', '--rate', '16000'], '--rate 16000 cannot be used with --target openai: the live API takes 24 kHz PCM only'],
    [['--protocol', 'beta', '--include-logprobs'], '--include-logprobs cannot be used with --protocol beta --session realtime'],
    [['--auth', 'ephemeral', '--protocol', 'beta'], '--auth ephemeral cannot be used with --protocol beta'],
    [['--auth', 'token'], '--auth token: must be one of key, ephemeral'],
  ])('%j', async (args, message) => {
    const r = await runCli(['run', ...args, '--out', tempDir()], { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
