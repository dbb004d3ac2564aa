/** A span of audio time, in ms from the start of the item's audio. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** A turn as the server detected it (speech_started … speech_stopped), on the audio clock. */
export interface DetectedTurn {
  /** `audio_start_ms` + prefix padding: where the server heard speech begin. */
  readonly onsetMs: number;
  /** `audio_end_ms` − silence duration: where the server heard speech end; null if it never stopped. */
  readonly endMs: number | null;
  /** The reported span: `audio_start_ms` … `audio_end_ms` (padding and silence included). */
  readonly reported: Interval;
  /**
   * The prefix padding may have been cut short at the start of the input buffer (audio_start_ms
   * is 0, or not after the previous commit), so the onset is unknown: no onset error.
   */
  readonly onsetClamped?: boolean;
}

/** How one detected turn relates to the truth. */
export interface TurnMatch {
  /** Index of the expected turn it overlaps most; null when none. */
  readonly expected: number | null;
  /** First detected turn of its expected turn: its onset error counts. */
  readonly firstPiece: boolean;
  /** Last detected turn of its expected turn: its offset error counts. */
  readonly lastPiece: boolean;
  /** Its reported span overlaps no true speech at all. */
  readonly falseStart: boolean;
  /** Overlaps two or more expected turns. */
  readonly merged: boolean;
  /** Detected onset − true start, when it is the first piece. */
  readonly onsetErrorMs: number | null;
  /** Detected end − true end, when it is the last piece and it stopped. */
  readonly offsetErrorMs: number | null;
}

/** Turn scores of one item. */
export interface TurnScores {
  readonly matches: readonly TurnMatch[];
  readonly expected: readonly Interval[];
  /** Expected turns cut into two or more detected turns. */
  readonly splits: number;
  /** Detected turns that span two or more expected turns. */
  readonly merges: number;
  /** Expected turns that no detected turn's heard span overlaps at all. */
  readonly missed: number;
  readonly falseStarts: number;
}

/** Below this, two times in ms are the same (segments come in seconds with a few decimals). */
const TIME_EPSILON_MS = 1e-6;

/**
 * True segments (seconds) merged across gaps shorter than `mergeGapMs`: the turns a server should
 * find. A gap exactly as long as the silence is not merged (the server's timer has run out).
 */
export function expectedTurns(segmentsS: readonly (readonly [number, number])[], mergeGapMs: number): Interval[] {
  const sorted = [...segmentsS].map(([s, e]) => ({ startMs: s * 1000, endMs: e * 1000 })).sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const seg of sorted) {
    const last = merged.at(-1);
    if (last && seg.startMs - last.endMs < mergeGapMs - TIME_EPSILON_MS) merged[merged.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, seg.endMs) };
    else merged.push(seg);
  }
  return merged;
}

/** The span a server heard as speech: onset … end, or … `audioEndMs` when it never stopped. */
export function heardSpan(turn: DetectedTurn, audioEndMs: number): Interval {
  return { startMs: turn.onsetMs, endMs: turn.endMs ?? audioEndMs };
}

function overlapMs(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));
}

function bestMatch(span: Interval, expected: readonly Interval[]): { index: number | null; count: number } {
  let index: number | null = null;
  let best = 0;
  let count = 0;
  expected.forEach((turn, i) => {
    const overlap = overlapMs(span, turn);
    if (overlap > 0) count++;
    if (overlap > best) {
      best = overlap;
      index = i;
    }
  });
  return { index, count };
}

/**
 * Matches detected turns to expected turns by overlap. The span heard as speech (onset … end)
 * decides; when it overlaps nothing, the reported span (with padding and silence) does.
 * `audioEndMs` closes a turn that never stopped.
 */
export function scoreTurns(
  detected: readonly DetectedTurn[],
  truthSegmentsS: readonly (readonly [number, number])[],
  mergeGapMs: number,
  audioEndMs: number,
): TurnScores {
  const expected = expectedTurns(truthSegmentsS, mergeGapMs);
  const truth = expectedTurns(truthSegmentsS, 0);
  const heardSpans = detected.map((turn) => heardSpan(turn, audioEndMs));
  const raw = detected.map((turn, d) => {
    const heard = heardSpans[d] ?? { startMs: 0, endMs: 0 };
    const reported = { startMs: turn.reported.startMs, endMs: turn.endMs === null ? audioEndMs : turn.reported.endMs };
    const byHeard = bestMatch(heard, expected);
    const match = byHeard.index === null ? bestMatch(reported, expected) : byHeard;
    return { turn, index: match.index, merged: byHeard.count >= 2, falseStart: bestMatch(reported, truth).index === null };
  });
  const pieces = expected.map((_, e) => raw.flatMap((r, d) => (r.index === e ? [d] : [])));
  const matches = raw.map((r, d): TurnMatch => {
    const mine = r.index === null ? [] : (pieces[r.index] ?? []);
    const truthTurn = r.index === null ? undefined : expected[r.index];
    const firstPiece = mine[0] === d;
    const lastPiece = mine.at(-1) === d;
    return {
      expected: r.index,
      firstPiece,
      lastPiece,
      falseStart: r.falseStart,
      merged: r.merged,
      onsetErrorMs: truthTurn && firstPiece && r.turn.onsetClamped !== true ? r.turn.onsetMs - truthTurn.startMs : null,
      offsetErrorMs: truthTurn && lastPiece && r.turn.endMs !== null ? r.turn.endMs - truthTurn.endMs : null,
    };
  });
  return {
    matches,
    expected,
    splits: pieces.filter((p) => p.length >= 2).length,
    merges: matches.filter((m) => m.merged).length,
    missed: expected.filter((e) => !heardSpans.some((h) => overlapMs(h, e) > 0)).length,
    falseStarts: matches.filter((m) => m.falseStart).length,
  };
}

/** Total length of true speech (segments merged where they overlap). */
export function speechMs(truthSegmentsS: readonly (readonly [number, number])[]): number {
  return expectedTurns(truthSegmentsS, 0).reduce((sum, t) => sum + (t.endMs - t.startMs), 0);
}
