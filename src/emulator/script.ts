import { readFileSync } from 'node:fs';
import { readExpectedToolCall, type ExpectedToolCall } from '../corpus/manifest.js';

/** One turn of a script: what the user says, and the tool call it should lead to. */
export interface ScriptTurn {
  readonly text: string;
  readonly expectedToolCall: ExpectedToolCall | null;
}

/**
 * Reads a script for `rtbench serve --script FILE`: one user turn per non-empty line, in order.
 * A line is the turn's transcript as plain text, or a JSON object
 * `{"text": "...", "expected_tool_call": {"name": "...", "arguments": {...}}}`. Throws naming the
 * file and line of the first bad one.
 */
export function parseScript(content: string, file: string): ScriptTurn[] {
  const turns: ScriptTurn[] = [];
  content.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, index) => {
    const text = line.trim();
    if (text === '') return;
    if (!text.startsWith('{')) {
      turns.push({ text, expectedToolCall: null });
      return;
    }
    const where = `${file} line ${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new Error(`${where} starts with "{" but is not JSON (${error instanceof Error ? error.message : String(error)}); write plain text or {"text": "..."}`);
    }
    const obj = raw as Record<string, unknown>;
    if (typeof obj.text !== 'string') throw new Error(`${where}: "text" must be a string`);
    try {
      turns.push({ text: obj.text, expectedToolCall: obj.expected_tool_call === undefined || obj.expected_tool_call === null ? null : readExpectedToolCall(obj.expected_tool_call) });
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (turns.length === 0) throw new Error(`${file} has no turns: write one transcript per line`);
  return turns;
}

/** Reads and parses a script file (see {@link parseScript}). */
export function readScript(path: string): ScriptTurn[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScript(content, path);
}
