import type { ExpectedToolCall } from '../../corpus/manifest.js';
import { functionTools } from '../session-fields.js';
import { speechFor } from '../synth.js';
import type { ReplyPlan, ResponseSettings } from './responder.js';
import { chooseCall } from './tool-rules.js';

type Raw = Record<string, unknown>;

const REPLIES = ['Got it.', 'Thanks, I heard you.', 'Understood, tell me more.', 'Sure, one moment please.', 'Okay, noted.'];

/** The most words of a tool's output an answer repeats. */
const ANSWER_WORDS = 12;

/** Synthesises the replies once, when an emulator starts, so that no turn pays for it (and no other command does). */
export function warmReplies(): void {
  for (const reply of REPLIES) speechFor(reply);
}

/** What the conversation looks like to the response about to start. */
export interface ReplyContext {
  /** The item the response follows (the newest of the conversation), if any. */
  readonly lastItem: Readonly<Raw> | null;
  /** The call the user's turn asks for (its expected call or a matching rule), if any. */
  readonly wantedCall: ExpectedToolCall | null;
  readonly rng: () => number;
}

/** The words of a tool's output: the leaf values of a JSON output, else its text. */
function outputWords(output: string): string[] {
  let leaves: string[];
  try {
    const walk = (v: unknown): string[] => (v !== null && typeof v === 'object' ? Object.values(v).flatMap(walk) : [String(v)]);
    leaves = walk(JSON.parse(output) as unknown);
  } catch {
    leaves = [output];
  }
  return leaves.join(' ').split(/\s+/).filter((w) => w !== '').slice(0, ANSWER_WORDS);
}

/**
 * What a response says or does (no language model runs offline): after a function call's
 * output, an answer that repeats the output; for a turn that asks for a tool the response may
 * use (tools, tool_choice), that call; otherwise one of a few short replies.
 */
export function planReply(settings: ResponseSettings, context: ReplyContext): ReplyPlan {
  const last = context.lastItem;
  if (last?.type === 'function_call_output' && typeof last.output === 'string') {
    const words = outputWords(last.output);
    return { kind: 'message', text: words.length === 0 ? 'Done.' : `Here is what I found: ${words.join(' ').replace(/[.!?]+$/, '')}.` };
  }
  const call = chooseCall(functionTools(settings.tools), settings.toolChoice, context.wantedCall);
  if (call !== null) return { kind: 'function_call', call };
  return { kind: 'message', text: REPLIES[Math.floor(context.rng() * REPLIES.length)] ?? 'Okay.' };
}
