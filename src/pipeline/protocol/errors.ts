import { TransportError } from '../../errors.js';

/**
 * Errors as the service gives them (REALTIME.md §1 and §10). Most `error` events are not
 * fatal: the socket stays usable. Fatal ones are recognisable by the close that follows:
 * 3000 after an authentication problem, 4000 after a bad request shape (model, protocol
 * generation). Both apply to every session of a run, so the run stops.
 */

/** Close code after an authentication failure (`invalid_api_key`, missing credentials). */
export const AUTH_CLOSE_CODE = 3000;
/** Close code after a bad request shape (`invalid_model`, `missing_model`, `beta_api_shape_disabled`). */
export const REQUEST_SHAPE_CLOSE_CODE = 4000;
/** `error.code` of the event that ends a session at its maximum duration. */
export const SESSION_EXPIRED_CODE = 'session_expired';

/** The parts of a server `error` event the messages use. */
export interface ServerErrorSummary {
  readonly code: string | null;
  readonly message: string;
}

function hintFor(code: number, text: string): string {
  if (text.includes('beta_api_shape_disabled')) return 'The service no longer accepts the beta protocol (OpenAI-Beta: realtime=v1): use --protocol ga.';
  if (/invalid_model|missing_model/.test(text)) return 'Check --model (and --session: transcription sessions connect without a model).';
  if (code === AUTH_CLOSE_CODE) return 'Check the API key (OPENAI_API_KEY), or the --header that carries the credentials for this server.';
  return 'The server rejected the shape of the request (URL, model, protocol generation or headers).';
}

/**
 * The error that ends the whole run after a close of 3000 or 4000, with the server's own
 * message; null for any other close, which concerns only its session.
 */
export function fatalCloseError(close: { code: number; reason: string }, lastError: ServerErrorSummary | undefined): TransportError | null {
  if (close.code !== AUTH_CLOSE_CODE && close.code !== REQUEST_SHAPE_CLOSE_CODE) return null;
  const what = close.code === AUTH_CLOSE_CODE ? 'authentication failed' : 'the request was refused';
  const reason = close.reason === '' ? '' : ` ${close.reason}`;
  const server = lastError ? `: ${lastError.message}` : '';
  const text = `${close.reason} ${lastError?.code ?? ''}`;
  return new TransportError(`${what}: the server closed the session (${close.code}${reason})${server}`, { closeCode: close.code, fatal: true, hint: hintFor(close.code, text) });
}

/** Whether an HTTP status on the WebSocket upgrade means no session can succeed (bad credentials). */
export function isFatalHttpStatus(status: number): boolean {
  return status === 401 || status === 403;
}
