import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import type { ItemResult } from '../../src/metrics/item-result.js';
import { renderHtml } from '../../src/reporters/html/render.js';
import { runCli, tempDir, type CliRun } from '../helpers/cli.js';
import { item, recordFor, runOf } from '../helpers/items.js';

const THRESHOLDS = ['0.3', '0.5', '0.7'];
const SILENCES = ['200', '500', '800'];
const ITEMS = 'syn_gaps_300_600_1200ms_16k,syn_no_speech_silence_then_noise_16k';

/** The little of the DOM these tests touch (the project compiles without the DOM library). */
// NOTE: callbacks of $eval/$$eval run inside the page, so they may only use casts, never helpers.
interface DomElement {
  querySelectorAll(selector: string): { length: number };
  getAttribute(name: string): string | null;
  readonly children: ArrayLike<DomElement>;
  readonly textContent: string | null;
}

interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-charts-ready]');
  return { page, requests, problems };
}

describe('a 3 × 3 VAD sweep and its report in Chromium', () => {
  let out: string;
  let sweep: CliRun;
  let browser: Browser;
  let opened: Opened;
  const runDir = (): string => join(out, 'sweep');

  beforeAll(async () => {
    out = tempDir();
    sweep = await runCli(['run', '--speed', 'max', '--threshold', THRESHOLDS.join(','), '--silence-duration-ms', SILENCES.join(','), '--items', ITEMS, '--concurrency', '9', '--out', out, '--run-id', 'sweep']);
    browser = await launchChromium();
    opened = await open(browser, join(runDir(), 'report.html'));
  }, 120_000);

  afterAll(async () => {
    await browser.close();
  });

  it('writes a summary row per config', () => {
    expect(sweep.code, sweep.stderr).toBe(0);
    const rows = parse<Record<string, string>>(readFileSync(join(runDir(), 'summary.csv'), 'utf8'), { columns: true });
    const cells = rows.map((r) => `${r.threshold}/${r.silence_duration_ms}`).sort();
    expect(cells).toEqual(THRESHOLDS.flatMap((t) => SILENCES.map((s) => `${t}/${s}`)).sort());
    expect(rows.every((r) => r.items === '2' && r.items_ok === '2')).toBe(true);
  });

  it('loads nothing from the network and logs no errors', () => {
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([pathToFileURL(join(runDir(), 'report.html')).href]);
  });

  it('renders every chart, in every view', async () => {
    const { page } = opened;
    const charts = await page.$$eval('[data-chart], #timeline-chart', (els) => (els as unknown as DomElement[]).map((el) => el.querySelectorAll('svg path, svg rect, svg text').length));
    expect(charts.length).toBeGreaterThanOrEqual(6);
    expect(await page.getAttribute('html', 'data-charts-ready')).toBe(String(charts.length));
    for (const count of charts) expect(count).toBeGreaterThan(10);
    for (const select of await page.$$('select[data-chart-select], #session-select')) {
      for (const value of await select.$$eval('option', (os) => (os as unknown as DomElement[]).map((o) => o.getAttribute('value') ?? ''))) await select.selectOption(value);
    }
    expect(opened.problems).toEqual([]);
  });

  it('draws the heatmaps over threshold × silence_duration_ms with a cell per config', async () => {
    const heatmaps = await opened.page.$$eval('[data-chart^="heatmap-"]', (els) =>
      (els as unknown as DomElement[]).map((el) => {
        const page = globalThis as unknown as { echarts: { getInstanceByDom(e: unknown): { getOption(): { series: { data: unknown[] }[]; xAxis: { data: string[] }[]; yAxis: { data: string[] }[] } } } };
        const chart = page.echarts.getInstanceByDom(el);
        const option = chart.getOption();
        return { cells: option.series[0]?.data.length, x: option.xAxis[0]?.data, y: option.yAxis[0]?.data };
      }),
    );
    expect(heatmaps).toHaveLength(3);
    for (const h of heatmaps) expect(h).toEqual({ cells: 9, x: SILENCES, y: THRESHOLDS });
  });

  it('sorts the config table by a clicked column', async () => {
    const { page } = opened;
    await page.click('#config-table th:has-text("silence ms")');
    const ascending = await page.$$eval('#config-table tbody tr', (rows) => (rows as unknown as DomElement[]).map((r) => Number(r.children[6]?.getAttribute('data-v'))));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('#config-table th:has-text("silence ms")');
    const descending = await page.$$eval('#config-table tbody tr', (rows) => (rows as unknown as DomElement[]).map((r) => Number(r.children[6]?.getAttribute('data-v'))));
    expect(descending).toEqual([...ascending].reverse());
  });

  it('shows the emulated banner and draws the waveform of the chosen session', async () => {
    const { page } = opened;
    expect(await page.textContent('.banner')).toContain('Emulated run');
    await page.selectOption('#session-select', { index: 0 });
    const waveform = await page.$eval('#timeline-chart', (el) => (el as unknown as DomElement).textContent);
    expect(waveform).toContain('waveform');
    expect(await page.textContent('#alignment')).not.toBe('');
  });

  it('takes a screenshot of the whole report and of each chart', async () => {
    const { page } = opened;
    // Kept in test-results/ (git-ignored) so that CI can publish them.
    const dir = join(process.cwd(), 'test-results', 'report');
    mkdirSync(dir, { recursive: true });
    const full = await page.screenshot({ fullPage: true, path: join(dir, 'report.png') });
    expect(full.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(full.readUInt32BE(16)).toBe(1280);
    const blank = await browser.newPage({ viewport: { width: 600, height: 300 } });
    const blankSize = (await blank.screenshot()).length;
    await blank.close();
    for (const [i, chart] of (await page.$$('[data-chart], #timeline-chart')).entries()) {
      const shot = await chart.screenshot({ path: join(dir, `chart-${i}.png`) });
      // A drawn chart compresses far worse than a blank area of about the same size.
      expect(shot.length).toBeGreaterThan(blankSize * 4);
    }
  });

  it('exits 3 on a failing threshold and says which, with JUnit and Markdown on request', async () => {
    const junit = join(out, 'junit.xml');
    const markdown = join(out, 'summary.md');
    const r = await runCli(['report', runDir(), '--fail-on', 'wer>0.5,stopped_to_transcript_ms.p50>1', '--junit', junit, '--markdown', markdown]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/threshold failed: stopped_to_transcript_ms\.p50>1 for gpt-realtime\+gpt-4o-transcribe\.ga\.realtime\.sv-t0\.3-p300-s200\.pcm24k \(actual \d/);
    expect(r.stdout).not.toContain('threshold failed: wer>0.5');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="18" failures="9"');
    expect(xml).toContain('<failure message="stopped_to_transcript_ms.p50&gt;1 failed for');
    expect(readFileSync(markdown, 'utf8')).toContain('❌ 9 threshold check(s) failed');
  });
});

describe('the alignment in the report', () => {
  it('marks substitutions, deletions and insertions', async () => {
    const scored = { ...item('a', { errors: 1 }), alignment: [{ op: 'equal', ref: 'turn', hyp: 'turn' }, { op: 'substitute', ref: 'on', hyp: 'off' }, { op: 'delete', ref: 'the' }, { op: 'insert', hyp: 'uh' }] } as ItemResult;
    const file = join(tempDir(), 'report.html');
    writeFileSync(file, renderHtml(runOf([scored]), { records: [recordFor(scored)] }));
    const browser = await launchChromium();
    try {
      const { page, problems } = await open(browser, file);
      expect(problems).toEqual([]);
      expect(await page.$$eval('#alignment span', (els) => (els as unknown as DomElement[]).map((e) => `${e.getAttribute('class') ?? ''}:${e.textContent ?? ''}`))).toEqual(['op-equal:turn', 'op-substitute:on off', 'op-delete:the', 'op-insert:uh']);
      expect(await page.textContent('#alignment .op-substitute s')).toBe('on');
    } finally {
      await browser.close();
    }
  });
});

describe('texts from corpora and models in the report', () => {
  const hostile = '</script><script>window.__pwned = 1</script><img src="https://example.invalid/x.png" onerror="window.__pwned = 2">';

  it('are escaped everywhere and never run or load anything', async () => {
    const corpus = tempDir();
    copyFileSync(join(process.cwd(), 'corpus', 'synthetic', 'syn_gaps_300_600_1200ms_16k.wav'), join(corpus, 'a.wav'));
    const id = '<b id="x">item</b>';
    writeFileSync(join(corpus, 'manifest.jsonl'), `${JSON.stringify({ id, audio: 'a.wav', text: `please ${hostile} turn on the lights`, speech_segments: [[0.5, 2.2342]] })}\n`);
    const out = tempDir();
    const r = await runCli(['run', '--corpus', corpus, '--speed', 'max', '--out', out, '--run-id', 'hostile']);
    expect(r.code, r.stderr).toBe(0);
    const browser = await launchChromium();
    try {
      const { page, requests, problems } = await open(browser, join(out, 'hostile', 'report.html'));
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(requests).toHaveLength(1);
      expect(problems).toEqual([]);
      expect(await page.$('b#x')).toBeNull();
      expect(await page.textContent('#items-table')).toContain(hostile);
      expect(await page.textContent('#session-select')).toContain(id);
      expect(await page.textContent('#text-reference')).toContain(hostile);
    } finally {
      await browser.close();
    }
  });

  it('include what a server says (its errors, in the error and warnings of a session), escaped and inert', async () => {
    const failed = { ...item('failed', { status: 'error' }), error: `the server closed the socket during setup (code 1011, ${hostile})`, warnings: [`server error server_error: ${hostile}`] } as ItemResult;
    const warned = { ...item('warned'), warnings: [`1 frame(s) from the server were not JSON events (first: ${hostile})`] } as ItemResult;
    const file = join(tempDir(), 'report.html');
    writeFileSync(file, renderHtml(runOf([failed, warned]), { records: [recordFor(failed), recordFor(warned)] }));
    const browser = await launchChromium();
    try {
      const { page, requests, problems } = await open(browser, file);
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(requests).toHaveLength(1);
      expect(problems).toEqual([]);
      const table = await page.textContent('#items-table');
      expect(table).toContain(`(code 1011, ${hostile})`);
      expect(table).toContain(`server error server_error: ${hostile}`);
      expect(table).toContain(`not JSON events (first: ${hostile})`);
    } finally {
      await browser.close();
    }
  });
});
