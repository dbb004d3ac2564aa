import { readExpectedToolCall, type ExpectedToolCall } from '../../corpus/manifest.js';
import type { FunctionTool } from '../session-fields.js';

/**
 * When the emulated model calls a tool. No language model runs offline, so a call comes from a
 * rule: a turn whose reference transcript matches `match` (a case-insensitive regular
 * expression) calls `name` with `arguments`. Rules live in an emulator profile file under
 * `tool_calls`; an item's own `expected_tool_call` (manifest, reference hint or script line)
 * takes precedence over them.
 */
export interface ToolRule {
  readonly match: RegExp;
  readonly call: ExpectedToolCall;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the `tool_calls` of a profiles document (absent: none); throws naming the bad field. */
export function readToolRules(doc: unknown): ToolRule[] {
  if (!isObj(doc) || doc.tool_calls === undefined) return [];
  if (!Array.isArray(doc.tool_calls)) throw new Error('tool_calls must be a list of {"match": "regex", "name": "...", "arguments": {...}}');
  return doc.tool_calls.map((raw: unknown, i) => {
    const where = `tool_calls[${i}]`;
    if (!isObj(raw) || typeof raw.match !== 'string' || raw.match === '') throw new Error(`${where}.match must be a non-empty regular expression`);
    let match: RegExp;
    try {
      match = new RegExp(raw.match, 'iu');
    } catch (error) {
      throw new Error(`${where}.match is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { match, call: readExpectedToolCall({ name: raw.name, arguments: raw.arguments }, where) };
  });
}

/** The call a turn asks for: its own expected call, else the first rule its reference matches. */
export function callForTurn(reference: string, expected: ExpectedToolCall | null, rules: readonly ToolRule[]): ExpectedToolCall | null {
  if (expected !== null) return expected;
  if (reference === '') return null;
  return rules.find((r) => r.match.test(reference))?.call ?? null;
}

/** A placeholder value for a JSON schema: the first enum value, else an empty value of its type. */
function exampleOf(schema: unknown): unknown {
  if (!isObj(schema)) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return argumentsFor(schema);
    default:
      return null;
  }
}

/** Arguments that satisfy a function's parameter schema: its required properties with placeholder values. */
export function argumentsFor(parameters: unknown): Record<string, unknown> {
  if (!isObj(parameters) || !isObj(parameters.properties)) return {};
  const properties = parameters.properties;
  const required = Array.isArray(parameters.required) ? parameters.required.filter((k): k is string => typeof k === 'string') : [];
  return Object.fromEntries(required.filter((k) => k in properties).map((k) => [k, exampleOf(properties[k])]));
}

/** What a response calls, given the tools it may use and its tool_choice; null: it speaks instead. */
export function chooseCall(tools: readonly FunctionTool[], toolChoice: unknown, wanted: ExpectedToolCall | null): ExpectedToolCall | null {
  if (tools.length === 0 || toolChoice === 'none') return null;
  const forced = isObj(toolChoice) && toolChoice.type === 'function' && typeof toolChoice.name === 'string' ? toolChoice.name : null;
  const byName = (name: string): FunctionTool | undefined => tools.find((t) => t.name === name);
  if (forced !== null) {
    const tool = byName(forced);
    if (tool === undefined) return null;
    return wanted?.name === forced ? wanted : { name: forced, arguments: argumentsFor(tool.parameters) };
  }
  if (wanted !== null && byName(wanted.name) !== undefined) return wanted;
  const first = tools[0];
  if (toolChoice === 'required' && first !== undefined) return { name: first.name, arguments: argumentsFor(first.parameters) };
  return null;
}
