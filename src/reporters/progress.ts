/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time left at the pace so far; null before the first session ends. */
export function etaMs(done: number, total: number, elapsedMs: number): number | null {
  if (done === 0) return null;
  return (elapsedMs / done) * Math.max(0, total - done);
}

/** What the progress line shows. */
export interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly errors: number;
}

/** One progress line: `[#########.......] 12/40  30% · 0:05 elapsed · ETA 0:12 · 1 error`. Pure. */
export function renderProgressBar(state: ProgressState, width = 24): string {
  const fraction = state.total === 0 ? 1 : Math.min(1, state.done / state.total);
  const filled = Math.round(fraction * width);
  const eta = etaMs(state.done, state.total, state.elapsedMs);
  const errors = state.errors === 0 ? '' : ` · ${state.errors} error${state.errors === 1 ? '' : 's'}`;
  const count = `${String(state.done).padStart(String(state.total).length)}/${state.total}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count} ${String(Math.floor(fraction * 100)).padStart(3)}% · ${formatDuration(state.elapsedMs)} elapsed · ETA ${eta === null ? '?' : formatDuration(eta)}${errors}`;
}

/** A plain line for CI logs: `progress 12/40 (30%), 0:05 elapsed, ETA 0:12, 1 error`. Pure. */
export function renderProgressLine(state: ProgressState): string {
  const fraction = state.total === 0 ? 1 : state.done / state.total;
  const eta = etaMs(state.done, state.total, state.elapsedMs);
  return `progress ${state.done}/${state.total} (${Math.floor(fraction * 100)}%), ${formatDuration(state.elapsedMs)} elapsed, ETA ${eta === null ? '?' : formatDuration(eta)}, ${state.errors} error${state.errors === 1 ? '' : 's'}`;
}

/** Whether a CI log should get a progress line after `done` sessions: at every tenth of the run, and at the end. */
export function isCiMilestone(done: number, total: number): boolean {
  if (done >= total) return true;
  return Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total);
}
