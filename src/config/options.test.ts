import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { resolveOptions, type RunOptions } from './options.js';

const context = { cwd: '/work', env: {}, bundledCorpus: '/pkg/corpus' };
const resolve = (o: RunOptions, env: Record<string, string> = {}) => resolveOptions(o, { ...context, env });

function problems(o: RunOptions, env: Record<string, string> = {}): readonly string[] {
  return configProblems(() => resolve(o, env));
}

describe('resolveOptions', () => {
  it('fills every default and freezes the result', () => {
    const r = resolve({});
    expect(r).toMatchObject({ target: { kind: 'local' }, model: ['gpt-realtime'], threshold: [0.5], prefixPaddingMs: [300], silenceDurationMs: [500], chunkMs: 40, speed: 1, corpus: '/pkg/corpus', out: '/work/results' });
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('resolves relative paths against cwd', () => {
    expect(resolve({ corpus: 'my/corpus', out: 'out' })).toMatchObject({ corpus: '/work/my/corpus', out: '/work/out' });
  });

  it('reports every bad value at once', () => {
    const found = problems({ threshold: [1.5], silenceDurationMs: [-1], rate: [11025], concurrency: 0, vad: ['loud' as never] });
    expect(found).toHaveLength(5);
    expect(found.join('\n')).toMatch(/--threshold 1.5[\s\S]*--silence-duration-ms -1[\s\S]*--rate 11025/);
  });

  it('refuses 16 kHz PCM for the live API with the reason', () => {
    expect(problems({ target: 'openai', rate: [16000] }, { OPENAI_API_KEY: 'sk-test' }).join('')).toMatch(/24 kHz PCM only/);
  });

  it('asks for OPENAI_API_KEY for the live API', () => {
    expect(problems({ target: 'openai' }).join('')).toMatch(/OPENAI_API_KEY/);
    expect(resolve({ target: 'openai' }, { OPENAI_API_KEY: 'sk-test' }).apiKey).toBe('sk-test');
  });

  it('takes ws:// URLs and refuses other schemes and credentials in URLs', () => {
    expect(resolve({ target: 'ws://127.0.0.1:8787/v1/realtime' }).target).toEqual({ kind: 'url', url: 'ws://127.0.0.1:8787/v1/realtime' });
    expect(problems({ target: 'http://example.com' }).join('')).toMatch(/ws:\/\/ or wss:\/\//);
    expect(problems({ target: 'wss://user:pw@example.com' }).join('')).toMatch(/credentials/);
  });

  it('parses handshake headers name=value', () => {
    expect(resolve({ headers: ['X-Relay=abc=1'] }).headers).toEqual({ 'X-Relay': 'abc=1' });
    expect(problems({ headers: ['novalue'] }).join('')).toMatch(/name=value/);
  });

  it('webrtc-refuses-what-a-call-cannot-carry: beta, G.711, unpaced audio, a target without /realtime', () => {
    const found = problems({ transport: ['websocket', 'webrtc'], protocol: ['beta'], format: 'g711_ulaw', speed: 'max' }).join('\n');
    expect(found).toMatch(/--transport webrtc cannot be used with --protocol beta/);
    expect(found).toMatch(/--transport webrtc cannot be used with --format g711_ulaw/);
    expect(found).toMatch(/--transport webrtc cannot be used with --speed max/);
    expect(problems({ transport: ['webrtc'], target: 'ws://127.0.0.1:9/relay' }).join('')).toMatch(/path ends in \/realtime/);
    expect(problems({ transport: ['webrtc'], target: 'openai' }).join('')).toMatch(/OPENAI_API_KEY/);
    expect(problems({ transport: ['carrier-pigeon' as never] }).join('')).toMatch(/--transport carrier-pigeon: must be one of websocket, webrtc/);
    expect(resolve({ transport: ['websocket', 'webrtc'] }).transport).toEqual(['websocket', 'webrtc']);
  });
});
