import type { EmulatedConfig } from '../session-config.js';
import { isFieldProblem, readMaxTokens, readModalities, readOutputFormat, readToolChoice, readTools, type FieldProblem } from '../session-fields.js';
import type { ResponseSettings } from './responder.js';

type Raw = Record<string, unknown>;
const asObj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);

/** Fields of response.create's `response`, by protocol; others get `unknown_parameter`. */
const KNOWN = {
  ga: ['output_modalities', 'instructions', 'audio', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'max_output_tokens', 'conversation', 'metadata', 'prompt', 'input'],
  beta: ['modalities', 'instructions', 'voice', 'output_audio_format', 'tools', 'tool_choice', 'temperature', 'max_response_output_tokens', 'conversation', 'metadata', 'input'],
} as const;

/** The session's settings for a response that overrides nothing. */
export function sessionResponseSettings(config: EmulatedConfig): ResponseSettings {
  return {
    modality: config.outputModality, outputFormat: config.outputFormat, voice: config.voice, instructions: config.instructions, tools: config.tools,
    toolChoice: config.toolChoice, maxOutputTokens: config.maxOutputTokens, outOfBand: false, metadata: null,
  };
}

function readVoice(value: unknown, param: string): string | FieldProblem {
  if (typeof value === 'string') return value;
  const id = asObj(value)?.id;
  if (typeof id === 'string') return id;
  return { code: 'invalid_type', message: `Invalid type for '${param}': expected a voice name or {"id": …}.`, param };
}

function readConversation(value: unknown): boolean | FieldProblem {
  if (value === 'auto') return false;
  if (value === 'none') return true;
  return { code: 'invalid_value', message: `Invalid value: ${JSON.stringify(value)}. Supported values are: 'auto' and 'none'.`, param: 'response.conversation' };
}

type Override = (value: unknown) => Partial<ResponseSettings> | FieldProblem;

function overrides(config: EmulatedConfig): Record<string, Override> {
  const ga = config.protocol === 'ga';
  const field = (key: keyof ResponseSettings, read: (v: unknown) => unknown): Override => (v) => {
    const value = read(v);
    return isFieldProblem(value) ? value : { [key]: value };
  };
  const voice = field('voice', (v) => readVoice(v, ga ? 'response.audio.output.voice' : 'response.voice'));
  const format = field('outputFormat', (v) => readOutputFormat(v, config.protocol, ga ? 'response.audio.output.format' : 'response.output_audio_format'));
  return {
    [ga ? 'output_modalities' : 'modalities']: field('modality', (v) => readModalities(v, ga ? 'response.output_modalities' : 'response.modalities')),
    instructions: field('instructions', (v) => (typeof v === 'string' ? v : { code: 'invalid_type', message: "Invalid type for 'response.instructions': expected a string.", param: 'response.instructions' })),
    tools: field('tools', (v) => readTools(v, 'response.tools')),
    tool_choice: field('toolChoice', (v) => readToolChoice(v, 'response.tool_choice')),
    [ga ? 'max_output_tokens' : 'max_response_output_tokens']: field('maxOutputTokens', (v) => readMaxTokens(v, ga ? 'response.max_output_tokens' : 'response.max_response_output_tokens')),
    conversation: field('outOfBand', readConversation),
    metadata: field('metadata', (v) => (v === null || asObj(v) !== null ? (v) : { code: 'invalid_type', message: "Invalid type for 'response.metadata': expected an object.", param: 'response.metadata' })),
    ...(ga
      ? {
          audio: (v) => {
            const output = asObj(asObj(v)?.output) ?? {};
            const changes: Partial<ResponseSettings>[] = [];
            for (const [key, read] of [['voice', voice], ['format', format]] as const) {
              if (output[key] === undefined) continue;
              const changed = read(output[key]);
              if (isFieldProblem(changed)) return changed;
              changes.push(changed);
            }
            return Object.assign({}, ...changes) as Partial<ResponseSettings>;
          },
        }
      : { voice, output_audio_format: format }),
  };
}

/**
 * The settings of the response a response.create asks for: the session's, with the fields of
 * its `response` (GA or beta names) over them. `input`, `prompt`, `reasoning` and
 * `temperature` are accepted and have no effect here.
 */
export function readResponseParams(config: EmulatedConfig, value: unknown): ResponseSettings | FieldProblem {
  const base = sessionResponseSettings(config);
  if (value === undefined || value === null) return base;
  const params = asObj(value);
  if (params === null) return { code: 'invalid_type', message: "Invalid type for 'response': expected an object.", param: 'response' };
  const known: readonly string[] = KNOWN[config.protocol];
  const unknown = Object.keys(params).find((k) => !known.includes(k));
  if (unknown !== undefined) return { code: 'unknown_parameter', message: `Unknown parameter: 'response.${unknown}'.`, param: `response.${unknown}` };
  if (params.input !== undefined && !Array.isArray(params.input)) return { code: 'invalid_type', message: "Invalid type for 'response.input': expected an array of items.", param: 'response.input' };
  let settings = base;
  for (const [key, apply] of Object.entries(overrides(config))) {
    if (params[key] === undefined) continue;
    const changed = apply(params[key]);
    if (isFieldProblem(changed)) return changed;
    settings = { ...settings, ...changed };
  }
  return settings;
}
