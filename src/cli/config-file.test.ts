import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { nearestName, readConfigFile } from './config-file.js';
import { runConfigSchema } from './run-options.js';

function configFile(content: string | Buffer): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rtbench-config-'));
  writeFileSync(join(dir, 'c.json'), content);
  return { dir, name: 'c.json' };
}

function problemsOf(content: string | Buffer): readonly string[] {
  const { dir, name } = configFile(content);
  return configProblems(() => readConfigFile(name, dir, runConfigSchema()));
}

describe('readConfigFile', () => {
  it('refuses unknown keys, naming the nearest option in the spelling used', () => {
    expect(problemsOf('{"silenceDuration": [500], "silence-duratoin-ms": 1, "threshhold": 0.5, "wholly_unknown": 1}')).toEqual([
      '--config c.json: unknown key "silenceDuration" (did you mean "silenceDurationMs"?)',
      '--config c.json: unknown key "silence-duratoin-ms" (did you mean "silence-duration-ms"?)',
      '--config c.json: unknown key "threshhold" (did you mean "threshold"?)',
      '--config c.json: unknown key "wholly_unknown"',
    ]);
  });

  it('refuses values of the wrong type, all at once', () => {
    expect(problemsOf('{"keepAudio": "false", "out": 5, "threshold": {"a": 1}, "seed": "7", "repeat": null, "header": [["x"]], "speed": true}')).toEqual([
      '--config c.json: keepAudio must be true or false (got the string "false")',
      '--config c.json: out must be a string (got the number 5)',
      '--config c.json: threshold must be a string, a number or a list of them (got an object)',
      '--config c.json: seed must be a number (got the string "7")',
      '--config c.json: repeat cannot be null',
      '--config c.json: header must be a string, a number or a list of them (got a list)',
      '--config c.json: speed must be a number or a string (got the boolean true)',
    ]);
  });

  it('takes every kind of value an option has, null where the default is null, camelCase or kebab-case', () => {
    const { dir, name } = configFile(JSON.stringify({ threshold: [0.3, '0.5'], 'silence-duration-ms': '300,500', speed: 2, keepAudio: false, limit: null, language: null, shard: '1/2', header: ['X-A=1'], junit: 'j.xml', overwrite: true }));
    expect(readConfigFile(name, dir, runConfigSchema())).toMatchObject({ threshold: [0.3, '0.5'], silenceDurationMs: '300,500', speed: 2, keepAudio: false, limit: null, shard: '1/2', junit: 'j.xml', overwrite: true });
  });

  it('skips a UTF-8 byte order mark, and names a UTF-16 file', () => {
    const { dir, name } = configFile('\uFEFF{"vadEngine": "webrtc"}');
    expect(readConfigFile(name, dir, runConfigSchema())).toEqual({ vadEngine: 'webrtc' });
    expect(problemsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"seed": 1}', 'utf16le')]))).toEqual(['--config c.json: the file is UTF-16; save it as UTF-8']);
  });

  it('keeps the command-line-only options out of a config file', () => {
    expect(problemsOf('{"resume": "results/x", "config": "other.json"}')).toEqual([
      '--config c.json: resume cannot be set in a config file: give --resume DIR on the command line',
      '--config c.json: config cannot be set in a config file: a config file cannot name another',
    ]);
  });
});

describe('nearestName', () => {
  it('suggests only a name close enough to be a typo', () => {
    expect(nearestName('concurency', ['concurrency', 'corpus'])).toBe('concurrency');
    expect(nearestName('zzz', ['concurrency', 'corpus'])).toBeNull();
  });
});
