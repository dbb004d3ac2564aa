import { describe, expect, it } from 'vitest';
import { parseScript } from './script.js';

describe('parseScript', () => {
  it('reads one turn per non-empty line, plain text or JSON with an expected tool call', () => {
    const turns = parseScript('\uFEFFHello there.\n\n  {"text": "What is the weather in Boston?", "expected_tool_call": {"name": "get_weather", "arguments": "{\\"city\\": \\"Boston\\"}"}}\r\nBye.\n', 'turns.txt');
    expect(turns).toEqual([
      { text: 'Hello there.', expectedToolCall: null },
      { text: 'What is the weather in Boston?', expectedToolCall: { name: 'get_weather', arguments: { city: 'Boston' } } },
      { text: 'Bye.', expectedToolCall: null },
    ]);
  });

  it('names the file and line of a bad line, and refuses an empty script', () => {
    expect(() => parseScript('ok\n{"text": 3}\n', 'turns.txt')).toThrow('turns.txt line 2: "text" must be a string');
    expect(() => parseScript('{nope\n', 's.txt')).toThrow(/s\.txt line 1 starts with "\{" but is not JSON/);
    expect(() => parseScript('{"text": "x", "expected_tool_call": {"name": ""}}', 's.txt')).toThrow('s.txt line 1: expected_tool_call.name must be a non-empty string');
    expect(() => parseScript('\n  \n', 'empty.txt')).toThrow('empty.txt has no turns');
  });
});
