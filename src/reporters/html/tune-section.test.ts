import { describe, expect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../../../test/helpers/items.js';
import { answerOf } from '../../bench/tune/answer.js';
import { settingEvidence } from '../../bench/tune/evidence.js';
import { planSearch } from '../../bench/tune/plan.js';
import { decideRound, type RoundRules, type SettingResults } from '../../bench/tune/round.js';
import type { TuneFile } from '../../bench/tune/tune-file.js';
import { parseObjective } from '../../config/objective.js';
import { renderHtml } from './render.js';

const ITEMS = ['a', 'b', 'c'];
const OBJECTIVE = 'min turn_split_rate + silence_duration_ms/10000 subject to wer<0.5';

function tuned(status: TuneFile['status']): { file: TuneFile; items: ReturnType<typeof item>[] } {
  const settings: SettingResults[] = [200, 600, 1000].map((ms, i) => {
    const config = configRecord(0.5, ms);
    return { config, gridIndex: i, results: ITEMS.map((id) => item(id, { config, splits: ms === 200 ? 1 : 0, turns: [turn(0), turn(1)] })) };
  });
  const rules: RoundRules = { objective: parseObjective(OBJECTIVE), eta: 3, alpha: 0.05, seed: 1, resamples: 100 };
  const round = { ...decideRound(0, true, settings, ITEMS, rules), newSessions: 9 };
  const answer = answerOf(round, settings, rules);
  const done = status === 'done';
  const file: TuneFile = {
    kind: 'rtbench.tune', schemaVersion: 1, tuneId: 't<1>', harnessVersion: '0', startedAt: '', endedAt: null, status,
    search: { objective: `${OBJECTIVE} <b>`, eta: 3, minItems: 1, alpha: 0.05, space: {} }, options: { seed: 1, speed: 'max' },
    plan: planSearch(3, ITEMS, { eta: 3, minItems: 1, repeat: 1, seed: 1 }), grid: settings.map((s) => s.config.config_id),
    rounds: done ? [round] : [], sessionsUsed: 9, answer: done ? answer : null, settings: done ? settingEvidence([round], answer) : [], resumes: [],
  };
  return { file, items: settings.flatMap((s) => [...s.results]) };
}

describe('the tune section of the report', () => {
  it('shows the answer, the runners-up, the rounds, the curves and the evidence, escaped', () => {
    const { file, items } = tuned('done');
    const html = renderHtml(runOf(items), { tune: { file, skipped: ['line-3: <bad> line'] }, chartLibrary: '' });
    expect(html).toContain('<h1>rtbench tune run</h1>');
    expect(html).toContain('<strong>Recommended:</strong> <code>gpt-realtime+gpt-4o-transcribe.ga.realtime.sv-t0.5-p300-s600.pcm24k</code>');
    expect(html).toContain('9 sessions</strong> used, of 9 for the full grid (100%)');
    expect(html).toContain('min turn_split_rate + silence_duration_ms/10000 subject to wer&lt;0.5 &lt;b&gt;');
    expect(html).toContain('line-3: &lt;bad&gt; line');
    expect(html).toContain('The tune ran unpaced');
    for (const id of ['tune-rounds', 'tune-contenders', 'tune-settings']) expect(html).toContain(`id="${id}"`);
    const data = JSON.parse(/<script type="application\/json" id="rtbench-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}') as { charts: Record<string, { initial: string }> };
    expect(data.charts['tune-trade-off']?.initial).toBe('silence_duration_ms');
    expect(Object.keys(data.charts)).toEqual(expect.arrayContaining(['tune-objective', 'tune-false-starts', 'latency', 'pareto']));
  });

  it('says how to finish a tune that has no answer yet', () => {
    const { file, items } = tuned('interrupted');
    const html = renderHtml(runOf(items), { tune: { file, skipped: [] }, chartLibrary: '' });
    expect(html).toContain('The tune is interrupted after 0 of 2 rounds; <code>rtbench tune --resume t&lt;1&gt;</code>');
    expect(html).toContain('appears here when the tune has ended');
  });
});
