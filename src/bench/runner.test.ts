import { describe, expect, it } from 'vitest';
import { expandMatrix } from '../config/matrix.js';
import { resolveOptions } from '../config/options.js';
import { selectShard } from '../config/shard.js';
import type { CorpusItem } from '../corpus/manifest.js';
import { workList } from './runner.js';

const configs = expandMatrix(resolveOptions({ threshold: [0.3, 0.5, 0.7], silenceDurationMs: [200, 800] }, { cwd: '/', env: {}, bundledCorpus: '/c' }));
const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }) as CorpusItem);

describe('workList', () => {
  const units = workList(configs, items, 2);

  it('holds every config × item × repeat once', () => {
    expect(units).toHaveLength(6 * 5 * 2);
    expect(new Set(units.map((u) => `${u.config.configId}/${u.item.id}/${u.repeat}`)).size).toBe(units.length);
  });

  it('keeps any prefix balanced across configs, so a cut-short run still compares them', () => {
    for (let n = 1; n <= units.length; n++) {
      const counts = configs.map((c) => units.slice(0, n).filter((u) => u.config === c).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('gives every shard every config in about equal measure', () => {
    for (let index = 1; index <= 3; index++) {
      const shard = selectShard(units, { index, count: 3 });
      const counts = configs.map((c) => shard.filter((u) => u.config === c).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});
