import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { isNormalizerName, NORMALIZER_NAMES } from '../../metrics/normalize.js';
import { scoreTranscripts, type TranscriptScore, type TranscriptsScore } from '../../metrics/score-transcript.js';
import { errorCount, type AlignCosts, type AlignOp, type EditCounts } from '../../metrics/wer.js';
import type { CliIo } from '../io.js';

/** Declares `rtbench wer REF HYP` and its options. */
export function declareWerOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('ref', { type: 'string', describe: 'reference transcripts, one utterance per line' })
    .positional('hyp', { type: 'string', describe: 'hypothesis transcripts, one utterance per line, same order' })
    .option('json', { type: 'boolean', describe: 'print everything as JSON (counts, per-utterance alignments)' })
    .option('align', { type: 'boolean', describe: 'print each utterance aligned, sclite style (REF/HYP/EVAL rows)' })
    .option('normalizer', { type: 'string', describe: `text normaliser: ${NORMALIZER_NAMES.join(', ')} [default: english]` })
    .option('costs', { type: 'string', describe: 'alignment costs: sclite (S 4, I 3, D 3; NIST sclite counts) or unit (edit distance, as jiwer) [default: sclite]' });
}

function readLines(path: string, role: string, cwd: string): string[] {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read the ${role} file ${path}: ${error instanceof Error ? error.message : String(error)}`], { hint: 'give two text files with one utterance per line', cause: error });
  }
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function parseArgs(argv: Record<string, unknown>) {
  const problems: string[] = [];
  const normalizer = typeof argv.normalizer === 'string' ? argv.normalizer : 'english';
  const costs = typeof argv.costs === 'string' ? argv.costs : 'sclite';
  if (!isNormalizerName(normalizer)) problems.push(`--normalizer ${normalizer} is not one of ${NORMALIZER_NAMES.join(', ')}`);
  if (costs !== 'sclite' && costs !== 'unit') problems.push(`--costs ${costs} is not sclite or unit`);
  if (typeof argv.ref !== 'string' || typeof argv.hyp !== 'string') problems.push('give two files: rtbench wer REF HYP');
  if (problems.length > 0 || !isNormalizerName(normalizer)) throw new ConfigError(problems);
  return { ref: String(argv.ref), hyp: String(argv.hyp), normalizer, costs: costs as AlignCosts, json: argv.json === true, align: argv.align === true };
}

/** A rate as a percentage; "n/a" when the reference is empty (its errors are all insertions). */
function percent(rate: number, c: EditCounts): string {
  return c.refTokens === 0 || !Number.isFinite(rate) ? 'n/a' : `${(rate * 100).toFixed(2)}%`;
}

function countsText(c: EditCounts, unit: string): string {
  const errors = errorCount(c);
  return `S ${c.substitutions}, D ${c.deletions}, I ${c.insertions}; ${errors} ${errors === 1 ? 'error' : 'errors'} over ${c.refTokens} reference ${unit}`;
}

/** sclite-style rows: errors upper-cased, gaps as asterisks, columns padded to the longer word. */
export function renderAlignment(ops: readonly AlignOp[]): string {
  const ref: string[] = [];
  const hyp: string[] = [];
  const evals: string[] = [];
  for (const o of ops) {
    const r = o.op === 'insert' ? '' : o.ref;
    const h = o.op === 'delete' ? '' : o.hyp;
    const width = Math.max(r.length, h.length, 1);
    const cell = (word: string): string => (word === '' ? '*'.repeat(width) : o.op === 'equal' ? word : word.toUpperCase()).padEnd(width);
    ref.push(cell(r));
    hyp.push(cell(h));
    evals.push({ equal: '', substitute: 'S', delete: 'D', insert: 'I' }[o.op].padEnd(width));
  }
  return `REF:  ${ref.join(' ')}\nHYP:  ${hyp.join(' ')}\nEVAL: ${evals.join(' ')}`.replace(/ +$/gm, '');
}

function renderText(score: TranscriptsScore, align: boolean): string {
  const lines: string[] = [];
  if (align) {
    score.utterances.forEach((u: TranscriptScore, i) => {
      lines.push(`utterance ${i + 1}: WER ${percent(u.wer, u.words)} (${countsText(u.words, 'words')})`, renderAlignment(u.words.ops), '');
    });
  }
  lines.push(
    `WER ${percent(score.wer, score.words)} (${countsText(score.words, 'words')})`,
    `CER ${percent(score.cer, score.characters)} (${countsText(score.characters, 'characters')})`,
    `${score.utterances.length} utterances · normaliser ${score.normalizer} · alignment costs ${score.costs}`,
  );
  return `${lines.join('\n')}\n`;
}

function counts(c: EditCounts) {
  return { ref_tokens: c.refTokens, hits: c.hits, substitutions: c.substitutions, deletions: c.deletions, insertions: c.insertions };
}

function renderJson(score: TranscriptsScore): string {
  const nonFinite = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  return `${JSON.stringify({
    schema_version: 1,
    normalizer: score.normalizer,
    costs: score.costs,
    utterances: score.utterances.length,
    wer: score.wer,
    cer: score.cer,
    words: counts(score.words),
    characters: counts(score.characters),
    per_utterance: score.utterances.map((u, i) => ({
      line: i + 1, reference: u.reference, hypothesis: u.hypothesis, normalized_reference: u.normalizedReference, normalized_hypothesis: u.normalizedHypothesis,
      wer: u.wer, cer: u.cer, words: counts(u.words), characters: counts(u.characters), alignment: u.words.ops,
    })),
  }, nonFinite, 2)}\n`;
}

/**
 * `rtbench wer REF HYP`: WER and CER of two files with one utterance per line (same order),
 * pooled over all lines, like jiwer's command line; `--json` for machines, `--align` for people.
 */
export function werCommand(argv: Record<string, unknown>, io: CliIo): ExitCodeValue {
  const args = parseArgs(argv);
  const refs = readLines(args.ref, 'REF', io.cwd);
  const hyps = readLines(args.hyp, 'HYP', io.cwd);
  if (refs.length !== hyps.length) {
    throw new ConfigError([`${args.ref} has ${refs.length} lines but ${args.hyp} has ${hyps.length}`], { hint: 'one utterance per line in both files, in the same order (an empty line is an utterance with no words)' });
  }
  const score = scoreTranscripts(refs.map((reference, i) => ({ reference, hypothesis: hyps[i] ?? '' })), { normalizer: args.normalizer, costs: args.costs });
  io.stdout.write(args.json ? renderJson(score) : renderText(score, args.align));
  return ExitCode.Ok;
}
