import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { parseCassette } from '../../src/pipeline/cassette.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** Tool calls from voice: the emulator calls the item's expected function, rtbench answers it and scores the call. */

const TOOLS = join(process.cwd(), 'examples', 'weather.tools.json');

function rows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
}

/** A corpus of the bundled arctic clip twice: one item expects get_weather(Boston), one expects no call. */
function toolCorpus(): string {
  const dir = tempDir('rtbench-tools-');
  copyFileSync(join(BUNDLED_CORPUS, 'arctic_axb_a0005_16k.wav'), join(dir, 'a.wav'));
  const base = { audio: 'a.wav', language: 'en', speech_segments: [[0.18, 1.53]] };
  writeFileSync(join(dir, 'manifest.jsonl'), [
    JSON.stringify({ id: 'weather', text: 'What is the weather in Boston?', ...base, expected_tool_call: { name: 'get_weather', arguments: { city: 'Boston' } } }),
    JSON.stringify({ id: 'chat', text: 'Will we ever forget it.', ...base }),
  ].join('\n'));
  return dir;
}

async function run(corpus: string, tools: string) {
  const out = tempDir();
  const result = await runCli(['run', '--corpus', corpus, '--speed', 'max', '--tools', tools, '--out', out, '--run-id', 'r']);
  return { ...result, runDir: join(out, 'r') };
}

describe('--tools with expected_tool_call', () => {
  it('scores the call the model made, answers it with the canned output, and the conversation goes on', async () => {
    const { code, stderr, runDir } = await run(toolCorpus(), TOOLS);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const turns = rows(join(runDir, 'turns.csv'));
    const weather = turns.filter((t) => t.item_id === 'weather');
    expect(weather).toHaveLength(1);
    const [turn] = weather;
    expect(turn).toMatchObject({ tool_call_name: 'get_weather', tool_call_correct: 'true' });
    expect(JSON.parse(turn?.tool_call_arguments ?? '')).toEqual({ city: 'Boston' });
    expect(Number(turn?.stopped_to_tool_call_ms)).toBeGreaterThan(0);
    // The response to the tool's output repeats it: the canned output reached the model.
    expect(turn?.reply_text).toMatch(/Here is what I found: Boston 21 sunny/);
    // The whole answer ends after the call: response.done of the response to the tool output.
    expect(Number(turn?.stopped_to_response_done_ms)).toBeGreaterThan(Number(turn?.stopped_to_tool_call_ms));
    const chat = turns.find((t) => t.item_id === 'chat');
    expect(chat).toMatchObject({ tool_call_name: '', tool_call_correct: '' });
    const items = rows(join(runDir, 'items.csv'));
    expect(items.map((i) => [i.item_id, i.status, i.tool_call_correct])).toEqual([['chat', 'ok', ''], ['weather', 'ok', 'true']]);
    const [summary] = rows(join(runDir, 'summary.csv'));
    expect(summary).toMatchObject({ tool_call_items: '1', tool_call_accuracy: '1' });
    // The tools went out in the session, without their outputs; the output went back as the call's answer.
    const sessions = join(runDir, 'sessions', summary?.config_id ?? '');
    const cassette = parseCassette(readFileSync(join(sessions, 'weather.1.jsonl'), 'utf8'), 'weather');
    const sent = cassette.events.filter((f) => f.dir === 'out').map((f) => f.event);
    const update = sent.find((e) => e.type === 'session.update' && (e.session as { tools?: unknown }).tools !== undefined);
    expect((update?.session as { tools: { name: string; output?: unknown }[] }).tools.map((t) => [t.name, t.output])).toEqual([['get_weather', undefined], ['set_reminder', undefined]]);
    const output = sent.find((e) => e.type === 'conversation.item.create');
    expect(output?.item).toMatchObject({ type: 'function_call_output', output: '{"city":"Boston","temperature_c":21,"sky":"sunny"}' });
    expect(readdirSync(sessions)).toContain('weather.1.jsonl');
  });

  it('counts a call to another tool as wrong, and an expected call never made as missed', async () => {
    const corpus = toolCorpus();
    const tools = join(tempDir(), 'time.tools.json');
    // Only a clock to call, and the model must call something: the weather item gets the wrong call.
    writeFileSync(tools, JSON.stringify({ tools: [{ type: 'function', name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] }, output: '12:00' }], tool_choice: 'required' }));
    const { code, runDir } = await run(corpus, tools);
    expect(code).toBe(0);
    const turns = rows(join(runDir, 'turns.csv'));
    expect(turns.find((t) => t.item_id === 'weather')).toMatchObject({ tool_call_name: 'get_time', tool_call_correct: 'false' });
    // The chat item expects no call, and a call made anyway is wrong too.
    expect(turns.find((t) => t.item_id === 'chat')).toMatchObject({ tool_call_name: 'get_time', tool_call_correct: 'false' });
    const [summary] = rows(join(runDir, 'summary.csv'));
    expect(summary).toMatchObject({ tool_call_items: '2', tool_call_accuracy: '0' });
  });

  it('refuses a tools file that is not one, naming the file and the field', async () => {
    const bad = join(tempDir(), 'bad.tools.json');
    writeFileSync(bad, JSON.stringify({ tools: [{ type: 'function', name: 'has space', output: 1 }, { name: 'x', parameters: 'nope' }] }));
    const { code, stderr } = await runCli(['run', '--tools', bad, '--speed', 'max']);
    expect(code).toBe(2);
    expect(stderr).toContain(`--tools ${bad}: tools[0].name must be 1 to 64 letters, digits, '_' or '-', not "has space"`);
    expect(stderr).toContain(`--tools ${bad}: tools[1].parameters must be a JSON schema object`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a cassette with tool calls', () => {
  it('replays with the same scores', async () => {
    const { runDir } = await run(toolCorpus(), TOOLS);
    const replayed = await runCli(['replay', runDir, '--out', join(runDir, '..'), '--run-id', 'again']);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    const pick = (dir: string) => rows(join(dir, 'turns.csv')).map((t) => [t.item_id, t.tool_call_name, t.tool_call_correct, t.stopped_to_tool_call_ms, t.reply_text]);
    expect(pick(join(runDir, '..', 'again'))).toEqual(pick(runDir));
  });
});
