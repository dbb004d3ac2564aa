/**
 * No speech recogniser runs offline, so the emulator "transcribes" from a reference hint that
 * the harness sends only to local targets (header `x-rtbench-reference`). Each word of the
 * reference gets a time inside the true speech segments; a committed turn receives the words
 * whose time falls inside the audio it covered. Words in audio the VAD never put in a turn are
 * lost, just as a real server would never transcribe them.
 */

import { readExpectedToolCall, type ExpectedToolCall } from '../corpus/manifest.js';

/**
 * Header that carries the hint: base64url of JSON `{text, segments, segments_text, offset_ms?,
 * tool_call?}`; `tool_call` is the item's `expected_tool_call` (`{name, arguments}`), which the
 * emulated model makes in its response to the turn that ends the item.
 */
export const REFERENCE_HEADER = 'x-rtbench-reference';

/** What the harness tells a local server about the audio it is about to send. */
export interface ReferenceHint {
  readonly text: string;
  /** True speech in seconds of the item's audio; null when unknown. */
  readonly segments: readonly (readonly [number, number])[] | null;
  readonly segmentsText: readonly string[] | null;
  /**
   * Where this socket's audio starts in the item's audio (ms): a session rolled over to a new
   * socket sends the rest of the item, so its words lie this much earlier on the new socket. @default 0
   */
  readonly offsetMs?: number;
  /** The item's expected tool call: the response to the turn that ends the item calls it (when the tool is offered). @default null */
  readonly toolCall?: ExpectedToolCall | null;
}

/** Limit of the emulator's HTTP request headers, the upgrade request's included (Node's default is 16 KB). */
export const REQUEST_HEADERS_LIMIT_BYTES = 1024 * 1024;

/**
 * Longest encoded hint the harness sends: the emulator's header limit less room for the
 * others (key, protocol, `--header`s). About 700,000 characters of plain reference text fit.
 */
export const MAX_HINT_BYTES = REQUEST_HEADERS_LIMIT_BYTES - 64 * 1024;

/** Encodes a hint for the header. */
export function encodeHint(hint: ReferenceHint): string {
  const offset = hint.offsetMs ? { offset_ms: hint.offsetMs } : {};
  const toolCall = hint.toolCall ? { tool_call: hint.toolCall } : {};
  return Buffer.from(JSON.stringify({ text: hint.text, segments: hint.segments, segments_text: hint.segmentsText, ...offset, ...toolCall }), 'utf8').toString('base64url');
}

function readHintToolCall(value: unknown): ExpectedToolCall | null {
  if (value === undefined || value === null) return null;
  try {
    return readExpectedToolCall(value, 'tool_call');
  } catch {
    return null;
  }
}

/** Decodes the header; null when absent or unreadable. */
export function decodeHint(value: string | undefined): ReferenceHint | null {
  if (value === undefined || value === '') return null;
  try {
    const raw = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { text?: unknown; segments?: unknown; segments_text?: unknown; offset_ms?: unknown; tool_call?: unknown };
    if (typeof raw.text !== 'string') return null;
    const segments = Array.isArray(raw.segments) ? (raw.segments as [number, number][]) : null;
    const segmentsText = Array.isArray(raw.segments_text) ? (raw.segments_text as string[]) : null;
    const offsetMs = typeof raw.offset_ms === 'number' && Number.isFinite(raw.offset_ms) && raw.offset_ms > 0 ? raw.offset_ms : 0;
    return { text: raw.text, segments, segmentsText, offsetMs, toolCall: readHintToolCall(raw.tool_call) };
  } catch {
    return null;
  }
}

interface TimedWord {
  readonly word: string;
  readonly atMs: number;
}

/** Speaking rate assumed when the hint has no segments (150 words per minute). */
const FALLBACK_MS_PER_WORD = 400;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function spread(text: string, startMs: number, endMs: number): TimedWord[] {
  const list = words(text);
  return list.map((word, i) => ({ word, atMs: startMs + ((i + 0.5) / list.length) * (endMs - startMs) }));
}

/** The reference's words with their times on this socket's audio (item time less the hint's offset). */
function timeWords(hint: ReferenceHint): TimedWord[] | null {
  const offset = hint.offsetMs ?? 0;
  const segments = hint.segments?.map(([s, e]) => [s * 1000 - offset, e * 1000 - offset] as const) ?? null;
  if (segments === null || segments.length === 0) return null;
  if (hint.segmentsText !== null && hint.segmentsText.length === segments.length) {
    return segments.flatMap(([s, e], i) => spread(hint.segmentsText?.[i] ?? '', s, e));
  }
  // One text over several segments: lay the words along the speech time only.
  const total = segments.reduce((sum, [s, e]) => sum + (e - s), 0);
  const list = words(hint.text);
  return list.map((word, i) => {
    let speechAt = ((i + 0.5) / list.length) * total;
    for (const [s, e] of segments) {
      if (speechAt <= e - s) return { word, atMs: s + speechAt };
      speechAt -= e - s;
    }
    return { word, atMs: segments.at(-1)?.[1] ?? 0 };
  });
}

/** Hands out the reference's words to turns, each word at most once. */
export interface WordPlan {
  /** Words for a turn whose speech covered `startMs`…`endMs` of the audio. */
  take(startMs: number, endMs: number): string[];
  /**
   * Whether the words spoken before `speechEndMs` end an utterance (the last one closes a
   * sentence, or no words follow); null when the hint cannot tell (no hint, no segments, or no
   * word spoken yet). semantic_vad uses it in place of the service's semantic model.
   */
  utteranceComplete(speechEndMs: number): boolean | null;
  /** Whether every word has been handed out. */
  done(): boolean;
}

const SENTENCE_END = /[.?!]["')\]]*$/;

/** Plans the words of a hint; without segments, words go to turns at 150 words per minute of turn. */
export function createWordPlan(hint: ReferenceHint | null): WordPlan {
  if (hint === null) return { take: () => [], utteranceComplete: () => null, done: () => true };
  const timed = timeWords(hint);
  if (timed === null) {
    const queue = words(hint.text);
    return { take: (startMs, endMs) => queue.splice(0, Math.max(1, Math.round((endMs - startMs) / FALLBACK_MS_PER_WORD))), utteranceComplete: () => null, done: () => queue.length === 0 };
  }
  const used = new Set<number>();
  return {
    done: () => used.size === timed.length,
    take(startMs, endMs) {
      const taken: string[] = [];
      timed.forEach((w, i) => {
        if (!used.has(i) && w.atMs >= startMs && w.atMs < endMs) {
          used.add(i);
          taken.push(w.word);
        }
      });
      return taken;
    },
    utteranceComplete(speechEndMs) {
      const spoken = timed.filter((w) => w.atMs < speechEndMs);
      const last = spoken.at(-1);
      if (last === undefined) return null;
      return spoken.length === timed.length || SENTENCE_END.test(last.word);
    },
  };
}
