import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { expandMatrix } from './matrix.js';
import { resolveOptions, type RunOptions } from './options.js';
import { parseToolSet } from './tools-file.js';

const context = { cwd: '/work', env: {}, bundledCorpus: '/pkg/corpus' };

function problems(o: RunOptions): readonly string[] {
  return configProblems(() => resolveOptions(o, context));
}

describe('--format and --output-modalities as matrix options', () => {
  it('forms a config per codec (PCM at each rate, G.711 at 8 kHz) and per reply modality', () => {
    const configs = expandMatrix(resolveOptions({ format: ['pcm16', 'g711_ulaw', 'g711_alaw'], rate: [24000, 16000], outputModalities: ['audio', 'text'] }, context));
    expect(configs.map((c) => c.configId.split('.').slice(5).join('.'))).toEqual(['pcm24k', 'pcm24k.text', 'pcm16k', 'pcm16k.text', 'ulaw8k', 'ulaw8k.text', 'alaw8k', 'alaw8k.text']);
    expect(configs.find((c) => c.format === 'g711_alaw')?.rateHz).toBe(8000);
  });

  it('keeps the ids audio configs always had, and takes one format as a list of one (older run.json files)', () => {
    const [config] = expandMatrix(resolveOptions({ format: 'g711_ulaw' }, context));
    expect(config?.configId).toBe('gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s500.ulaw8k');
    expect(config?.outputModalities).toBe('audio');
  });

  it('gives transcription sessions, which have no replies, no text variant', () => {
    expect(expandMatrix(resolveOptions({ session: ['transcription'], outputModalities: ['audio', 'text'] }, context))).toHaveLength(1);
  });

  it('takes --rate for the PCM formats of a mixed list, and refuses it for G.711 alone', () => {
    expect(problems({ format: ['pcm16', 'g711_ulaw'], rate: [16000] })).toEqual([]);
    expect(problems({ format: ['g711_ulaw'], rate: [16000] })).toEqual(['--rate 16000 cannot be used with --format g711_ulaw: G.711 is 8000 Hz by definition (leave --rate out)']);
    expect(problems({ format: ['mp3'] as unknown as RunOptions['format'], outputModalities: ['video' as never], saveAudio: ['everything' as never] })).toEqual([
      '--format mp3: must be one of pcm16, g711_ulaw, g711_alaw',
      '--output-modalities video: must be one of audio, text',
      '--save-audio everything: must be one of responses, sent',
    ]);
  });

  it('refuses tools in a run without a realtime session, and a tools file that cannot be read', () => {
    const tools = join(tmpdir(), `rtbench-tools-${process.pid}.json`);
    writeFileSync(tools, JSON.stringify([{ name: 'f' }]));
    expect(problems({ tools, session: ['transcription'] })).toEqual([`--tools ${tools}: tools are offered to the model of a realtime session, and --session transcription has none`]);
    expect(problems({ tools: '/nowhere/tools.json' })[0]).toMatch(/^--tools \/nowhere\/tools\.json: cannot read it \(ENOENT/);
    expect(resolveOptions({ tools }, context).toolSet).toEqual({ tools: [{ type: 'function', name: 'f' }], toolChoice: 'auto', outputs: { f: '{"status":"ok"}' } });
  });
});

describe('parseToolSet', () => {
  it('keeps each tool\'s output with rtbench, as text', () => {
    const found: string[] = [];
    const set = parseToolSet({ tools: [{ type: 'function', name: 'a', parameters: { type: 'object' }, output: { x: 1 } }, { name: 'b', output: 'done' }], tool_choice: { type: 'function', name: 'b' } }, found);
    expect(found).toEqual([]);
    expect(set).toEqual({ tools: [{ type: 'function', name: 'a', parameters: { type: 'object' } }, { type: 'function', name: 'b' }], toolChoice: { type: 'function', name: 'b' }, outputs: { a: '{"x":1}', b: 'done' } });
  });

  it('names every problem', () => {
    const found: string[] = [];
    parseToolSet({ tools: [{ type: 'mcp', name: 'a' }, { name: 'a', extra: 1 }], tool_choice: { type: 'function', name: 'zz' }, other: true }, found);
    expect(found).toEqual([
      'unknown field(s) other (the file has tools and tool_choice)',
      'tools[0].type must be "function" (rtbench answers function calls only), not "mcp"',
      'tools[1]: unknown field(s) extra (a tool has type, name, description, parameters and output)',
      'tool name(s) given twice: a',
      'tool_choice names zz, which is not one of the tools (a, a)',
    ]);
  });
});
