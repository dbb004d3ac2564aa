import { describe, expect, it } from 'vitest';
import { brokenRules } from './rules.js';

describe('brokenRules', () => {
  it('names each missing or mistyped field the harness reads, a missing parent once', () => {
    expect(brokenRules({ type: 'input_audio_buffer.committed', item_id: 'item_1' })).toEqual([]);
    expect(brokenRules({ type: 'input_audio_buffer.speech_stopped', item_id: 7, audio_end_ms: '900' })).toEqual(['input_audio_buffer.speech_stopped without item_id', 'input_audio_buffer.speech_stopped without audio_end_ms']);
    expect(brokenRules({ type: 'response.done' })).toEqual(['response.done without response']);
    expect(brokenRules({ type: 'response.done', response: { status: 'completed' } })).toEqual(['response.done without response.id']);
    expect(brokenRules({ type: 'session.updated', session: null })).toEqual(['session.updated without session']);
    expect(brokenRules({ type: 'output_audio_buffer.started', response_id: 'resp_1' })).toEqual([]);
    expect(brokenRules({ type: 'output_audio_buffer.stopped' })).toEqual(['output_audio_buffer.stopped without response_id']);
  });

  it('reads beta names as their GA equivalents, and an empty transcript as a transcript', () => {
    expect(brokenRules({ type: 'transcription_session.updated' })).toEqual(['transcription_session.updated without session']);
    expect(brokenRules({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'i', transcript: '' })).toEqual([]);
  });

  it('does not check events the harness does not read', () => {
    expect(brokenRules({ type: 'rate_limits.updated' })).toEqual([]);
    expect(brokenRules({})).toEqual([]);
  });
});
