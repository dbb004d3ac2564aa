import { describe, expect, it } from 'vitest';
import { configRecord, item, recordFor, runOf } from '../../../test/helpers/items.js';
import type { ItemResult } from '../../metrics/item-result.js';
import { renderHtml } from './render.js';

const hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

function hostileItem(): ItemResult {
  const base = item(`id-${hostile}`, { errors: 1 });
  return { ...base, reference: hostile, hypothesis: `${hostile} & more`, error: null, alignment: [{ op: 'substitute', ref: hostile, hyp: 'x' }] };
}

describe('renderHtml', () => {
  const items = [hostileItem(), item('b', { config: configRecord(0.5, 500, 'gpt-realtime-mini') })];
  const html = renderHtml(runOf(items), { records: items.map(recordFor) });
  const page = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');

  it('is one page that may load nothing', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|source)\b[^>]*\b(src|href|data)="(?!data:)/i);
    expect(html).toContain('Apache ECharts');
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('escapes corpus and model texts in the markup and in the data block', () => {
    const scripts = html.match(/<script\b/g) ?? [];
    expect(scripts).toHaveLength(3);
    expect(page).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const data = /<script type="application\/json" id="rtbench-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toBe('');
    expect(JSON.stringify(JSON.parse(data))).toContain(hostile);
  });

  it('says when there is no sweep, and marks emulated runs', () => {
    expect(html).toContain('No sweep in this run');
    expect(html).toContain('Emulated run.');
  });
});
