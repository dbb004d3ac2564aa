import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

/** Which protocol generation's schema file. */
export type Generation = 'ga' | 'beta';

const FILES: Record<Generation, string> = { ga: 'openapi-realtime.yaml', beta: 'openapi-realtime-beta-2025-04.yaml' };
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'protocol');

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenAPI 3.0 `nullable: true` → JSON Schema `null` in the type. */
function denullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(denullable);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = denullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * Real traffic sets many properties to null that the schemas declare without null
 * (REALTIME.md §0): for server events every property may also be null.
 */
function allowNullProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowNullProperties);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && isObj(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, name === 'type' ? allowNullProperties(s) : { anyOf: [allowNullProperties(s), { type: 'null' }] }]));
    } else out[k] = allowNullProperties(v);
  }
  return out;
}

/** The live service rejects unknown fields: for client events, objects with properties allow no others. */
function forbidExtraProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forbidExtraProperties);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = forbidExtraProperties(v);
  if (isObj(out.properties) && out.additionalProperties === undefined && out.allOf === undefined) out.additionalProperties = false;
  return out;
}

function eventTypes(schemas: Json, union: string): Map<string, string> {
  const members = ((schemas[union] as Json | undefined)?.anyOf ?? (schemas[union] as Json | undefined)?.oneOf ?? []) as { $ref: string }[];
  const types = new Map<string, string>();
  for (const { $ref } of members) {
    const name = $ref.split('/').pop() ?? '';
    const typeSchema = ((schemas[name] as Json).properties as Json).type as Json;
    const value = (typeSchema.enum as string[] | undefined)?.[0] ?? (typeSchema.const as string | undefined);
    if (value !== undefined) types.set(value, name);
  }
  return types;
}

/** Validates realtime events against one generation's official schema. */
export interface RealtimeSchema {
  /** Server event types the schema knows. */
  readonly serverTypes: ReadonlySet<string>;
  readonly clientTypes: ReadonlySet<string>;
  /** Problems with a server event (every property may be null); empty when valid. */
  validateServer(event: unknown): string[];
  /** Problems with a client event (no unknown properties); empty when valid. */
  validateClient(event: unknown): string[];
  /** Problems with a value against a named component (e.g. a REST body); `server` lets properties be null. */
  validateComponent(name: string, value: unknown, side: 'server' | 'client'): string[];
  /** The official `x-oaiMeta` example payload of every server event in the union that has one. */
  readonly serverExamples: readonly { readonly schema: string; readonly event: Record<string, unknown> }[];
}

/**
 * Reads an `x-oaiMeta` example: JSON, except that a few examples in the spec carry a
 * `// comment` line or a trailing comma, which are dropped first.
 */
export function parseExample(text: string): unknown {
  const withoutComments = text.split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n');
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'));
}

function examplesOf(schemas: Json, union: string): { schema: string; event: Record<string, unknown> }[] {
  const members = ((schemas[union] as Json | undefined)?.anyOf ?? (schemas[union] as Json | undefined)?.oneOf ?? []) as { $ref: string }[];
  return members.flatMap(({ $ref }) => {
    const schema = $ref.split('/').pop() ?? '';
    const example = ((schemas[schema] as Json)['x-oaiMeta'] as Json | undefined)?.example;
    return typeof example === 'string' ? [{ schema, event: parseExample(example) as Record<string, unknown> }] : [];
  });
}

function componentProblems(compile: (name: string) => ValidateFunction, name: string, value: unknown): string[] {
  const validate = compile(name);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function compiler(generation: Generation, components: Json): (name: string) => ValidateFunction {
  const ajv = generation === 'ga' ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false }) : new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'realtime', components }, 'realtime');
  const cache = new Map<string, ValidateFunction>();
  return (name) => {
    let fn = cache.get(name);
    if (!fn) {
      fn = ajv.compile({ $ref: `realtime#/components/schemas/${name}` });
      cache.set(name, fn);
    }
    return fn;
  };
}

function check(types: Map<string, string>, compile: (name: string) => ValidateFunction, event: unknown, side: string): string[] {
  const type = isObj(event) ? event.type : undefined;
  const name = typeof type === 'string' ? types.get(type) : undefined;
  if (name === undefined) return [`unknown ${side} event type ${JSON.stringify(type)}`];
  const validate = compile(name);
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${String(type)}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const cache = new Map<Generation, RealtimeSchema>();

/** Loads (once) the schema of a generation from test/fixtures/protocol. */
export function realtimeSchema(generation: Generation): RealtimeSchema {
  const cached = cache.get(generation);
  if (cached) return cached;
  const doc = parse(readFileSync(join(FIXTURES, FILES[generation]), 'utf8')) as { components: { schemas: Json } };
  const base = denullable(doc.components.schemas) as Json;
  const serverTypes = eventTypes(base, 'RealtimeServerEvent');
  const clientTypes = eventTypes(base, 'RealtimeClientEvent');
  const server = compiler(generation, { schemas: allowNullProperties(base) });
  const client = compiler(generation, { schemas: forbidExtraProperties(base) });
  const schema: RealtimeSchema = {
    serverTypes: new Set(serverTypes.keys()),
    clientTypes: new Set(clientTypes.keys()),
    validateServer: (event) => check(serverTypes, server, event, 'server'),
    validateClient: (event) => check(clientTypes, client, event, 'client'),
    validateComponent: (name, value, side) => componentProblems(side === 'server' ? server : client, name, value),
    serverExamples: examplesOf(doc.components.schemas, 'RealtimeServerEvent'),
  };
  cache.set(generation, schema);
  return schema;
}
