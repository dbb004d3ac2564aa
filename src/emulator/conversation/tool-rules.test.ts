import { describe, expect, it } from 'vitest';
import type { FunctionTool } from '../session-fields.js';
import { argumentsFor, callForTurn, chooseCall, readToolRules } from './tool-rules.js';

const WEATHER: FunctionTool = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'unit', 'days'] } };
const TIMER: FunctionTool = { type: 'function', name: 'set_timer' };

describe('tool rules', () => {
  it('reads tool_calls from a profiles document, and names a bad field', () => {
    const rules = readToolRules({ schema_version: 1, tool_calls: [{ match: 'weather|forecast', name: 'get_weather', arguments: { city: 'Boston' } }] });
    expect(rules[0]?.match.test('What is the WEATHER like?')).toBe(true);
    expect(readToolRules({ schema_version: 1, models: {} })).toEqual([]);
    expect(() => readToolRules({ tool_calls: {} })).toThrow('tool_calls must be a list');
    expect(() => readToolRules({ tool_calls: [{ match: '(', name: 'x' }] })).toThrow(/tool_calls\[0\]\.match is not a valid regular expression/);
    expect(() => readToolRules({ tool_calls: [{ match: 'x', name: 'x', arguments: [1] }] })).toThrow('tool_calls[0].arguments must be a JSON object');
  });

  it("prefers the turn's own expected call, else the first rule its reference matches", () => {
    const rules = readToolRules({ tool_calls: [{ match: 'timer', name: 'set_timer', arguments: { minutes: 10 } }, { match: 'ten', name: 'other' }] });
    expect(callForTurn('Set a timer for ten minutes.', null, rules)).toEqual({ name: 'set_timer', arguments: { minutes: 10 } });
    expect(callForTurn('Set a timer.', { name: 'mine', arguments: {} }, rules)).toEqual({ name: 'mine', arguments: {} });
    expect(callForTurn('', null, rules)).toBeNull();
  });

  it('calls only tools offered, as tool_choice allows, with placeholder arguments from the schema when forced', () => {
    const wanted = { name: 'get_weather', arguments: { city: 'Boston' } };
    expect(chooseCall([WEATHER, TIMER], 'auto', wanted)).toEqual(wanted);
    expect(chooseCall([TIMER], 'auto', wanted)).toBeNull();
    expect(chooseCall([WEATHER], 'none', wanted)).toBeNull();
    expect(chooseCall([WEATHER, TIMER], 'auto', null)).toBeNull();
    expect(chooseCall([WEATHER, TIMER], 'required', null)).toEqual({ name: 'get_weather', arguments: { city: '', unit: 'c', days: 1 } });
    expect(chooseCall([WEATHER, TIMER], { type: 'function', name: 'set_timer' }, wanted)).toEqual({ name: 'set_timer', arguments: {} });
    expect(chooseCall([WEATHER], { type: 'function', name: 'get_weather' }, wanted)).toEqual(wanted);
    expect(argumentsFor({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'boolean' } }, required: ['b'] } }, required: ['a', 'missing'] })).toEqual({ a: { b: false } });
  });
});
