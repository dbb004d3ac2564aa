import { describe, expect, it } from 'vitest';
import { expandMatrix } from './matrix.js';
import { resolveOptions, type RunOptions } from './options.js';

const expand = (o: RunOptions) => expandMatrix(resolveOptions(o, { cwd: '/', env: {}, bundledCorpus: '/c' }));

describe('expandMatrix', () => {
  it('forms the cross product of the comma lists', () => {
    const configs = expand({ model: ['gpt-realtime', 'gpt-realtime-mini'], threshold: [0.3, 0.5, 0.7], silenceDurationMs: [300, 800] });
    expect(configs).toHaveLength(12);
    expect(new Set(configs.map((c) => c.configId)).size).toBe(12);
  });

  it('gives stable, readable ids', () => {
    const [config] = expand({});
    expect(config?.configId).toBe('gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k');
    expect(expand({})[0]?.configId).toBe(config?.configId);
  });

  it('drops values that do not apply and merges the duplicates', () => {
    const configs = expand({ vad: ['server_vad', 'semantic_vad', 'none'], threshold: [0.3, 0.6], eagerness: ['low', 'high'] });
    const vadParts = ['.sv-t0.3-p300-s500.', '.sv-t0.6-p300-s500.', '.sem-low.', '.sem-high.', '.manual.'];
    expect(configs).toHaveLength(vadParts.length);
    configs.forEach((c, i) => {
      expect(c.configId).toContain(vadParts[i]);
    });
    expect(configs.find((c) => c.vad === 'semantic_vad')?.threshold).toBeNull();
  });

  it('ignores the realtime model in transcription sessions', () => {
    const configs = expand({ session: ['transcription'], model: ['a', 'b'], transcribeModel: ['gpt-4o-mini-transcribe'] });
    expect(configs).toHaveLength(1);
    expect(configs[0]?.configId).toBe('gpt-4o-mini-transcribe.ga.transcription.sv-t0.5-p300-s500.pcm24k');
  });

  it('transport-is-a-matrix-option whose websocket ids stay as they were', () => {
    const configs = expand({ transport: ['websocket', 'webrtc'] });
    expect(configs.map((c) => [c.transport, c.configId])).toEqual([
      ['websocket', 'gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k'],
      ['webrtc', 'gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.pcm24k.webrtc'],
    ]);
    expect(expand({})[0]?.transport).toBe('websocket');
  });
});
