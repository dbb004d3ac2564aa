import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Credentials of the emulator. Without an API key every client is let in. With one, a socket
 * must present that key or an unexpired client secret minted by this emulator
 * (`POST /v1/realtime/client_secrets`), as `Authorization: Bearer …` or as the browser
 * subprotocol `openai-insecure-api-key.…`; otherwise it gets the service's auth failure (an
 * `error` event, then close 3000). Keys and secrets are never logged or echoed.
 */

/** A minted client secret and the session configuration it carries. */
export interface ClientSecret {
  readonly value: string;
  /** Unix seconds. */
  readonly expiresAt: number;
  /** The GA `session` of the request (type realtime or transcription). */
  readonly session: Readonly<Record<string, unknown>>;
}

/** Why a handshake is refused. */
export interface AuthFailure {
  readonly code: string | null;
  readonly message: string;
}

/** Secrets minted by one emulator. */
export class SecretStore {
  private readonly secrets = new Map<string, ClientSecret>();

  constructor(private readonly nowS: () => number) {}

  /** Mints a secret valid for `ttlS` seconds. */
  mint(ttlS: number, session: Readonly<Record<string, unknown>>): ClientSecret {
    const secret = { value: `ek_${randomBytes(16).toString('hex')}`, expiresAt: Math.floor(this.nowS() + ttlS), session };
    this.secrets.set(secret.value, secret);
    return secret;
  }

  /** The secret with this value, if this emulator minted it (expired or not). */
  find(value: string): ClientSecret | undefined {
    return this.secrets.get(value);
  }

  /** Whether a secret may still open sessions. */
  valid(secret: ClientSecret): boolean {
    return this.nowS() < secret.expiresAt;
  }
}

/** Prefix of the WebSocket subprotocol that carries a browser's key. */
export const SUBPROTOCOL_KEY = 'openai-insecure-api-key.';

/** The credential a request presents (bearer header, else browser subprotocol); null when none. */
export function presentedCredential(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
  if (bearer !== undefined) return bearer;
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const key = protocols.find((p) => p.startsWith(SUBPROTOCOL_KEY));
  return key === undefined ? null : key.slice(SUBPROTOCOL_KEY.length);
}

/** Constant-time comparison of two credentials. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a socket's credential; returns the secret it used (if any) or why it is refused. */
export function authorize(credential: string | null, apiKey: string | null, store: SecretStore): { secret: ClientSecret | null } | AuthFailure {
  const secret = credential === null ? undefined : store.find(credential);
  if (secret !== undefined) {
    return store.valid(secret) ? { secret } : { code: 'invalid_api_key', message: 'The client secret has expired. Mint a new one with POST /v1/realtime/client_secrets.' };
  }
  if (apiKey === null) return { secret: null };
  if (credential === null) return { code: null, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)." };
  if (!sameSecret(credential, apiKey)) return { code: 'invalid_api_key', message: 'Incorrect API key provided.' };
  return { secret: null };
}
