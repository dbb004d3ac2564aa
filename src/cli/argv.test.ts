import { describe, expect, it } from 'vitest';
import { optionKinds, prepareArgv } from './argv.js';

const kinds = optionKinds({ string: ['junit', 'shard', 'out', 'fail-on'], number: ['seed', 'collar-ms', 'port'] });

describe('prepareArgv', () => {
  it('gives an option that takes a value the next word even when it starts with a dash, as getopt does', () => {
    expect(prepareArgv(['run', '--junit', '-', '--shard', '-1/2', '--out', '-x'], kinds)).toEqual({ argv: ['run', '--junit=-', '--shard=-1/2', '--out=-x'], problems: [] });
    expect(prepareArgv(['run', '--seed', '-5', '--collarMs', '-1'], kinds).argv).toEqual(['run', '--seed=-5', '--collarMs=-1']);
  });

  it('leaves everything else as it is: flags, positionals, values that do not start with a dash, words after --', () => {
    const argv = ['report', 'a', '--strict', '--out', 'merged', '--junit=x.xml', '-h', '--', '--seed', ''];
    expect(prepareArgv(argv, kinds)).toEqual({ argv, problems: [] });
  });

  it('names a number option that is empty, missing or not a number, with the text given', () => {
    const { problems } = prepareArgv(['serve', '--seed', '', '--collar-ms=', '--port', 'null', '--seed=1e309'], kinds);
    expect(problems).toEqual(["--seed '': give a number", "--collar-ms '': give a number", '--port null: not a number', '--seed 1e309: not a number']);
    expect(prepareArgv(['run', '--seed'], kinds).problems).toEqual(['--seed: give a number']);
    expect(prepareArgv(['run', '--seed', '--out', 'x'], kinds).problems).toEqual(['--seed: give a number']);
    expect(prepareArgv(['run', '--seed', '7', '--port=0x1f'], kinds).problems).toEqual([]);
  });
});
