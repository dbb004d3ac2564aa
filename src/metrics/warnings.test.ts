import { describe, expect, it } from 'vitest';
import { buildRecord, vadTurn } from '../../test/helpers/session-record.js';
import { summarizeConfig } from './summary.js';
import { scoreSession } from './score-session.js';
import { serverSilence, sessionWarnings } from './warnings.js';

const transcript = (tMs: number, itemId: string, text: string) => ({ tMs, event: { type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript: text } });

describe('a server that stays silent about speech', () => {
  it('is a finding when it sent no VAD event and no transcript for speech it was sent', () => {
    const record = buildRecord({ audioMs: 12_000, text: 'one two three four', segmentsS: [[1, 4], [5, 11.2]], events: [] });
    expect(serverSilence(record)).toEqual(['the server sent no VAD event for 9.2 s of speech', 'the server sent no transcript for 9.2 s of speech']);
    const item = scoreSession(record);
    expect(item).toMatchObject({ status: 'ok', silentServer: true, turnsDetected: 0 });
    expect(item.warnings.slice(0, 2)).toEqual(serverSilence(record));
    expect(summarizeConfig(record.meta.config, [item, scoreSession(buildRecord({ audioMs: 3000, events: [...vadTurn('u', 500, 1500), transcript(1800, 'u', 'hello')] }))], 1).silentSessions).toBe(1);
  });

  it('names speech of unknown extent when the item has a reference but no segments', () => {
    expect(serverSilence(buildRecord({ audioMs: 3000, text: 'hello', segmentsS: null, events: [] }))).toEqual(['the server sent no VAD event for an item with speech', 'the server sent no transcript for an item with speech']);
  });

  it('is no finding for an item without speech, or with VAD off, or for a session that never streamed', () => {
    expect(serverSilence(buildRecord({ audioMs: 3000, text: '', segmentsS: [], events: [] }))).toEqual([]);
    expect(serverSilence(buildRecord({ audioMs: 3000, text: null, segmentsS: [[1, 2]], config: { vad: 'none' }, events: [] }))).toEqual([]);
    expect(serverSilence(buildRecord({ audioMs: 0, text: 'hello', events: [] }))).toEqual([]);
  });

  it('is only the missing transcript when VAD events came', () => {
    expect(serverSilence(buildRecord({ audioMs: 3000, segmentsS: [[0.5, 1.5]], events: vadTurn('u', 500, 1500) }))).toEqual(['the server sent no transcript for 1.0 s of speech']);
  });
});

describe('a server that breaks the protocol', () => {
  it('names the rule, counts it, and keeps a transcript of an item it never committed', () => {
    const record = buildRecord({
      audioMs: 3000, text: 'hello there', segmentsS: null, config: { vad: 'none' },
      events: [
        { tMs: 3001, event: { type: 'input_audio_buffer.committed' } },
        { tMs: 3002, event: { type: 'input_audio_buffer.committed', item_id: '' } },
        transcript(3003, 'item_X', 'hello there'),
      ],
    });
    const item = scoreSession(record);
    expect(item.hypothesis).toBe('hello there');
    expect(item.wer).toBe(0);
    expect(sessionWarnings(record)).toEqual([
      'the server broke the protocol: input_audio_buffer.committed without item_id (2 times)',
      'a transcript came for item_X, which the server never committed: kept in the hypothesis, in order of arrival',
    ]);
  });

  it('orders a kept transcript among the committed turns by when it came', () => {
    const record = buildRecord({
      audioMs: 6000, text: 'a b c', segmentsS: null,
      events: [...vadTurn('u1', 300, 1200), transcript(1300, 'u1', 'a'), transcript(2500, 'orphan', 'b'), ...vadTurn('u3', 3500, 4500), transcript(4600, 'u3', 'c')],
    });
    expect(scoreSession(record).hypothesis).toBe('a b c');
  });

  it('names a speech event without its audio position', () => {
    const record = buildRecord({ audioMs: 3000, events: [{ tMs: 800, event: { type: 'input_audio_buffer.speech_started', item_id: 'u' } }] });
    expect(sessionWarnings(record)).toContain('the server broke the protocol: input_audio_buffer.speech_started without audio_start_ms');
  });
});
