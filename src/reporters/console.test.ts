import { describe, expect, it, vi } from 'vitest';

const ESC = String.fromCharCode(27);
import { item, runOf, turn } from '../../test/helpers/items.js';
import { createConsoleReporter, renderResponseTable, type ProgressMode } from './console.js';

async function play(mode: ProgressMode, color: boolean): Promise<string> {
  let text = '';
  let now = 0;
  const reporter = createConsoleReporter({ write: (t) => void (text += t) }, { color, mode, now: () => now, refreshMs: 0 });
  const items = Array.from({ length: 20 }, (_, i) => item(`i${i}`, { status: i === 4 ? 'error' : 'ok' }));
  const run = runOf(items, ['wer>-1']);
  await reporter.onRunStart?.(run.meta, '/results/run');
  for (const [i, r] of items.entries()) {
    now += 500;
    await reporter.onResult?.(r, i + 1, items.length);
  }
  await reporter.onRunEnd(run, '/results/run');
  return text;
}

describe('console reporter', () => {
  it('redraws one progress bar on a terminal and prints errored sessions above it', async () => {
    const text = await play('bar', true);
    expect(text).toContain(`\r${ESC}[2K`);
    expect(text).toContain('20/20 100% · 0:10 elapsed · ETA 0:00');
    expect(text).toContain(' 0/20   0% · 0:00 elapsed · ETA ?');
    expect(text.endsWith(`report: /results/run/report.html\n`)).toBe(true);
    expect(text).toContain(`) ${ESC}[31merror${ESC}[0m  boom`);
    expect(text).toContain('[ 5/20] i4 (');
    expect(text).toContain(`${ESC}[31mthreshold failed: wer>-1`);
  });

  it('keeps the elapsed time and ETA moving between sessions', async () => {
    vi.useFakeTimers();
    try {
      let text = '';
      const reporter = createConsoleReporter({ write: (t) => void (text += t) }, { color: false, mode: 'bar', now: () => Date.now() });
      const run = runOf([item('a'), item('b')]);
      await reporter.onRunStart?.(run.meta, '/r');
      vi.advanceTimersByTime(3000);
      expect(text).toContain('0/2   0% · 0:03 elapsed · ETA ?');
      await reporter.onRunEnd(run, '/r');
      const length = text.length;
      vi.advanceTimersByTime(3000);
      expect(text.length).toBe(length);
    } finally {
      vi.useRealTimers();
    }
  });

  it('prints quiet plain lines in CI: one per tenth, plus errors', async () => {
    const text = await play('ci', false);
    expect(text).not.toContain('\r');
    expect(text).not.toContain(ESC);
    expect(text.match(/^progress /gm)).toHaveLength(10);
    expect(text).toContain('progress 2/20 (10%), 0:01 elapsed, ETA 0:09, 0 errors');
    expect(text).toContain('[ 5/20] i4');
    expect(text).not.toContain('[ 6/20]');
  });

  it('prints a line per session into a pipe, without colour', async () => {
    const text = await play('lines', false);
    expect(text.match(/^\[\s*\d+\/20\]/gm)).toHaveLength(20);
    expect(text).not.toContain(ESC);
    expect(text).toContain('report: /results/run/report.html');
  });
});

describe('the response latency table', () => {
  it('shows per model connection, first audio and complete response as p50 / p95 with their intervals', () => {
    const items = Array.from({ length: 6 }, (_, i) => item(`i${i}`, { turns: [turn(0, { firstAudio: 300 + 20 * i })] }));
    const text = renderResponseTable(runOf(items, []));
    expect(text).toMatch(/^response latency per model/);
    expect(text).toContain('connection (session ready) ms p50 / p95');
    expect(text).toContain('complete response (speech end →) ms p50 / p95');
    // Text replies are not in the run, so no first-text column.
    expect(text).not.toContain('first text');
    const row = text.split('\n').find((l) => l.startsWith('gpt-realtime '));
    // first audio = 500 + firstAudio: p50 of 800…900 is 850, with its interval in brackets.
    expect(row).toMatch(/ 850 \(\d+(\.\d)?–\d+(\.\d)?\) \/ /);
  });
});
