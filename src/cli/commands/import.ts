import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError, describeFileSystemError, ExitCode, OutputError, type ExitCodeValue } from '../../errors.js';
import { createCassetteWriter } from '../../pipeline/cassette.js';
import { importEvents } from '../../replay/import-events.js';
import { makeFolder } from '../folders.js';
import type { CliIo } from '../io.js';
import { VERSION } from '../version.js';

/** Declares `rtbench import`. */
export function declareImport<T>(y: Argv<T>) {
  return y
    .positional('events', { type: 'string', describe: 'a log of realtime events: JSON Lines, a JSON array, pretty-printed objects, or a browser HAR export' })
    .option('out', { type: 'string', describe: 'cassette to write, or a folder to write <events>.cassette.jsonl in [default: beside <events>]' })
    .option('id', { type: 'string', describe: 'item id [default: the file name]' })
    .option('reference', { type: 'string', describe: 'reference transcript, for WER' })
    .option('language', { type: 'string', describe: 'language of the reference (ISO 639-1)' })
    .option('segments', { type: 'string', describe: 'true speech segments as JSON, e.g. [[0.3,2.1],[3.0,4.2]], for turn scores' });
}

function segments(value: unknown): [number, number][] | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (Array.isArray(parsed) && parsed.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number'))) return parsed as [number, number][];
  } catch {
    // reported below
  }
  throw new ConfigError([`--segments ${value}: give a JSON list of [start_s, end_s] pairs, e.g. [[0.3,2.1]]`]);
}

/**
 * Where the cassette goes: `--out FILE`, or `<events>.cassette.jsonl` beside the log or in the
 * folder `--out` names (an existing folder, or a path ending with a slash), as every other
 * `--out` is a folder.
 */
function cassetteOut(argv: Record<string, unknown>, io: CliIo, source: string): string {
  const name = `${basename(source).replace(/\.jsonl?$/, '')}.cassette.jsonl`;
  if (typeof argv.out !== 'string') return join(dirname(source), name);
  if (argv.out === '') throw new ConfigError(["--out '': give a cassette file or a folder"]);
  const out = resolve(io.cwd, argv.out);
  const folder = argv.out.endsWith('/') || argv.out.endsWith(sep) || statSync(out, { throwIfNoEntry: false })?.isDirectory() === true;
  makeFolder(folder ? out : dirname(out), `--out ${argv.out}`);
  return folder ? join(out, name) : out;
}

/** `rtbench import`: a raw event log → a cassette that replay and report can score. */
export function importCommand(argv: Record<string, unknown>, io: CliIo): ExitCodeValue {
  const source = resolve(io.cwd, String(argv.events));
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read ${String(argv.events)}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (typeof argv.id === 'string' && argv.id.trim() === '') throw new ConfigError(['--id: give a non-empty item id, or leave it out to use the file name']);
  const { record, lost, warnings } = importEvents(text, {
    source: String(argv.events),
    itemId: typeof argv.id === 'string' ? argv.id : basename(source).replace(/\.[^.]*$/, '') || 'imported',
    reference: typeof argv.reference === 'string' ? argv.reference : null,
    language: typeof argv.language === 'string' ? argv.language : null,
    speechSegments: segments(argv.segments),
    harnessVersion: VERSION,
  });
  const out = cassetteOut(argv, io, source);
  try {
    const writer = createCassetteWriter(out, record.meta);
    for (const frame of record.events) writer.write(frame);
    writer.close();
  } catch (error) {
    throw new OutputError(`--out ${out}: cannot write the cassette: ${describeFileSystemError(error)}`, { hint: 'Give a file or folder on a writable disk.', cause: error });
  }
  for (const warning of warnings) io.stderr.write(`rtbench: warning: ${warning}\n`);
  io.stdout.write(`imported ${record.events.length - 2} event(s) (${record.meta.protocol}) into ${out}\n`);
  for (const what of lost) io.stdout.write(`could not recover: ${what}\n`);
  io.stdout.write(`score it with: rtbench replay ${out}\n`);
  return ExitCode.Ok;
}
