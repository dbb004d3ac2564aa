import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { createCassetteWriter } from '../../pipeline/cassette.js';
import { importEvents } from '../../replay/import-events.js';
import type { CliIo } from '../io.js';
import { VERSION } from '../version.js';

/** Declares `rtbench import`. */
export function declareImport<T>(y: Argv<T>) {
  return y
    .positional('events', { type: 'string', describe: 'a log of realtime events: JSON Lines, a JSON array, pretty-printed objects, or a browser HAR export' })
    .option('out', { type: 'string', describe: 'cassette to write [default: <events>.cassette.jsonl]' })
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
  const out = resolve(io.cwd, typeof argv.out === 'string' ? argv.out : `${source.replace(/\.jsonl?$/, '')}.cassette.jsonl`);
  const writer = createCassetteWriter(out, record.meta);
  for (const frame of record.events) writer.write(frame);
  writer.close();
  for (const warning of warnings) io.stderr.write(`rtbench: warning: ${warning}\n`);
  io.stdout.write(`imported ${record.events.length - 2} event(s) (${record.meta.protocol}) into ${out}\n`);
  for (const what of lost) io.stdout.write(`could not recover: ${what}\n`);
  io.stdout.write(`score it with: rtbench replay ${out}\n`);
  return ExitCode.Ok;
}
