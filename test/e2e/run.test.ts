import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ITEM_COLUMNS, SUMMARY_COLUMNS, TURN_COLUMNS } from '../../src/reporters/csv.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';

const DESIGN_ITEM_COLUMNS = 'run_id, config_id, model, transcribe_model, protocol, session, rate_hz, vad, threshold, prefix_padding_ms, silence_duration_ms, item_id, repeat, status, error, audio_ms, reference, hypothesis, wer, cer, ref_words, substitutions, deletions, insertions, turns_expected, turns_detected, false_starts, onset_error_ms, offset_error_ms, connect_ms, session_ready_ms, speech_end_to_stopped_ms, stopped_to_first_delta_ms, stopped_to_transcript_ms, stopped_to_first_audio_ms, speech_end_to_first_audio_ms, input_tokens, output_tokens, cost_usd'.split(', ');

function readCsv(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true });
}

describe('rtbench run on the emulator, in-process', () => {
  let out: string;
  let result: CliRun;
  const runDir = (): string => join(out, 'e2e');

  beforeAll(async () => {
    out = tempDir();
    result = await runCli(['run', '--speed', 'max', '--items', 'syn_gaps_300_600_1200ms_16k,syn_no_speech_silence_then_noise_16k', '--out', out, '--run-id', 'e2e']);
  }, 60_000);

  it('exits 0 and prints the summary table and the report path', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[2\/2\]/);
    expect(result.stdout).toContain('turns det/exp');
    expect(result.stdout).toContain(join(runDir(), 'report.html'));
  });

  it('writes every result file and one cassette per session', () => {
    for (const file of ['run.json', 'items.csv', 'turns.csv', 'summary.csv', 'summary.json', 'report.html']) expect(existsSync(join(runDir(), file)), file).toBe(true);
    const [configDir] = readdirSync(join(runDir(), 'sessions'));
    expect(readdirSync(join(runDir(), 'sessions', configDir ?? '')).sort()).toEqual(['syn_gaps_300_600_1200ms_16k.1.jsonl', 'syn_no_speech_silence_then_noise_16k.1.jsonl']);
  });

  it('starts items.csv with the columns of DESIGN.md §5, in order', () => {
    const header = readFileSync(join(runDir(), 'items.csv'), 'utf8').split('\n')[0]?.split(',');
    expect(header?.slice(0, DESIGN_ITEM_COLUMNS.length)).toEqual(DESIGN_ITEM_COLUMNS);
    expect(header).toEqual([...ITEM_COLUMNS]);
    expect(readFileSync(join(runDir(), 'turns.csv'), 'utf8').split('\n')[0]).toBe(TURN_COLUMNS.join(','));
    expect(readFileSync(join(runDir(), 'summary.csv'), 'utf8').split('\n')[0]).toBe(SUMMARY_COLUMNS.join(','));
  });

  it('scores the speech item from measured events', () => {
    const speech = readCsv(join(runDir(), 'items.csv')).find((r) => r.item_id === 'syn_gaps_300_600_1200ms_16k');
    expect(speech?.status).toBe('ok');
    expect(speech?.hypothesis).not.toBe('');
    expect(Number(speech?.wer)).toBeGreaterThanOrEqual(0);
    expect(Number(speech?.turns_expected)).toBe(3);
    expect(Number(speech?.stopped_to_transcript_ms)).toBeGreaterThan(0);
    expect(Number(speech?.stopped_to_first_audio_ms)).toBeGreaterThan(0);
  });

  it('gives the no-speech item an ok row', () => {
    const silent = readCsv(join(runDir(), 'items.csv')).find((r) => r.item_id === 'syn_no_speech_silence_then_noise_16k');
    expect(silent).toMatchObject({ status: 'ok', error: '', reference: '', turns_expected: '0' });
  });

  it('writes one turns.csv row per detected turn, with the server audio times', () => {
    const turns = readCsv(join(runDir(), 'turns.csv'));
    const items = readCsv(join(runDir(), 'items.csv'));
    expect(turns.length).toBe(items.reduce((sum, r) => sum + Number(r.turns_detected), 0));
    for (const t of turns) {
      expect(t.audio_start_ms).toMatch(/^\d+$/);
      expect(t.speech_started_ms).not.toBe('');
    }
  });

  it('marks the run emulated and never writes a key', () => {
    const run = JSON.parse(readFileSync(join(runDir(), 'run.json'), 'utf8')) as { emulated: boolean; options: { apiKeyProvided: boolean } };
    expect(run.emulated).toBe(true);
    expect(run.options.apiKeyProvided).toBe(false);
    expect(readFileSync(join(runDir(), 'report.html'), 'utf8')).toContain('Emulated run');
  });
});

describe('rtbench usage errors', () => {
  it('exits 2 and names a corpus folder that does not exist', async () => {
    const r = await runCli(['run', '--corpus', '/nonexistent/corpus', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/corpus does not exist');
    expect(r.stderr).toContain('--corpus');
  });

  it('exits 2 on an unknown option and says where to look', async () => {
    const r = await runCli(['run', '--thresold', '0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown argument: thresold');
    expect(r.stderr).toContain('rtbench <command> --help');
  });

  it('exits 2 listing every bad option value at once', async () => {
    const r = await runCli(['run', '--threshold', '1.5', '--silence-duration-ms', '-10', '--rate', '11025']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--threshold 1.5');
    expect(r.stderr).toContain('--silence-duration-ms -10');
    expect(r.stderr).toContain('--rate 11025');
  });

  it('exits 2 for --target openai without a key and says how to set one', async () => {
    const r = await runCli(['run', '--target', 'openai']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OPENAI_API_KEY');
  });
});

describe('the built bin', () => {
  it('prints its version and help', () => {
    const bin = join(process.cwd(), 'bin', 'rtbench.js');
    const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(execFileSync(process.execPath, [bin, 'run', '--help'], { encoding: 'utf8' })).toContain('--silence-duration-ms');
  });
});
