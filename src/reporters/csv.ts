import { stringify } from 'csv-stringify/sync';
import type { RunResult } from '../bench/run-result.js';
import { AUTH_LATENCIES, CONNECT_LATENCIES, RESPONSE_LATENCIES, SESSION_LATENCIES, TURN_LATENCIES, type ItemResult, type LatencyName, type TurnResult } from '../metrics/item-result.js';
import { transportOf } from '../pipeline/record.js';
import { PERCENTILES } from '../metrics/stats.js';
import { formatNumber, ms, rate } from './format.js';

type Cell = string | number | boolean | null | undefined;

/** Text cells that a spreadsheet would run as a formula get a leading apostrophe; plain numbers stay as they are. */
export function escapeFormula(value: string): string {
  if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return escapeFormula(value);
}

/** Options of the CSV renderers. */
export interface CsvOptions {
  /** Start with the header line. @default true */
  readonly header?: boolean;
}

/**
 * CSV text of `records`, one `\n`-ended line per record. A cell holding a line break of any
 * kind is quoted: csv-stringify quotes only the record delimiter (`\n`), and a bare carriage
 * return left unquoted is a line end to most readers, splitting the row in two.
 */
export function csvText(records: readonly (readonly string[])[]): string {
  return records.length === 0 ? '' : stringify(records as string[][], { eof: true, record_delimiter: '\n', quoted_match: /\r/ });
}

function render(columns: readonly string[], rows: readonly Cell[][], options: CsvOptions = {}): string {
  const body = rows.map((r) => r.map(cell));
  return csvText(options.header === false ? body : [[...columns], ...body]);
}

/** Columns of items.csv. NOTE: the README documents them; add at the end, never rename. */
export const ITEM_COLUMNS = [
  'run_id', 'config_id', 'model', 'transcribe_model', 'protocol', 'session', 'rate_hz', 'vad', 'threshold', 'prefix_padding_ms', 'silence_duration_ms',
  'item_id', 'repeat', 'status', 'error', 'audio_ms', 'reference', 'hypothesis', 'wer', 'cer', 'ref_words', 'substitutions', 'deletions', 'insertions',
  'turns_expected', 'turns_detected', 'false_starts', 'onset_error_ms', 'offset_error_ms', 'connect_ms', 'session_ready_ms', 'speech_end_to_stopped_ms',
  'stopped_to_first_delta_ms', 'stopped_to_transcript_ms', 'stopped_to_first_audio_ms', 'speech_end_to_first_audio_ms', 'input_tokens', 'output_tokens', 'cost_usd',
  'eagerness', 'format', 'state', 'attempts', 'emulated', 'normalizer', 'turns_split', 'turns_merged', 'turns_missed', 'non_speech_ms',
  'mint_ms',
  'detection_error_rate', 'false_alarm_ms', 'miss_ms', 'speech_ms', 'collar_ms',
  'warnings',
  'silent_server',
  'output_modalities', ...RESPONSE_LATENCIES, 'tool_call_correct', 'audio_bytes_sent', 'audio_bytes_received', 'adapter', 'sent_audio_file',
  'transport', 'session_created_ms',
] as const;

function itemRow(i: ItemResult): Cell[] {
  const c = i.config;
  const l = i.latencies;
  return [
    i.runId, c.config_id, c.model, c.transcribe_model, c.protocol, c.session, c.rate_hz, c.vad, c.threshold, c.prefix_padding_ms, c.silence_duration_ms,
    i.itemId, i.repeat, i.status, i.error, ms(i.audioMs), i.reference, i.hypothesis, rate(i.wer), rate(i.cer), i.refWords, i.substitutions, i.deletions, i.insertions,
    i.turnsExpected, i.turnsDetected, i.falseStarts, ms(i.onsetErrorMs), ms(i.offsetErrorMs), ms(l.connect_ms), ms(l.session_ready_ms), ms(l.speech_end_to_stopped_ms),
    ms(l.stopped_to_first_delta_ms), ms(l.stopped_to_transcript_ms), ms(l.stopped_to_first_audio_ms), ms(l.speech_end_to_first_audio_ms), i.inputTokens, i.outputTokens, formatNumber(i.costUsd, 6),
    c.eagerness, c.format, i.state, i.attempts, i.emulated, i.normalizer, i.turnsSplit, i.turnsMerged, i.turnsMissed, ms(i.nonSpeechMs),
    ms(l.mint_ms),
    rate(i.detectionErrorRate), ms(i.falseAlarmMs), ms(i.missMs), ms(i.speechMs), i.collarMs,
    // Results written before warnings existed (an older summary.json, say) have none.
    (i.warnings as readonly string[] | undefined)?.join('; ') ?? '',
    // Blank for results written before the flag existed.
    i.silentServer,
    c.session === 'realtime' ? (c.output_modalities ?? 'audio') : null, ...RESPONSE_LATENCIES.map((name) => ms(l[name] ?? null)),
    i.toolCallCorrect, i.audioBytesSent, i.audioBytesReceived, i.adapter, i.sentAudioFile,
    transportOf(c), ms(l.session_created_ms ?? null),
  ];
}

/** items.csv: one row per config × item × repeat. */
export function renderItemsCsv(items: readonly ItemResult[], options?: CsvOptions): string {
  return render(ITEM_COLUMNS, items.map(itemRow), options);
}

/** Columns of turns.csv. */
export const TURN_COLUMNS = [
  'run_id', 'config_id', 'item_id', 'repeat', 'turn_index', 'server_item_id', 'speech_started_ms', 'speech_stopped_ms', 'audio_start_ms', 'audio_end_ms',
  'expected_turn', 'false_start', 'onset_error_ms', 'offset_error_ms', ...TURN_LATENCIES, 'response_id', 'response_status', 'transcript',
  'onset_clamped',
  ...RESPONSE_LATENCIES, 'tool_call_name', 'tool_call_arguments', 'tool_call_correct', 'reply_text', 'audio_file',
] as const;

/** The cells of a turn added with whole responses, tool calls and saved audio (blank in older results). */
function responseCells(t: TurnResult): Cell[] {
  return [
    ms(t.stoppedToResponseDoneMs ?? null), ms(t.speechEndToResponseDoneMs ?? null), ms(t.firstTextMs ?? null), ms(t.stoppedToToolCallMs ?? null),
    t.toolCall?.name, t.toolCall?.arguments, t.toolCallCorrect, t.replyText, t.audioFile,
  ];
}

/** turns.csv: one row per detected turn. */
export function renderTurnsCsv(items: readonly ItemResult[], options?: CsvOptions): string {
  const rows = items.flatMap((i) =>
    i.turns.map((t): Cell[] => [
      i.runId, i.config.config_id, i.itemId, i.repeat, t.turnIndex, t.serverItemId, ms(t.speechStartedMs), ms(t.speechStoppedMs), t.audioStartMs, t.audioEndMs,
      t.expectedTurn, t.falseStart, ms(t.onsetErrorMs), ms(t.offsetErrorMs), ms(t.speechEndToStoppedMs), ms(t.stoppedToFirstDeltaMs), ms(t.stoppedToTranscriptMs),
      ms(t.stoppedToFirstAudioMs), ms(t.speechEndToFirstAudioMs), t.responseId, t.responseStatus, t.transcript,
      t.onsetClamped,
      ...responseCells(t),
    ]),
  );
  return render(TURN_COLUMNS, rows, options);
}

const latencyColumns = (names: readonly LatencyName[]): string[] =>
  names.flatMap((name) => [`${name}_n`, ...PERCENTILES.flatMap((p) => [`${name}_p${p}`, `${name}_p${p}_ci_low`, `${name}_p${p}_ci_high`])]);
const LATENCY_COLUMNS = latencyColumns([...TURN_LATENCIES, ...SESSION_LATENCIES]);

/** Columns of summary.csv. */
export const SUMMARY_COLUMNS = [
  'run_id', 'config_id', 'model', 'transcribe_model', 'protocol', 'session', 'rate_hz', 'format', 'vad', 'threshold', 'prefix_padding_ms', 'silence_duration_ms', 'eagerness',
  'emulated', 'items', 'items_ok', 'items_error', 'wer', 'wer_ci_low', 'wer_ci_high', 'cer', 'ref_words', 'substitutions', 'deletions', 'insertions',
  'turns_expected', 'turns_detected', 'turns_split', 'turns_merged', 'turns_missed', 'turn_split_rate', 'false_starts', 'non_speech_hours', 'false_starts_per_hour',
  'onset_error_ms_mean', 'offset_error_ms_mean', ...LATENCY_COLUMNS, 'input_tokens', 'output_tokens', 'cost_usd', 'normalizer',
  ...latencyColumns(AUTH_LATENCIES),
  'detection_error_rate', 'false_alarm_ms', 'miss_ms', 'speech_ms',
  'silent_sessions',
  'output_modalities', ...latencyColumns(RESPONSE_LATENCIES), 'tool_call_items', 'tool_call_accuracy', 'audio_bytes_sent', 'audio_bytes_received',
  'transport', ...latencyColumns(CONNECT_LATENCIES),
] as const;

/** summary.csv: one row per config. */
export function renderSummaryCsv(run: RunResult): string {
  const rows = run.summary.map((s): Cell[] => {
    const c = s.config;
    const cells = (names: readonly LatencyName[]): Cell[] =>
      names.flatMap((name) => {
        // A summary written before a latency existed has none of it: blank cells.
        const l = (s.latencies as Partial<typeof s.latencies>)[name];
        if (l === undefined) return [null, ...PERCENTILES.flatMap(() => [null, null, null])];
        return [l.n, ...PERCENTILES.flatMap((p) => [ms(l[`p${p}`].value), ms(l[`p${p}`].ciLow), ms(l[`p${p}`].ciHigh)])];
      });
    const latencies = cells([...TURN_LATENCIES, ...SESSION_LATENCIES]);
    return [
      run.meta.runId, c.config_id, c.model, c.transcribe_model, c.protocol, c.session, c.rate_hz, c.format, c.vad, c.threshold, c.prefix_padding_ms, c.silence_duration_ms, c.eagerness,
      s.emulated, s.items, s.itemsOk, s.itemsError, rate(s.wer.value), rate(s.wer.ciLow), rate(s.wer.ciHigh), rate(s.cer), s.refWords, s.substitutions, s.deletions, s.insertions,
      s.turnsExpected, s.turnsDetected, s.turnsSplit, s.turnsMerged, s.turnsMissed, rate(s.turnSplitRate), s.falseStarts, formatNumber(s.nonSpeechHours, 6), formatNumber(s.falseStartsPerHour, 2),
      ms(s.onsetErrorMsMean), ms(s.offsetErrorMsMean), ...latencies, s.inputTokens, s.outputTokens, formatNumber(s.costUsd, 6), s.normalizer,
      ...cells(AUTH_LATENCIES),
      rate(s.detectionErrorRate), ms(s.falseAlarmMs), ms(s.missMs), ms(s.speechMs),
      s.silentSessions,
      c.session === 'realtime' ? (c.output_modalities ?? 'audio') : null, ...cells(RESPONSE_LATENCIES), s.toolCallItems, rate(s.toolCallAccuracy ?? null), s.audioBytesSent, s.audioBytesReceived,
      transportOf(c), ...cells(CONNECT_LATENCIES),
    ];
  });
  return render(SUMMARY_COLUMNS, rows);
}
