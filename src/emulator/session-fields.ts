import type { AudioFormat } from '../config/types.js';

type Raw = Record<string, unknown>;

/** A refused field, as the service reports it. */
export interface FieldProblem {
  readonly code: string;
  readonly message: string;
  readonly param: string;
}

/** A function tool the model may call (`{type: "function", name, description, parameters}`). */
export interface FunctionTool {
  readonly type: 'function';
  readonly name: string;
  readonly description?: string;
  readonly parameters?: unknown;
}

/** Tools as the session or a response holds them: function tools are callable, others (MCP) only echoed. */
export type SessionTool = FunctionTool | Readonly<Raw>;

/** `auto`, `none`, `required`, or one function forced by name. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly type: 'function'; readonly name: string } | Readonly<Raw>;

/** What the model answers with: audio (with its transcript) or text only. */
export type OutputModality = 'audio' | 'text';

/** The include value that adds logprobs to input transcription events. */
export const LOGPROBS_INCLUDE = 'item.input_audio_transcription.logprobs';

const asObj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);
const problem = (code: string, message: string, param: string): FieldProblem => ({ code, message, param });
const invalidType = (param: string, expected: string): FieldProblem => problem('invalid_type', `Invalid type for '${param}': expected ${expected}.`, param);

/** Whether a value is a refused field. */
export function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && 'code' in value && 'param' in value && 'message' in value;
}

/** `output_modalities` (GA) or `modalities` (beta): text only when audio is not asked for. */
export function readModalities(value: unknown, param: string): OutputModality | FieldProblem {
  if (!Array.isArray(value) || value.length === 0) return invalidType(param, "a non-empty array of 'audio' and 'text'");
  const bad: unknown = (value as unknown[]).find((m) => m !== 'audio' && m !== 'text');
  if (bad !== undefined) return problem('invalid_value', `Invalid value: ${JSON.stringify(bad)}. Supported values are: 'audio' and 'text'.`, param);
  return value.includes('audio') ? 'audio' : 'text';
}

/** A `tools` list: function tools need a name; other tool types are kept as given. */
export function readTools(value: unknown, param: string): SessionTool[] | FieldProblem {
  if (!Array.isArray(value)) return invalidType(param, 'an array of tools');
  const tools: SessionTool[] = [];
  for (const [i, raw] of value.entries()) {
    const tool = asObj(raw);
    if (tool === null) return invalidType(`${param}[${i}]`, 'an object');
    if (tool.type === 'function' || tool.type === undefined) {
      if (typeof tool.name !== 'string' || tool.name === '') return problem('missing_required_parameter', `Missing required parameter: '${param}[${i}].name'.`, `${param}[${i}].name`);
      tools.push({ ...tool, type: 'function', name: tool.name });
    } else if (typeof tool.type === 'string') tools.push(tool);
    else return invalidType(`${param}[${i}].type`, 'a string');
  }
  return tools;
}

/** `tool_choice`: a mode or `{type: "function", name}` (or an MCP choice, kept as given). */
export function readToolChoice(value: unknown, param: string): ToolChoice | FieldProblem {
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const choice = asObj(value);
  if (choice?.type === 'function') {
    if (typeof choice.name !== 'string') return problem('missing_required_parameter', `Missing required parameter: '${param}.name'.`, `${param}.name`);
    return { type: 'function', name: choice.name };
  }
  if (choice !== null && typeof choice.type === 'string') return choice;
  return problem('invalid_value', `Invalid value: ${JSON.stringify(value)}. Supported values are: 'auto', 'none', 'required', or {"type": "function", "name": …}.`, param);
}

/** `max_output_tokens` / `max_response_output_tokens`: 1–4096 or `inf`. */
export function readMaxTokens(value: unknown, param: string): number | 'inf' | FieldProblem {
  if (value === 'inf') return 'inf';
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalidType(param, "an integer or 'inf'");
  if (value < 1) return problem('integer_below_min_value', `Invalid '${param}': expected a value >= 1, but got ${value} instead.`, param);
  if (value > 4096) return problem('integer_above_max_value', `Invalid '${param}': expected a value <= 4096, but got ${value} instead.`, param);
  return value;
}

/** `include`: only the input transcription logprobs exist. */
export function readInclude(value: unknown, param: string): string[] | null | FieldProblem {
  if (value === null) return null;
  if (!Array.isArray(value)) return invalidType(param, 'an array of strings or null');
  const bad: unknown = (value as unknown[]).find((v) => v !== LOGPROBS_INCLUDE);
  if (bad !== undefined) return problem('invalid_value', `Invalid value: ${JSON.stringify(bad)}. Supported values are: '${LOGPROBS_INCLUDE}'.`, param);
  return value as string[];
}

/** Noise reduction: null (off) or `{type: near_field | far_field}`. */
export function readNoiseReduction(value: unknown, param: string): { type: string } | null | FieldProblem {
  if (value === null) return null;
  const nr = asObj(value);
  if (nr?.type !== 'near_field' && nr?.type !== 'far_field') return problem('invalid_value', `Invalid value: ${JSON.stringify(nr?.type ?? value)}. Supported values are: 'near_field' and 'far_field'.`, `${param}.type`);
  return { type: nr.type };
}

/** An output audio format (GA object or beta name). */
export function readOutputFormat(value: unknown, protocol: 'ga' | 'beta', param: string): AudioFormat | FieldProblem {
  if (protocol === 'beta') {
    if (value === 'pcm16' || value === 'g711_ulaw' || value === 'g711_alaw') return value;
    return problem('invalid_value', `Invalid value: ${JSON.stringify(value)}. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'.`, param);
  }
  const f = asObj(value);
  if (f?.type === 'audio/pcmu') return 'g711_ulaw';
  if (f?.type === 'audio/pcma') return 'g711_alaw';
  if (f?.type === 'audio/pcm' && (f.rate === undefined || f.rate === 24000)) return 'pcm16';
  return problem('invalid_value', 'Invalid value for the output format. Supported values are: {"type": "audio/pcm", "rate": 24000}, {"type": "audio/pcmu"}, {"type": "audio/pcma"}.', param);
}

/** A number in a range (speed, temperature). */
export function readRange(value: unknown, min: number, max: number, param: string): number | FieldProblem {
  if (typeof value !== 'number' || !Number.isFinite(value)) return invalidType(param, 'a number');
  if (value < min) return problem('decimal_below_min_value', `Invalid '${param}': expected a value >= ${min}, but got ${value} instead.`, param);
  if (value > max) return problem('decimal_above_max_value', `Invalid '${param}': expected a value <= ${max}, but got ${value} instead.`, param);
  return value;
}

/** The function tools among `tools`. */
export function functionTools(tools: readonly SessionTool[]): FunctionTool[] {
  return tools.filter((t): t is FunctionTool => t.type === 'function' && typeof t.name === 'string');
}

/** The session settings besides audio input and turn detection: how the model answers, and what is only echoed. */
export interface SessionFields {
  readonly outputModality: OutputModality;
  /** The reply audio's format (the input's own format is separate). */
  readonly outputFormat: AudioFormat;
  readonly speed: number;
  readonly tools: readonly SessionTool[];
  readonly toolChoice: ToolChoice;
  readonly maxOutputTokens: number | 'inf';
  readonly include: readonly string[] | null;
  readonly noiseReduction: { readonly type: string } | null;
  /** Fields kept only to be echoed (GA: tracing, truncation, prompt, reasoning, parallel_tool_calls; beta: temperature, tracing). */
  readonly echo: Readonly<Raw>;
}

type Setter = (value: unknown) => Partial<SessionFields> | FieldProblem;

const ECHOED = { ga: ['tracing', 'truncation', 'prompt', 'reasoning', 'parallel_tool_calls'], beta: ['temperature', 'tracing'] } as const;

function setters(protocol: 'ga' | 'beta', at: (key: string) => string): Record<string, Setter> {
  const wrap = (key: keyof SessionFields, read: (v: unknown) => unknown): Setter => (v) => {
    const value = read(v);
    return isFieldProblem(value) ? value : { [key]: value };
  };
  const common: Record<string, Setter> = {
    tools: wrap('tools', (v) => readTools(v, at('tools'))),
    tool_choice: wrap('toolChoice', (v) => readToolChoice(v, at('tool_choice'))),
    include: wrap('include', (v) => readInclude(v, at('include'))),
  };
  if (protocol === 'ga') {
    return {
      ...common,
      output_modalities: wrap('outputModality', (v) => readModalities(v, at('output_modalities'))),
      max_output_tokens: wrap('maxOutputTokens', (v) => readMaxTokens(v, at('max_output_tokens'))),
      'audio.input.noise_reduction': wrap('noiseReduction', (v) => readNoiseReduction(v, at('audio.input.noise_reduction'))),
      'audio.output.format': wrap('outputFormat', (v) => readOutputFormat(v, 'ga', at('audio.output.format'))),
      'audio.output.speed': wrap('speed', (v) => readRange(v, 0.25, 1.5, at('audio.output.speed'))),
    };
  }
  return {
    ...common,
    modalities: wrap('outputModality', (v) => readModalities(v, at('modalities'))),
    max_response_output_tokens: wrap('maxOutputTokens', (v) => readMaxTokens(v, at('max_response_output_tokens'))),
    input_audio_noise_reduction: wrap('noiseReduction', (v) => readNoiseReduction(v, at('input_audio_noise_reduction'))),
    output_audio_format: wrap('outputFormat', (v) => readOutputFormat(v, 'beta', at('output_audio_format'))),
    speed: wrap('speed', (v) => readRange(v, 0.25, 1.5, at('speed'))),
  };
}

function valueAt(s: Raw, path: string): unknown {
  let node: unknown = s;
  for (const key of path.split('.')) node = asObj(node)?.[key];
  return node;
}

/**
 * Reads the fields of a session.update's `session` that this module owns (GA nesting or beta
 * flat); fields absent keep their value, and the first refused one is returned as the problem.
 */
export function readSessionFields(current: SessionFields & { readonly protocol: 'ga' | 'beta' }, s: Raw, prefix = 'session'): SessionFields | FieldProblem {
  let fields: SessionFields = current;
  for (const [path, set] of Object.entries(setters(current.protocol, (key) => `${prefix}.${key}`))) {
    const value = valueAt(s, path);
    if (value === undefined) continue;
    const changed = set(value);
    if (isFieldProblem(changed)) return changed;
    fields = { ...fields, ...changed };
  }
  const echoed = ECHOED[current.protocol].filter((k) => s[k] !== undefined);
  if (echoed.length > 0) fields = { ...fields, echo: { ...fields.echo, ...Object.fromEntries(echoed.map((k) => [k, s[k]])) } };
  return pick(fields);
}

function pick(f: SessionFields): SessionFields {
  return { outputModality: f.outputModality, outputFormat: f.outputFormat, speed: f.speed, tools: f.tools, toolChoice: f.toolChoice, maxOutputTokens: f.maxOutputTokens, include: f.include, noiseReduction: f.noiseReduction, echo: f.echo };
}
