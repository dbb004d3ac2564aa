import { readFileSync } from 'node:fs';

/**
 * `--tools FILE`: the function tools a realtime session offers the model, with the canned
 * output rtbench answers each call with, so that the conversation goes on:
 *
 *     {"tools": [{"type": "function", "name": "get_weather", "description": "…",
 *                 "parameters": {…JSON schema…}, "output": {"temperature_c": 21}}],
 *      "tool_choice": "auto"}
 *
 * A bare list of tools is taken too. `output` is a string (sent as it is) or any JSON value
 * (sent as its JSON text); it stays with rtbench and never reaches the server as part of the tool.
 */

/** A function tool as the session offers it (`output` left out). */
export interface ToolDefinition {
  readonly type: 'function';
  readonly name: string;
  readonly description?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** The tools of a run and what each call is answered with. */
export interface ToolSet {
  readonly tools: readonly ToolDefinition[];
  /** `auto`, `none`, `required`, or `{"type": "function", "name": …}`. */
  readonly toolChoice: string | { readonly type: 'function'; readonly name: string };
  /** The `function_call_output` text of each tool, by name. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** What a call to a tool without an `output` is answered with. */
export const DEFAULT_TOOL_OUTPUT = '{"status":"ok"}';

/** The service's rule for function names. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function readTool(raw: unknown, where: string, problems: string[]): { tool: ToolDefinition; output: string } | null {
  if (!isObj(raw)) {
    problems.push(`${where} must be an object {"type": "function", "name": …, "parameters": {…}, "output": …}`);
    return null;
  }
  if (raw.type !== undefined && raw.type !== 'function') problems.push(`${where}.type must be "function" (rtbench answers function calls only), not ${JSON.stringify(raw.type)}`);
  if (typeof raw.name !== 'string' || !NAME.test(raw.name)) {
    problems.push(`${where}.name must be 1 to 64 letters, digits, '_' or '-', not ${JSON.stringify(raw.name)}`);
    return null;
  }
  if (raw.description !== undefined && typeof raw.description !== 'string') problems.push(`${where}.description must be a string`);
  if (raw.parameters !== undefined && !isObj(raw.parameters)) problems.push(`${where}.parameters must be a JSON schema object`);
  const known = ['type', 'name', 'description', 'parameters', 'output'];
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.join(', ')} (a tool has type, name, description, parameters and output)`);
  const output = raw.output === undefined ? DEFAULT_TOOL_OUTPUT : typeof raw.output === 'string' ? raw.output : JSON.stringify(raw.output);
  const tool: ToolDefinition = {
    type: 'function',
    name: raw.name,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(isObj(raw.parameters) ? { parameters: raw.parameters } : {}),
  };
  return { tool, output };
}

function readChoice(value: unknown, names: readonly string[], problems: string[]): ToolSet['toolChoice'] {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isObj(value) && value.type === 'function' && typeof value.name === 'string') {
    if (!names.includes(value.name)) problems.push(`tool_choice names ${value.name}, which is not one of the tools (${names.join(', ')})`);
    return { type: 'function', name: value.name };
  }
  problems.push(`tool_choice must be "auto", "none", "required" or {"type": "function", "name": …}, not ${JSON.stringify(value)}`);
  return 'auto';
}

/** Reads a tools document (already parsed JSON); every problem is pushed, prefixed by nothing. */
export function parseToolSet(doc: unknown, problems: string[]): ToolSet {
  const list: unknown = Array.isArray(doc) ? doc : isObj(doc) ? doc.tools : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push('must hold {"tools": [ … ]} (or a list of tools) with at least one tool');
    return { tools: [], toolChoice: 'auto', outputs: {} };
  }
  if (isObj(doc)) {
    const unknown = Object.keys(doc).filter((k) => k !== 'tools' && k !== 'tool_choice');
    if (unknown.length > 0) problems.push(`unknown field(s) ${unknown.join(', ')} (the file has tools and tool_choice)`);
  }
  const read = list.flatMap((raw, i) => readTool(raw, `tools[${i}]`, problems) ?? []);
  const names = read.map((r) => r.tool.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) problems.push(`tool name(s) given twice: ${[...new Set(twice)].join(', ')}`);
  return {
    tools: read.map((r) => r.tool),
    toolChoice: readChoice(isObj(doc) ? doc.tool_choice : undefined, names, problems),
    outputs: Object.fromEntries(read.map((r) => [r.tool.name, r.output])),
  };
}

/** Reads `--tools FILE`; problems name the option and the file. */
export function readToolsFile(flagValue: string, path: string, problems: string[]): ToolSet | null {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const why = error instanceof SyntaxError ? `it is not JSON (${error.message})` : `cannot read it (${error instanceof Error ? error.message : String(error)})`;
    problems.push(`--tools ${flagValue}: ${why}`);
    return null;
  }
  const found: string[] = [];
  const set = parseToolSet(doc, found);
  problems.push(...found.map((p) => `--tools ${flagValue}: ${p}`));
  return found.length === 0 ? set : null;
}
