import { asObj } from '../session-config.js';

/** The offer of a call, and the session configuration that came with it. */
export interface CallBody {
  readonly sdp: string;
  /** The multipart `session` part (GA session object); absent with `application/sdp`. */
  readonly session?: Record<string, unknown>;
}

function checkedSdp(text: string): string | null {
  return text.trimStart().startsWith('v=') ? text : null;
}

function sessionObject(text: string): Record<string, unknown> | string {
  try {
    return asObj(JSON.parse(text)) ?? 'the session part is not a JSON object';
  } catch {
    return 'the session part is not valid JSON';
  }
}

/** The parts of a multipart/form-data body by name (RFC 7578); only what a call's form holds. */
function formParts(body: Buffer, boundary: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const raw of body.toString('utf8').split(`--${boundary}`)) {
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]*)"/i.exec(raw.slice(0, headerEnd))?.[1];
    if (name !== undefined) parts.set(name, raw.slice(headerEnd + 4).replace(/\r\n$/, ''));
  }
  return parts;
}

/**
 * Reads a `POST /v1/realtime/calls` body: `application/sdp` (the offer itself) or
 * `multipart/form-data` with an `sdp` part and an optional `session` part (JSON); the problem
 * with it otherwise, said as the client can fix it.
 */
export function parseCallBody(contentType: string, body: Buffer): CallBody | { problem: string } {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/sdp') {
    const sdp = checkedSdp(body.toString('utf8'));
    return sdp === null ? { problem: 'The body is not an SDP offer (it must start with "v=").' } : { sdp };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (boundary === undefined) return { problem: 'The multipart body names no boundary.' };
    const parts = formParts(body, boundary);
    const sdp = checkedSdp(parts.get('sdp') ?? '');
    if (sdp === null) return { problem: "The form has no 'sdp' part holding an SDP offer." };
    const sessionText = parts.get('session');
    if (sessionText === undefined) return { sdp };
    const session = sessionObject(sessionText);
    return typeof session === 'string' ? { problem: `Invalid 'session': ${session}.` } : { sdp, session };
  }
  return { problem: `Send the offer as application/sdp or multipart/form-data (sdp, session), not ${type === '' ? 'without a content type' : type}.` };
}
