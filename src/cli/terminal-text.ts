import type { TextSink } from '../reporters/reporter.js';

/** The sequences rtbench itself writes to a terminal: colours (SGR) and the progress bar's "start of line, clear line". */
// eslint-disable-next-line no-control-regex
const OWN_SEQUENCES = { styles: /^\u001b\[[0-9;]{0,12}m/, clearLine: /^\r\u001b\[2K/ } as const;

/**
 * Characters a terminal acts on: C0 controls but tab and newline, DEL, C1 controls, and the
 * bidirectional overrides that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const escaped = (c: string): string => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/** Which of rtbench's own sequences a sink lets through. */
export interface TerminalPolicy {
  /** Colour codes (a terminal with colour on). */
  readonly styles: boolean;
  /** The live progress bar's redraw (a terminal). */
  readonly clearLine: boolean;
}

/**
 * Makes text safe to print: every character a terminal would act on (escape sequences that
 * move the cursor, clear the screen, set the title or the clipboard; carriage returns; bidi
 * overrides) is shown as `\uXXXX` instead, except the sequences rtbench itself writes that
 * `policy` allows. `\uXXXX` is also a JSON escape, so JSON printed to stdout keeps its meaning.
 */
export function sanitizeTerminalText(text: string, policy: TerminalPolicy): string {
  if (!ACTIVE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i, i + 16);
    const own = (policy.clearLine ? OWN_SEQUENCES.clearLine.exec(rest) : null) ?? (policy.styles ? OWN_SEQUENCES.styles.exec(rest) : null);
    if (own) {
      out += own[0];
      i += own[0].length;
      continue;
    }
    const c = text[i] ?? '';
    out += ACTIVE.test(c) ? escaped(c) : c;
    i++;
  }
  return out;
}

/** A sink that passes text through {@link sanitizeTerminalText}. */
export function sanitizingSink(sink: TextSink, policy: TerminalPolicy): TextSink {
  return {
    write(text) {
      sink.write(sanitizeTerminalText(text, policy));
    },
  };
}
