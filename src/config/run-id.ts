/** Longest run id: the name of one folder, well inside every file system's limit (255 bytes). */
export const MAX_RUN_ID_LENGTH = 128;

const RUN_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_RUN_ID_LENGTH - 1}}$`);

/**
 * The problem with a run id, or null when it is a safe folder name: 1 to 128 letters, digits,
 * '.', '_' and '-', starting with a letter or a digit (so never `.`, `..` or a hidden name).
 */
export function runIdProblem(flag: string, runId: string): string | null {
  if (RUN_ID.test(runId)) return null;
  const shown = runId.length > 40 ? `${runId.slice(0, 40)}… (${runId.length} characters)` : JSON.stringify(runId);
  return `${flag} ${shown}: a run id names one folder: 1 to ${MAX_RUN_ID_LENGTH} letters, digits, '.', '_' and '-', starting with a letter or a digit`;
}
