import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { checkCorpus } from '../../corpus/check.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { renderTable } from '../../reporters/console.js';
import type { CliIo } from '../io.js';

/** Declares `rtbench corpus check <dir>`. */
export function declareCorpusOptions<T>(y: Argv<T>) {
  return y
    .positional('action', { type: 'string', describe: 'check' })
    .positional('dir', { type: 'string', describe: 'corpus folder with manifest.jsonl' })
    .option('json', { type: 'boolean', describe: 'print the findings as JSON' });
}

/** `rtbench corpus check <dir>`: validates the manifest and decodes every file; exit 2 when an item cannot run. */
export async function corpusCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  if (argv.action !== 'check') throw new ConfigError([`rtbench corpus ${String(argv.action)}: the only action is check (rtbench corpus check <dir>)`]);
  if (typeof argv.dir !== 'string') throw new ConfigError(['rtbench corpus check needs a folder: rtbench corpus check <dir>']);
  const check = await checkCorpus(resolve(io.cwd, argv.dir), io.signal ?? new AbortController().signal);
  if (argv.json === true) {
    io.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
  } else {
    const rows = check.items.map((i) => [i.id, i.durationS === null ? '-' : i.durationS.toFixed(3), i.transcript, i.segments === null ? '-' : `${i.segments} (${i.segmentsMethod ?? '?'})`, i.problem === null ? (i.warnings.length > 0 ? 'warning' : 'ok') : 'problem']);
    io.stdout.write(`${renderTable(['id', 'seconds', 'transcript', 'segments', 'status'], rows)}\n\n`);
    for (const i of check.items) {
      if (i.problem !== null) io.stdout.write(`problem: ${i.id}: ${i.problem}\n`);
      for (const w of i.warnings) io.stdout.write(`warning: ${i.id}: ${w}\n`);
    }
    io.stdout.write(`${check.items.length} item(s), ${check.totalAudioS.toFixed(1)} s of audio, ${check.problems} problem(s); manifest ${check.manifestPath} (sha256 ${check.digest.slice(0, 12)}…)\n`);
  }
  return check.problems > 0 ? ExitCode.Usage : ExitCode.Ok;
}
