import { describe, expect, it } from 'vitest';
import { appendBytes, appendEvent, AUDIO_BYTES, serializeClientEvent } from './append.js';

describe('append events', () => {
  const audio = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);

  it('serialise exactly as JSON.stringify does', () => {
    const event = appendEvent(audio);
    expect(serializeClientEvent(event).toString('utf8')).toBe(JSON.stringify({ type: 'input_audio_buffer.append', audio: audio.toString('base64') }));
    expect(JSON.parse(serializeClientEvent(event).toString('utf8'))).toEqual({ type: 'input_audio_buffer.append', audio: audio.toString('base64') });
  });

  it('carry their bytes to the recorder, but not into copies', () => {
    const event = appendEvent(audio);
    expect(appendBytes(event)).toBe(audio);
    expect(Object.getOwnPropertySymbols({ ...event })).toEqual([]);
    expect(appendBytes({ ...event })).toBeNull();
    expect(AUDIO_BYTES in event).toBe(true);
  });

  it('keep non-ASCII text of other events as UTF-8', () => {
    expect(serializeClientEvent({ type: 'session.update', session: { instructions: 'réponds — 日本' } }).toString('utf8')).toBe(JSON.stringify({ type: 'session.update', session: { instructions: 'réponds — 日本' } }));
  });

  it('go through JSON.stringify when anything was added or the event is another one', () => {
    const withId = Object.assign(appendEvent(audio), { event_id: 'evt "1"' });
    expect(serializeClientEvent(withId).toString('utf8')).toBe(JSON.stringify({ type: 'input_audio_buffer.append', audio: audio.toString('base64'), event_id: 'evt "1"' }));
    expect(serializeClientEvent({ type: 'input_audio_buffer.commit' }).toString('utf8')).toBe('{"type":"input_audio_buffer.commit"}');
    expect(serializeClientEvent({ type: 'input_audio_buffer.append', audio: 'a"b' }).toString('utf8')).toBe(JSON.stringify({ type: 'input_audio_buffer.append', audio: 'a"b' }));
  });
});
