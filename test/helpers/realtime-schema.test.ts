import { describe, expect, it } from 'vitest';
import { realtimeSchema } from './realtime-schema.js';

describe('realtimeSchema', () => {
  it('knows the event types of each generation', () => {
    const ga = realtimeSchema('ga');
    const beta = realtimeSchema('beta');
    expect(ga.serverTypes.has('response.output_audio.delta')).toBe(true);
    expect(ga.serverTypes.has('conversation.item.added')).toBe(true);
    expect(beta.serverTypes.has('response.audio.delta')).toBe(true);
    expect(beta.clientTypes.has('transcription_session.update')).toBe(true);
    expect(ga.clientTypes.has('transcription_session.update')).toBe(false);
  });

  it('accepts a valid client event and refuses unknown or mistyped fields', () => {
    const ga = realtimeSchema('ga');
    expect(ga.validateClient({ type: 'input_audio_buffer.append', audio: 'AAAA' })).toEqual([]);
    expect(ga.validateClient({ type: 'input_audio_buffer.append', audio: 'AAAA', extra: 1 }).join()).toMatch(/additional/);
    expect(ga.validateClient({ type: 'input_audio_buffer.append' }).join()).toMatch(/audio/);
    expect(ga.validateClient({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } } }).join()).toMatch(/rate/);
  });

  it('lets server properties be null, as real traffic has them', () => {
    const ga = realtimeSchema('ga');
    expect(ga.validateServer({ type: 'input_audio_buffer.committed', event_id: 'event_1', item_id: 'item_1', previous_item_id: null })).toEqual([]);
    expect(ga.validateServer({ type: 'input_audio_buffer.speech_started', event_id: 'e', item_id: 'i', audio_start_ms: 'soon' }).join()).toMatch(/audio_start_ms/);
    expect(ga.validateServer({ type: 'no.such.event' })).toEqual(['unknown server event type "no.such.event"']);
  });
});
