/**
 * The JSON values of a capture file, whatever shape the tool that wrote it chose: JSON Lines
 * (one value per line), one JSON document (an array of events, or a browser's HAR export), or
 * JSON objects written one after another, pretty-printed over several lines each. Each value
 * comes with where it starts, so that a row that cannot be read is named and skipped.
 */

/** One value of the file, or a piece of it that is not JSON. */
export type CaptureValue =
  | { readonly at: string; readonly value: unknown }
  | { readonly at: string; readonly error: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function parseOne(text: string, at: string): CaptureValue {
  try {
    return { at, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { at, error: `not valid JSON (${message(error)})` };
  }
}

/** One value per non-blank line. */
function jsonLines(text: string): CaptureValue[] {
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [parseOne(line, `line ${i + 1}`)]));
}

/**
 * Values written one after another (pretty-printed objects): each runs from an opening brace or
 * bracket to the one that closes it, strings and escapes taken into account; anything else
 * between them is an unreadable piece up to the end of its line.
 */
function concatenated(text: string): CaptureValue[] {
  const values: CaptureValue[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\n') line++;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const startLine = line;
    const end = c === '{' || c === '[' ? closingIndex(text, i) : -1;
    const stop = end >= 0 ? end + 1 : c === '{' || c === '[' ? text.length : nextLineEnd(text, i);
    const piece = text.slice(i, stop);
    line += piece.split('\n').length - 1;
    values.push(end >= 0 || (c !== '{' && c !== '[') ? parseOne(piece, `line ${startLine}`) : { at: `line ${startLine}`, error: 'a JSON value that is never closed (the file is cut short?)' });
    i = stop;
  }
  return values;
}

function nextLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index of the brace or bracket that closes the one at `start`; -1 when none does. */
function closingIndex(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const readable = (values: readonly CaptureValue[]): number => values.filter((v) => 'value' in v).length;

/**
 * The values of a capture file. One JSON document is one value (the caller opens an array or a
 * HAR); otherwise the file is read as JSON Lines and as concatenated values, and whichever
 * reads more of it is taken: a line cut short in a JSON Lines file costs that line only, and a
 * pretty-printed object is read whole.
 */
export function captureValues(text: string): CaptureValue[] {
  const whole = text.replace(/^\uFEFF/, '');
  if (whole.trim() === '') return [];
  try {
    return [{ at: 'the file', value: JSON.parse(whole) as unknown }];
  } catch {
    // Not one document: lines, or values one after another.
  }
  const lines = jsonLines(whole);
  if (lines.every((v) => 'value' in v)) return lines;
  const pieces = concatenated(whole);
  return readable(pieces) > readable(lines) ? pieces : lines;
}
