import { describe, expect, it } from 'vitest';
import { readCapture } from './import-rows.js';
import { captureValues } from './import-values.js';

const types = (text: string): string[] => readCapture(text, 'c.log').lines.map((l) => String(l.event.type));

describe('captureValues', () => {
  it('reads pretty-printed objects one after another, braces and quotes inside strings included', () => {
    const text = `{\n  "type": "a",\n  "text": "} { \\" ]"\n}\n\n{\n  "type": "b"\n}\n`;
    expect(captureValues(text)).toEqual([{ at: 'line 1', value: { type: 'a', text: '} { " ]' } }, { at: 'line 6', value: { type: 'b' } }]);
  });

  it('keeps the rest of a JSON Lines file when one line is cut short, and names the line', () => {
    const values = captureValues('{"type":"a"}\n{"type":"b", "x": \n{"type":"c"}\n');
    expect(values.filter((v) => 'value' in v)).toHaveLength(2);
    expect(values[1]).toMatchObject({ at: 'line 2', error: expect.stringMatching(/^not valid JSON/) as string });
  });

  it('names a pretty-printed object that is never closed, after reading the ones before it', () => {
    const values = captureValues('{\n "type": "a"\n}\n{\n "type": "b",\n');
    expect(values).toEqual([{ at: 'line 1', value: { type: 'a' } }, { at: 'line 4', error: 'a JSON value that is never closed (the file is cut short?)' }]);
  });
});

describe('readCapture', () => {
  it('takes bare events, wrapped events (objects or JSON text) and rtbench rows, and skips the rest with a warning each', () => {
    const text = [
      '{"type":"session.created"}',
      '{"timestamp":"2026-01-01T00:00:00.100Z","event":{"type":"input_audio_buffer.speech_started"}}',
      '{"direction":"received","data":"{\\"type\\":\\"input_audio_buffer.committed\\"}"}',
      '{"t_ms":5,"dir":"out","event":{"type":"input_audio_buffer.append"}}',
      '{"t_ms":6,"dir":"ws","event":{"type":"open"}}',
      '{"t_ms":7,"dir":"in","event":null}',
      '42',
      '{"nothing":1}',
    ].join('\n');
    const read = readCapture(text, 'c.log');
    expect(read.lines.map((l) => [l.event.type, l.dir])).toEqual([['session.created', 'in'], ['input_audio_buffer.speech_started', 'in'], ['input_audio_buffer.committed', 'in'], ['input_audio_buffer.append', 'out']]);
    expect(read.warnings).toEqual([
      'c.log line 6: no event (event is null), skipped',
      'c.log line 7: not a JSON object, skipped',
      'c.log line 8: no event: expected an object with "type", or one under event/data/message/payload, skipped',
      'c.log: 1 socket frame(s) (dir "ws") left out: the cassette gets its own; to score an rtbench cassette, replay it',
    ]);
  });

  it('opens a JSON array, naming the items it skips', () => {
    const read = readCapture('[{"type":"a"}, 5, {"event":{"type":"b"}}]', 'c.json');
    expect(read.lines.map((l) => l.event.type)).toEqual(['a', 'b']);
    expect(read.warnings).toEqual(['c.json item 2 of the JSON array: not a JSON object, skipped']);
  });

  it('reads a HAR: the first WebSocket with realtime events, send/receive as out/in, times in seconds; other sockets and binary frames are named', () => {
    const socket = (url: string, messages: object[]): object => ({ request: { url }, _webSocketMessages: messages });
    const har = { log: { entries: [
      { request: { url: 'https://x.test/' } },
      socket('wss://x.test/other', [{ type: 'receive', time: 1, opcode: 1, data: 'hello' }]),
      socket('wss://api.test/v1/realtime', [{ type: 'send', time: 1_700_000_000.25, opcode: 1, data: '{"type":"session.update"}' }, { type: 'receive', time: 1_700_000_000.5, opcode: 2, data: 'AA==' }, { type: 'receive', time: 1_700_000_001, opcode: 1, data: '{"type":"session.updated"}' }]),
      socket('wss://api.test/v1/realtime#2', [{ type: 'receive', time: 2, opcode: 1, data: '{"type":"session.created"}' }]),
    ] } };
    const read = readCapture(JSON.stringify(har, null, 2), 'x.har');
    expect(read.lines).toEqual([{ event: { type: 'session.update' }, atMs: 1_700_000_000_250, dir: 'out' }, { event: { type: 'session.updated' }, atMs: 1_700_000_001_000, dir: 'in' }]);
    expect(read.warnings).toEqual([
      'x.har WebSocket 2 (wss://api.test/v1/realtime): 1 binary message(s) left out (realtime events are text)',
      'x.har: 1 more WebSocket connection(s) with realtime events left out (wss://api.test/v1/realtime#2): a cassette holds one session',
    ]);
    expect(readCapture(JSON.stringify({ log: { entries: [{ request: { url: 'https://x.test/' } }] } }), 'y.har').warnings).toEqual([expect.stringMatching(/^y\.har: the HAR holds no WebSocket messages/)]);
  });

  it('reads one event given as a whole file, and nothing from an empty one', () => {
    expect(types('{\n  "type": "session.created"\n}')).toEqual(['session.created']);
    expect(readCapture('\n\n', 'e.log')).toEqual({ lines: [], warnings: [] });
  });
});
