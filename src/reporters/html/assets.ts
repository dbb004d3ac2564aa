import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Apache ECharts (Apache-2.0), the charting library inlined into every report so that the page
 * makes no network request. Its official minified build carries its licence header.
 */
export const CHART_LIBRARY = { name: 'Apache ECharts', license: 'Apache-2.0', module: 'echarts/dist/echarts.min' } as const;

let cached: string | null = null;

/** The library's source, ready for a `<script>` element (read once per process). */
export function chartLibrarySource(): string {
  if (cached === null) {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve(CHART_LIBRARY.module), 'utf8');
    // An inline script ends at the first "</script"; the library has none, but never trust that.
    cached = source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  }
  return cached;
}

/** The library's version, for the report's footer. */
export function chartLibraryVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('echarts/package.json') as { version: string }).version;
}
