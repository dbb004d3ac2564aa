import { describe, expect, it } from 'vitest';
import { isExpectedCall, itemToolCallVerdict, normalJson, scoreToolCalls } from './tool-calls.js';

const WEATHER = { name: 'get_weather', arguments: { city: 'Boston', days: 2, units: { temp: 'c', wind: 'kmh' } } };

describe('tool calls against the expected one', () => {
  it('compares arguments after JSON normalisation: key order and spacing do not matter, values do', () => {
    expect(normalJson({ b: [1, { d: 2, c: 3 }], a: 1 })).toBe('{"a":1,"b":[1,{"c":3,"d":2}]}');
    expect(isExpectedCall({ name: 'get_weather', arguments: '{ "units": {"wind": "kmh", "temp": "c"}, "days": 2.0, "city": "Boston" }' }, WEATHER)).toBe(true);
    expect(isExpectedCall({ name: 'get_weather', arguments: '{"city": "boston", "days": 2, "units": {"temp": "c", "wind": "kmh"}}' }, WEATHER)).toBe(false);
    expect(isExpectedCall({ name: 'get_weather', arguments: '{"city": "Boston", "days": "2", "units": {"temp": "c", "wind": "kmh"}}' }, WEATHER)).toBe(false);
    expect(isExpectedCall({ name: 'get_forecast', arguments: JSON.stringify(WEATHER.arguments) }, WEATHER)).toBe(false);
    expect(isExpectedCall({ name: 'get_weather', arguments: '{"city": "Bos' }, WEATHER)).toBe(false);
    expect(isExpectedCall({ name: 'ping', arguments: '' }, { name: 'ping', arguments: {} })).toBe(true);
  });

  it('judges the turns that made a call, and the last turn when an expected call never came', () => {
    const right = { name: 'get_weather', arguments: JSON.stringify(WEATHER.arguments) };
    expect(scoreToolCalls([null, right, null], WEATHER)).toEqual([null, true, null]);
    expect(scoreToolCalls([null, null], WEATHER)).toEqual([null, false]);
    expect(scoreToolCalls([right, null], null)).toEqual([false, null]);
    expect(scoreToolCalls([null], null)).toEqual([null]);
    expect(itemToolCallVerdict([null, true], WEATHER)).toBe(true);
    expect(itemToolCallVerdict([true, false], WEATHER)).toBe(false);
    expect(itemToolCallVerdict([], WEATHER)).toBe(false);
    expect(itemToolCallVerdict([null], null)).toBeNull();
  });
});
