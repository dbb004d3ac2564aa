import type { Clock } from '../../clock.js';
import { TransportError } from '../../errors.js';
import { isFatalHttpStatus } from '../protocol/errors.js';
import { EMULATOR_HEADER } from './ws.js';

/** The server's answer to a WebRTC offer. */
export interface CallAnswer {
  readonly sdp: string;
  /** The call's id, from the `Location` header; null when the server sent none. */
  readonly callId: string | null;
  /** The server announced itself as the rtbench emulator. */
  readonly emulated: boolean;
  readonly status: number;
}

/** Options of {@link postOffer}. */
export interface OfferRequest {
  /** `…/v1/realtime/calls`. Never holds credentials. */
  readonly url: string;
  /** Authorization (the call's client secret) and any other headers; never recorded. */
  readonly headers: Readonly<Record<string, string>>;
  readonly sdp: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** The `error.message` (and code) of a JSON error body, else the body's first line. */
function explain(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown } };
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : '';
    const code = typeof parsed.error?.code === 'string' ? `${parsed.error.code}: ` : '';
    if (message !== '') return `${code}${message}`;
  } catch {
    // Not JSON: the text itself says why.
  }
  return body.split('\n')[0]?.slice(0, 300) ?? '';
}

function refused(url: string, status: number, body: string): TransportError {
  const why = explain(body);
  const message = `${url} refused the SDP offer: HTTP ${status}${why === '' ? '' : ` ${why}`}`;
  if (isFatalHttpStatus(status)) {
    return new TransportError(message, { fatal: true, hint: 'Check OPENAI_API_KEY: the call is authorised by a client secret minted with it.' });
  }
  return new TransportError(message, { retryable: status === 429 || status >= 500 });
}

function unreachable(url: string, error: unknown): TransportError {
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as Error & { code?: string }) : null;
  const fatal = cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND';
  const why = cause?.message ?? (error instanceof Error ? error.message : String(error));
  const hint = fatal ? 'Check --target: is the server running, and is the address right?' : undefined;
  return new TransportError(`cannot reach ${url} to place the call: ${why}`, { retryable: !fatal, fatal, hint, cause: error });
}

/** The call id at the end of a `Location` such as `/v1/realtime/calls/rtc_123`. */
function callIdOf(location: string | null): string | null {
  if (location === null || location === '') return null;
  return location.replace(/\/+$/, '').split('/').at(-1) ?? null;
}

/**
 * `POST /v1/realtime/calls` with the SDP offer as `application/sdp` (the session comes from the
 * client secret that authorises it), as a browser client does. Resolves with the SDP answer of a
 * 2xx; rejects with a TransportError otherwise: fatal for 401/403 and an address nothing listens
 * on, retryable for 429, 5xx and network failures, a plain error row for any other refusal.
 */
export async function postOffer(request: OfferRequest): Promise<CallAnswer> {
  const { url, clock, signal } = request;
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const onAbort = (): void => {
    controller.abort();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = { expired: false };
  void clock.sleep(request.timeoutMs, stopTimer.signal).then(
    () => {
      timer.expired = true;
      controller.abort();
    },
    () => undefined,
  );
  try {
    const response = await fetch(url, { method: 'POST', headers: { ...request.headers, 'content-type': 'application/sdp' }, body: request.sdp, signal: controller.signal });
    const body = await response.text();
    if (!response.ok) throw refused(url, response.status, body);
    if (!body.trimStart().startsWith('v=')) throw new TransportError(`${url} answered HTTP ${response.status} without an SDP answer (${body.slice(0, 80) || 'empty body'})`);
    return { sdp: body, callId: callIdOf(response.headers.get('location')), emulated: response.headers.has(EMULATOR_HEADER), status: response.status };
  } catch (error) {
    if (error instanceof TransportError) throw error;
    // A deadline that aborts (its reason a TransportError) is a time-out like the request's own.
    const deadline = signal.aborted && signal.reason instanceof TransportError;
    if (signal.aborted && !deadline) throw new TransportError('connection aborted', { cause: error });
    if (timer.expired || deadline) throw new TransportError(`${url} did not answer the SDP offer within ${request.timeoutMs} ms`, { retryable: true, cause: error });
    throw unreachable(url, error);
  } finally {
    stopTimer.abort();
    signal.removeEventListener('abort', onAbort);
  }
}
