import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { outliveReader } from './stdio.js';

class FakeStream extends EventEmitter {
  written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
}

describe('outliveReader', () => {
  it('drops output once the reader went away (EPIPE), instead of letting the error end the process', () => {
    const stream = new FakeStream();
    const sink = outliveReader(stream);
    sink.write('first\n');
    expect(() => stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).not.toThrow();
    sink.write('second\n');
    expect(stream.written).toEqual(['first\n']);
  });

  it('drops output after a write that throws', () => {
    const stream = new FakeStream();
    stream.write = () => {
      throw new Error('closed');
    };
    const sink = outliveReader(stream);
    expect(() => {
      sink.write('x');
      sink.write('y');
    }).not.toThrow();
  });
});
