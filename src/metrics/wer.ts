/** One step of an alignment between reference and hypothesis tokens. */
export type AlignOp = { op: 'equal' | 'substitute'; ref: string; hyp: string } | { op: 'delete'; ref: string } | { op: 'insert'; hyp: string };

/** Error counts of an alignment. */
export interface EditCounts {
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  /** Tokens in the reference. */
  readonly refTokens: number;
  readonly hits: number;
}

/** Counts plus the alignment itself. */
export interface Alignment extends EditCounts {
  readonly ops: readonly AlignOp[];
}

/**
 * Levenshtein alignment with unit costs. Ties prefer a match/substitution, then a deletion,
 * then an insertion, like sclite's default DP, so that counts agree with it.
 */
export function alignTokens(ref: readonly string[], hyp: readonly string[]): Alignment {
  const n = ref.length;
  const m = hyp.length;
  const width = m + 1;
  const cost = new Uint32Array((n + 1) * width);
  for (let i = 0; i <= n; i++) cost[i * width] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diag = (cost[(i - 1) * width + j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      const up = (cost[(i - 1) * width + j] ?? 0) + 1;
      const left = (cost[i * width + j - 1] ?? 0) + 1;
      cost[i * width + j] = Math.min(diag, up, left);
    }
  }
  const ops: AlignOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j] ?? 0;
    if (i > 0 && j > 0 && here === (cost[(i - 1) * width + j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1)) {
      const r = ref[i - 1] ?? '';
      const h = hyp[j - 1] ?? '';
      ops.push({ op: r === h ? 'equal' : 'substitute', ref: r, hyp: h });
      i--;
      j--;
    } else if (i > 0 && here === (cost[(i - 1) * width + j] ?? 0) + 1) {
      ops.push({ op: 'delete', ref: ref[i - 1] ?? '' });
      i--;
    } else {
      ops.push({ op: 'insert', hyp: hyp[j - 1] ?? '' });
      j--;
    }
  }
  ops.reverse();
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  for (const o of ops) {
    if (o.op === 'substitute') substitutions++;
    else if (o.op === 'delete') deletions++;
    else if (o.op === 'insert') insertions++;
  }
  return { ops, substitutions, deletions, insertions, refTokens: n, hits: n - substitutions - deletions };
}

/** Error rate of counts: (S + D + I) / N; with an empty reference, the insertion count (0 when both are empty). */
export function errorRate(counts: EditCounts): number {
  const errors = counts.substitutions + counts.deletions + counts.insertions;
  return counts.refTokens === 0 ? errors : errors / counts.refTokens;
}
