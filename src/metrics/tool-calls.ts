/**
 * Tool calls from voice, scored against an item's `expected_tool_call`: a call is right when its
 * name is the expected one and its arguments, parsed as JSON, equal the expected arguments once
 * both are normalised (object keys sorted at every depth; numbers, strings, booleans and arrays
 * compared as JSON values). Pure.
 */

/** A call as the model made it: its arguments as the JSON text it wrote. */
export interface MadeCall {
  readonly name: string;
  readonly arguments: string;
}

/** A call an item expects. */
export interface ExpectedCall {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The normal form of a JSON value: its text with keys sorted at every depth. */
export function normalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Whether a made call is the expected one (arguments that are not JSON never are). */
export function isExpectedCall(made: MadeCall, expected: ExpectedCall): boolean {
  if (made.name !== expected.name) return false;
  let args: unknown;
  try {
    args = made.arguments.trim() === '' ? {} : JSON.parse(made.arguments);
  } catch {
    return false;
  }
  return normalJson(args) === normalJson(expected.arguments);
}

/**
 * The verdict of each turn, in order: a turn that made a call is right or wrong by the item's
 * expected call (wrong when the item expects none); when the item expects a call that no turn
 * made, its last turn is wrong; any other turn has no verdict (null).
 */
export function scoreToolCalls(calls: readonly (MadeCall | null)[], expected: ExpectedCall | null): (boolean | null)[] {
  const verdicts = calls.map((call) => (call === null ? null : expected !== null && isExpectedCall(call, expected)));
  if (expected !== null && calls.every((c) => c === null) && verdicts.length > 0) verdicts[verdicts.length - 1] = false;
  return verdicts;
}

/** The verdict of an item: null when it neither expected nor made a call; else whether every verdict is right (an expected call on an item with no turn is missed). */
export function itemToolCallVerdict(verdicts: readonly (boolean | null)[], expected: ExpectedCall | null): boolean | null {
  const given = verdicts.filter((v): v is boolean => v !== null);
  if (given.length === 0) return expected === null ? null : false;
  return given.every((v) => v);
}
