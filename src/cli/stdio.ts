import type { TextSink } from '../reporters/reporter.js';

/** An output stream of the process (stdout, stderr). */
export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly destroyed?: boolean;
}

/**
 * A sink over stdout or stderr that outlives its reader: once the stream fails (EPIPE when
 * `rtbench run … | head -1` has read its line, or any other error), further output is dropped
 * and the run goes on writing its files. Without a listener the error would end the process.
 */
export function outliveReader(stream: OutputStream): TextSink {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return {
    write(text) {
      if (!open || stream.destroyed === true) return;
      try {
        stream.write(text);
      } catch {
        open = false;
      }
    },
  };
}
