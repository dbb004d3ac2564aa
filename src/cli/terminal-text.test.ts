import { describe, expect, it } from 'vitest';
import { sanitizeTerminalText } from './terminal-text.js';

const plain = { styles: false, clearLine: false };
const terminal = { styles: true, clearLine: true };

describe('sanitizeTerminalText', () => {
  it('shows every character a terminal acts on as \\uXXXX: escape sequences, bell, carriage return, C1, bidi overrides', () => {
    const id = 'a\u001b]0;pwned\u0007b\u001b[2Jc\rd\u009b31me\u202eevil\u007f';
    const safe = sanitizeTerminalText(id, plain);
    expect(safe).toBe('a\\u001b]0;pwned\\u0007b\\u001b[2Jc\\u000dd\\u009b31me\\u202eevil\\u007f');
    // eslint-disable-next-line no-control-regex
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps tabs, newlines and all other text as it is', () => {
    const text = 'wer 0.1\tnaïve ✓ 日本語\n';
    expect(sanitizeTerminalText(text, plain)).toBe(text);
  });

  it("lets rtbench's own colours and line redraw through only where the policy allows them", () => {
    const own = '\r\u001b[2K[###] 1/2\u001b[31merror\u001b[0m';
    expect(sanitizeTerminalText(own, terminal)).toBe(own);
    expect(sanitizeTerminalText(own, plain)).toBe('\\u000d\\u001b[2K[###] 1/2\\u001b[31merror\\u001b[0m');
    expect(sanitizeTerminalText('\u001b[31mx\u001b]8;;http://x\u0007', terminal)).toBe('\u001b[31mx\\u001b]8;;http://x\\u0007');
  });

  it('keeps JSON printed to stdout meaning the same (\\uXXXX is a JSON escape)', () => {
    const value = { id: 'x\u009b2J\u202ey', n: 1 };
    expect(JSON.parse(sanitizeTerminalText(JSON.stringify(value), plain))).toEqual(value);
  });
});
