import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../test/helpers/session-record.js';
import type { AdapterRecord, SessionRecord } from '../pipeline/record.js';
import { scoreSession } from './score-session.js';
import { summarizeConfig } from './summary.js';

const ADAPTER: AdapterRecord = { name: 'relay', exposes: ['session.created', 'response.output_audio.delta', 'response.done'], takes_session_update: false, barrier: 'responses', response_audio: { format: 'pcm16', rate_hz: 24000 } };

const response = (id: string, firstMs: number, doneMs: number) => [
  { tMs: firstMs, event: { type: 'response.created', response: { id } } },
  { tMs: firstMs, event: { type: 'response.output_audio.delta', response_id: id, delta: { bytes: 4800, sha256: 'x' } } },
  { tMs: doneMs, event: { type: 'response.done', response: { id } } },
];

function relayRecord(): SessionRecord {
  // Two expected turns (gap 1 s > 500 ms): ending at 1.5 s and 3.5 s of audio, sent then at real time.
  const record = buildRecord({ audioMs: 5000, text: 'one two', segmentsS: [[0.5, 1.5], [2.5, 3.5]], events: [...response('r1', 2000, 2600), ...response('r2', 4200, 4500)] });
  return { ...record, meta: { ...record.meta, adapter: ADAPTER } };
}

describe('a relay that exposes only responses', () => {
  it('scores its responses as turns from the true end of speech, and leaves what it hides blank, not zero', () => {
    const item = scoreSession(relayRecord());
    expect(item).toMatchObject({ status: 'ok', wer: null, refWords: null, turnsExpected: 2, turnsDetected: null, turnsSplit: null, falseStarts: null, detectionErrorRate: null, silentServer: false, adapter: 'relay' });
    expect(item.turns.map((t) => [t.expectedTurn, t.speechEndToFirstAudioMs, t.speechEndToResponseDoneMs, t.stoppedToFirstAudioMs])).toEqual([[0, 480, 1080, null], [1, 680, 980, null]]);
    expect(item.warnings[0]).toBe('the relay (adapter relay) exposes no VAD events or input transcripts: turn detection, the stopped_to_* latencies, WER and CER are blank (not measured)');
    const summary = summarizeConfig(item.config, [item], 1);
    expect(summary).toMatchObject({ turnsExpected: 2, turnsDetected: null, turnsSplit: null, falseStarts: null, turnSplitRate: null, falseStartsPerHour: null });
    expect(summary.latencies.speech_end_to_response_done_ms.n).toBe(2);
  });

  it('says when saved audio could not be written', () => {
    const record = relayRecord();
    const end = record.events.at(-1);
    const events = [...record.events.slice(0, -1), { tMs: 4600, audioMs: 5000, dir: 'ws' as const, event: { type: 'audio_saved', turns: [], sent: null, error: 'cannot save audio: ENOSPC: no space left on device' } }, ...(end ? [end] : [])];
    expect(scoreSession({ ...record, events }).warnings).toContain('cannot save audio: ENOSPC: no space left on device');
  });
});
