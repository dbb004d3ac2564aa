import type { ToolSet } from '../config/tools-file.js';
import { TransportError } from '../errors.js';
import { canonicalEventType } from './protocol/events.js';
import { createHandlerSet, type Transport } from './transport/transport.js';

/** `event_id` prefix of the harness's answers to tool calls (outputs and the response.create after them). */
export const TOOL_EVENT_PREFIX = 'evt_rtbench_tool_';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The function calls a completed response made: `[call_id, name]`. */
export function callsOf(event: Raw): { callId: string; name: string }[] {
  const response = isObj(event.response) ? event.response : {};
  if (response.status !== 'completed' || !Array.isArray(response.output)) return [];
  return response.output.flatMap((item: unknown) =>
    isObj(item) && item.type === 'function_call' && typeof item.call_id === 'string' && item.call_id !== '' ? [{ callId: item.call_id, name: typeof item.name === 'string' ? item.name : '' }] : [],
  );
}

/** What a call to `name` is answered with: the tools file's output, or an error the model can read. */
export function outputFor(tools: ToolSet, name: string): string {
  return tools.outputs[name] ?? JSON.stringify({ error: `rtbench has no output for a tool named ${JSON.stringify(name)}` });
}

/**
 * A transport decorator that answers the model's function calls so that the conversation goes
 * on: after a completed response that called tools, it sends each call's canned
 * `function_call_output` (from the tools file) and one `response.create`. Such a response's
 * response.done reaches the session only once the response it asked for has been created (or
 * the server refused the request, or the socket closed): the session, which waits until every
 * response it knows of is done, then also waits for the answer to the tool's output. The
 * recorder, inside this decorator, keeps the order the server sent.
 */
export function answerToolCalls(inner: Transport, tools: ToolSet): Transport {
  const { handlers, subscribe } = createHandlerSet();
  const held: Raw[] = [];
  let answers = 0;
  const release = (): void => {
    for (const event of held.splice(0)) handlers.onEvent(event);
  };
  const answer = (event: Raw): boolean => {
    const calls = callsOf(event);
    if (calls.length === 0) return false;
    const n = ++answers;
    try {
      calls.forEach((call, i) => {
        inner.send({ type: 'conversation.item.create', event_id: `${TOOL_EVENT_PREFIX}output_${n}_${i}`, item: { type: 'function_call_output', call_id: call.callId, output: outputFor(tools, call.name) } });
      });
      inner.send({ type: 'response.create', event_id: `${TOOL_EVENT_PREFIX}response_${n}` });
    } catch (error) {
      // A socket already closing answers nothing: the response.done goes on to the session.
      if (error instanceof TransportError) return false;
      throw error;
    }
    return true;
  };
  inner.subscribe({
    onOpen: (info) => handlers.onOpen?.(info),
    onEvent: (event) => {
      const type = typeof event.type === 'string' ? canonicalEventType(event.type) : '';
      if (type === 'response.done' && answer(event)) {
        held.push(event);
        return;
      }
      handlers.onEvent(event);
      const error = isObj(event.error) ? event.error : null;
      const refused = type === 'error' && typeof error?.event_id === 'string' && error.event_id.startsWith(TOOL_EVENT_PREFIX);
      if (type === 'response.created' || refused) release();
    },
    onInvalid: (text, reason) => handlers.onInvalid?.(text, reason),
    onError: (message) => handlers.onError?.(message),
    onClose: (code, reason) => {
      release();
      handlers.onClose(code, reason);
    },
  });
  return {
    connect: (signal) => inner.connect(signal),
    send: (event) => {
      inner.send(event);
    },
    subscribe,
    close: (code, reason) => {
      inner.close(code, reason);
    },
  };
}
