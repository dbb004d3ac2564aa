import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { isKnownModel, KNOWN_REALTIME_MODELS, KNOWN_TRANSCRIBE_MODELS } from './models.js';
import { resolveOptions, type RunOptions } from './options.js';

const key = { OPENAI_API_KEY: 'sk-test' };

function problems(o: RunOptions): string {
  return configProblems(() => resolveOptions(o, { cwd: '/work', env: key, bundledCorpus: '/pkg/corpus' })).join('\n');
}

describe('known models of the live service', () => {
  it('accepts listed names and their dated snapshots, nothing else', () => {
    expect(isKnownModel('gpt-realtime', KNOWN_REALTIME_MODELS)).toBe(true);
    expect(isKnownModel('gpt-realtime-mini-2025-12-15', KNOWN_REALTIME_MODELS)).toBe(true);
    expect(isKnownModel('gpt-4o-realtime-preview-2024-12-17', KNOWN_REALTIME_MODELS)).toBe(true);
    expect(isKnownModel('gpt-realtme', KNOWN_REALTIME_MODELS)).toBe(false);
    expect(isKnownModel('gpt-realtime-2025-13', KNOWN_REALTIME_MODELS)).toBe(false);
    expect(isKnownModel('whisper-1', KNOWN_TRANSCRIBE_MODELS)).toBe(true);
    expect(isKnownModel('whisper-2', KNOWN_TRANSCRIBE_MODELS)).toBe(false);
  });

  it('refuses an unknown model with --target openai, naming it and listing the known ones', () => {
    const found = problems({ target: 'openai', model: ['gpt-realtme'], transcribeModel: ['gpt-4o-transcribe', 'whisper-2'] });
    expect(found).toContain(`--model gpt-realtme: not a realtime model of --target openai; known: ${KNOWN_REALTIME_MODELS.join(', ')}`);
    expect(found).toContain(`--transcribe-model whisper-2: not a transcription model of --target openai; known: ${KNOWN_TRANSCRIBE_MODELS.join(', ')}`);
    expect(found).toContain('--target wss://api.openai.com/v1/realtime');
    expect(found).not.toContain('gpt-4o-transcribe:');
  });

  it('checks the realtime model only when a realtime session uses it', () => {
    expect(problems({ target: 'openai', session: ['transcription'], model: ['anything'] })).toBe('');
  });

  it('leaves other targets alone: the emulator and compatible servers have models of their own', () => {
    expect(problems({ target: 'local', model: ['my-model'] })).toBe('');
    expect(problems({ target: 'wss://api.openai.com/v1/realtime', model: ['gpt-realtime-9'] })).toBe('');
  });
});
