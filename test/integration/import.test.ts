import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordOneSession, runCli, tempDir } from '../helpers/cli.js';

interface Frame { t_ms: number; dir: string; event: Record<string, unknown> }

function readFrames(path: string): Frame[] {
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as Frame);
}

function items(csv: string): Record<string, string>[] {
  return parse<Record<string, string>>(csv, { columns: true });
}

describe('rtbench import', () => {
  let dir: string;
  let recorded: Frame[];
  const reference = 'Please turn on the kitchen lights. What is the weather like in Boston today? Set a timer for ten minutes. Remind me to call the dentist tomorrow morning.';

  beforeAll(async () => {
    dir = tempDir();
    recorded = readFrames(await recordOneSession(dir, 'syn_gaps_300_600_1200ms_16k'));
  }, 60_000);

  it('scores a timestamped log of server events and says what it could not recover', async () => {
    const start = Date.parse('2026-11-01T10:00:00Z');
    const log = recorded.filter((f) => f.dir === 'in').map((f) => JSON.stringify({ timestamp: new Date(start + f.t_ms).toISOString(), event: f.event }));
    writeFileSync(join(dir, 'capture.jsonl'), `${log.join('\n')}\n`);
    const imported = await runCli(['import', join(dir, 'capture.jsonl'), '--reference', reference, '--segments', '[[0.5,2.0],[2.3,4.3],[4.9,6.8],[8.0,10.2]]'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('could not recover: the audio sent and its send times');
    const replay = await runCli(['replay', join(dir, 'capture.cassette.jsonl'), '--out', dir, '--run-id', 'imported']);
    expect(replay.code, replay.stderr).toBe(0);
    const [row] = items(readFileSync(join(dir, 'imported', 'items.csv'), 'utf8'));
    const [orig] = items(readFileSync(join(dir, 'orig', 'items.csv'), 'utf8'));
    expect(row?.hypothesis).toBe(orig?.hypothesis);
    expect(row?.wer).toBe(orig?.wer);
    expect(row?.turns_detected).toBe(orig?.turns_detected);
    expect(row?.stopped_to_transcript_ms).not.toBe('');
    expect(Math.abs(Number(row?.stopped_to_transcript_ms) - Number(orig?.stopped_to_transcript_ms))).toBeLessThan(1);
    expect(row?.speech_end_to_stopped_ms).toBe('');
  });

  it('leaves every latency blank, not zero, when the log has no timestamps', async () => {
    writeFileSync(join(dir, 'bare.jsonl'), recorded.filter((f) => f.dir === 'in').map((f) => JSON.stringify(f.event)).join('\n'));
    const imported = await runCli(['import', join(dir, 'bare.jsonl'), '--out', join(dir, 'bare.cassette.jsonl')]);
    expect(imported.stdout).toContain('could not recover: receipt times');
    expect(imported.stdout).toContain('could not recover: the reference transcript');
    await runCli(['replay', join(dir, 'bare.cassette.jsonl'), '--out', dir, '--run-id', 'bare']);
    const [row] = items(readFileSync(join(dir, 'bare', 'items.csv'), 'utf8'));
    expect(row?.turns_detected).not.toBe('0');
    for (const column of ['stopped_to_transcript_ms', 'stopped_to_first_audio_ms', 'connect_ms', 'wer']) expect(row?.[column], column).toBe('');
  });

  it('recognises beta event names', async () => {
    const beta = [
      { type: 'transcription_session.created', session: { object: 'realtime.transcription_session' } },
      { type: 'input_audio_buffer.speech_started', item_id: 'item_1', audio_start_ms: 0 },
      { type: 'input_audio_buffer.speech_stopped', item_id: 'item_1', audio_end_ms: 900 },
      { type: 'input_audio_buffer.committed', item_id: 'item_1', previous_item_id: null },
      { type: 'conversation.item.created', item: { id: 'item_1', role: 'user' } },
      { type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_1', transcript: 'hello' },
    ];
    writeFileSync(join(dir, 'beta.jsonl'), beta.map((e, i) => JSON.stringify({ ...e, ts: 1_700_000_000 + i / 10 })).join('\n'));
    await runCli(['import', join(dir, 'beta.jsonl'), '--reference', 'hello', '--out', join(dir, 'beta.cassette.jsonl')]);
    const header = JSON.parse(readFileSync(join(dir, 'beta.cassette.jsonl'), 'utf8').split('\n')[0] ?? '{}') as { protocol: string; config: { session: string } };
    expect(header.protocol).toBe('beta');
    expect(header.config.session).toBe('transcription');
    await runCli(['replay', join(dir, 'beta.cassette.jsonl'), '--out', dir, '--run-id', 'beta']);
    const [row] = items(readFileSync(join(dir, 'beta', 'items.csv'), 'utf8'));
    expect(row).toMatchObject({ hypothesis: 'hello', wer: '0', stopped_to_transcript_ms: '300' });
  });

  it('skips a line that is not an event with a warning naming it, and refuses a log with no event at all', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"type":"session.created"}\n{"nothing":1}\n');
    const r = await runCli(['import', join(dir, 'bad.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rtbench: warning: \S*bad\.jsonl line 2: no event: expected an object with "type".*, skipped$/m);
    expect(r.stdout).toMatch(/imported 1 event\(s\)/);
    writeFileSync(join(dir, 'none.jsonl'), 'not json\n{"nothing":1}\n');
    const none = await runCli(['import', join(dir, 'none.jsonl')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/none\.jsonl holds no realtime event that can be read: .*line 1: not valid JSON.*line 2: no event/);
    expect(none.stderr).not.toContain('internal error');
  });

  /** The recorded server events, as every other capture shape holds them; each import must score as the JSON Lines one does. */
  const shapes: [name: string, file: string, write: (frames: Frame[]) => string][] = [
    ['a JSON array of events', 'array.json', (frames) => JSON.stringify(frames.map((f) => f.event), null, 2)],
    ['pretty-printed {timestamp, event} objects one after another', 'pretty.jsonl', (frames) => frames.map((f) => JSON.stringify({ timestamp: 1_700_000_000_000 + f.t_ms, event: f.event }, null, 2)).join('\n')],
    ['{t_ms, dir, event} rows whose first row has event: null', 'rows.jsonl', (frames) => [JSON.stringify({ t_ms: 0, dir: 'in', event: null }), ...frames.map((f) => JSON.stringify(f))].join('\n')],
    ['a browser HAR export (_webSocketMessages, times in seconds)', 'capture.har', (frames) => JSON.stringify({
      log: { version: '1.2', entries: [
        { request: { url: 'https://example.com/app' }, response: {} },
        { request: { url: 'wss://api.openai.com/v1/realtime?model=gpt-realtime' }, _resourceType: 'websocket', _webSocketMessages: [
          { type: 'receive', time: 1_700_000_000, opcode: 2, data: 'AAAA' },
          ...frames.map((f) => ({ type: f.dir === 'out' ? 'send' : 'receive', time: 1_700_000_000 + f.t_ms / 1000, opcode: 1, data: JSON.stringify(f.event) })),
        ] },
      ] },
    })],
  ];

  it.each(shapes)('takes %s', async (_name, file, write) => {
    const frames = recorded.filter((f) => f.dir === 'in');
    writeFileSync(join(dir, file), write(frames));
    const out = join(dir, `${file}.cassette.jsonl`);
    const imported = await runCli(['import', join(dir, file), '--reference', reference, '--out', out]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`imported ${frames.length} event(s)`);
    const replay = await runCli(['replay', out, '--out', dir, '--run-id', `shape-${file}`]);
    expect(replay.code, replay.stderr).toBe(0);
    const [row] = items(readFileSync(join(dir, `shape-${file}`, 'items.csv'), 'utf8'));
    const [orig] = items(readFileSync(join(dir, 'orig', 'items.csv'), 'utf8'));
    expect({ status: row?.status, hypothesis: row?.hypothesis, wer: row?.wer, turns: row?.turns_detected }).toEqual({ status: 'ok', hypothesis: orig?.hypothesis, wer: orig?.wer, turns: orig?.turns_detected });
  });
});
