/**
 * Model names the live service lists for Realtime sessions (REALTIME.md §4.1 and §4.3). A
 * typo in `--model` against `--target openai` would only fail at the handshake (close 4000)
 * after the run had started, so names are checked against these lists first. Dated snapshots
 * of a listed name (`gpt-realtime-mini-2025-12-15`) are accepted.
 * NOTE: the README lists these names (Quick start, the live API); keep them in step.
 */

/** Realtime (conversation) models: GA, then the beta previews. */
export const KNOWN_REALTIME_MODELS = [
  'gpt-realtime',
  'gpt-realtime-mini',
  'gpt-realtime-1.5',
  'gpt-realtime-2',
  'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini',
  'gpt-4o-realtime-preview',
  'gpt-4o-mini-realtime-preview',
] as const;

/** Input transcription models. */
export const KNOWN_TRANSCRIBE_MODELS = [
  'gpt-4o-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-transcribe-diarize',
  'gpt-transcribe',
  'gpt-live-transcribe',
  'gpt-realtime-whisper',
  'whisper-1',
] as const;

const SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** Whether `name` is one of `known`, or a dated snapshot of one. */
export function isKnownModel(name: string, known: readonly string[]): boolean {
  return known.includes(name) || known.includes(name.replace(SNAPSHOT, ''));
}

/** Adds a problem for every model name the live service does not list, with the list. */
export function checkKnownModels(problems: string[], o: { readonly model: readonly string[]; readonly transcribeModel: readonly string[]; readonly session: readonly string[] }): void {
  const escape = 'to try a model not listed here, give the service as a URL target: --target wss://api.openai.com/v1/realtime';
  if (o.session.includes('realtime')) {
    for (const model of o.model.filter((m) => !isKnownModel(m, KNOWN_REALTIME_MODELS))) {
      problems.push(`--model ${model}: not a realtime model of --target openai; known: ${KNOWN_REALTIME_MODELS.join(', ')} (or a dated snapshot of one; ${escape})`);
    }
  }
  for (const model of o.transcribeModel.filter((m) => !isKnownModel(m, KNOWN_TRANSCRIBE_MODELS))) {
    problems.push(`--transcribe-model ${model}: not a transcription model of --target openai; known: ${KNOWN_TRANSCRIBE_MODELS.join(', ')} (or a dated snapshot of one; ${escape})`);
  }
}
