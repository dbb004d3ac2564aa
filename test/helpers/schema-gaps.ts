type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Values that real traffic carries but the schema files lack, plus the emulator's one documented
 * extension. Each is replaced by a value the schema has before an event is validated, so that
 * everything else is still checked strictly; every replacement is named here with its source.
 *
 * - `rate: 16000` in an audio format: the emulator also takes 16 kHz PCM (DESIGN.md §2); the GA
 *   schema's enum is [24000].
 * - beta `transcription_session.created`: the first event of a beta transcription session in
 *   recorded traffic (REALTIME.md §1); the 2025-04 beta union lacks it, so it is checked as
 *   `transcription_session.updated` (same payload).
 * - beta item and response `status: "in_progress"` (REALTIME.md §0: the beta spec lacks enum
 *   values seen live), checked as `incomplete`.
 * - beta assistant content `type: "audio"` (REALTIME.md §6, recorded traffic), checked as `text`.
 * - beta client `turn_detection: null` (REALTIME.md §4.1: null turns detection off), dropped.
 * - GA client `response.conversation`: the spec's `oneOf` lists `string` and the `auto`/`none`
 *   string enum, so every valid value matches both and fails `oneOf`; dropped.
 */
export function fillSchemaGaps(protocol: 'ga' | 'beta', event: Json, side: 'server' | 'client'): { event: Json; filled: string[] } {
  const filled: string[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((v, i) => walk(v, `${path}/${i}`));
    if (!isObj(node)) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      const at = `${path}/${k}`;
      if (k === 'rate' && v === 16000) {
        filled.push(`${at}=16000`);
        out[k] = 24000;
      } else if (protocol === 'beta' && k === 'status' && v === 'in_progress') {
        filled.push(`${at}=in_progress`);
        out[k] = 'incomplete';
      } else if (protocol === 'beta' && k === 'type' && v === 'audio' && /\/content\/\d+$/.test(path)) {
        filled.push(`${at}=audio`);
        out[k] = 'text';
      } else if (protocol === 'beta' && side === 'client' && k === 'turn_detection' && v === null) {
        filled.push(`${at}=null`);
      } else if (protocol === 'ga' && side === 'client' && path === '/response' && k === 'conversation' && (v === 'auto' || v === 'none')) {
        filled.push(`${at}=${v}`);
      } else out[k] = walk(v, at);
    }
    return out;
  };
  const copy = walk(event, '') as Json;
  if (protocol === 'beta' && copy.type === 'transcription_session.created') {
    filled.push('type=transcription_session.created');
    copy.type = 'transcription_session.updated';
  }
  return { event: copy, filled };
}
