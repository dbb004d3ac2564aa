import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The examples import rtbench as a project would; here that is this source tree.
  resolve: {
    alias: [
      { find: /^rtbench\/vitest$/, replacement: source('./src/vitest.ts') },
      { find: /^rtbench$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['test/live/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // onnxruntime's telemetry (on by default) writes logs under /tmp and ~/.cache from every worker
    // that loads Silero; the bin turns it off the same way.
    env: { ORT_DISABLE_TELEMETRY: '1' },
  },
});
