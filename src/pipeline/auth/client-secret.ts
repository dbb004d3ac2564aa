import OpenAI, { APIError, APIUserAbortError } from 'openai';
import type { ClientSecretCreateParams } from 'openai/resources/realtime/client-secrets';
import type { Clock } from '../../clock.js';
import { TransportError } from '../../errors.js';
import { isFatalHttpStatus } from '../protocol/errors.js';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterMs, retryDelayMs, type RetryPolicy } from './retry.js';

/**
 * Ephemeral credentials: `POST /v1/realtime/client_secrets` (GA), made with the official
 * `openai` client, with the harness's own retries so that each wait runs on the run's clock.
 * The secret only ever lives in memory: it goes into the handshake header and nowhere else.
 */

/** Options of {@link mintClientSecret}. */
export interface MintOptions {
  /** REST base, e.g. `https://api.openai.com/v1` ({@link mintBaseUrl} derives it from the socket URL). */
  readonly baseUrl: string;
  /** The API key that may mint. */
  readonly apiKey: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Per attempt. @default 10000 */
  readonly timeoutMs?: number;
  /** @default {@link DEFAULT_RETRY_POLICY} */
  readonly policy?: RetryPolicy;
  /** Source of jitter. @default Math.random */
  readonly random?: () => number;
}

/**
 * One REST answer as the cassette keeps it: status, the retry-after headers, and the body with
 * the secret replaced, so that replay can serve it again (with nock) and no secret is written.
 */
export interface RestExchange {
  readonly method: 'POST';
  readonly path: '/realtime/client_secrets';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** What stands for a client secret in records. */
export const REDACTED_SECRET = '<redacted>';

function redactBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const copy = { ...(body as Record<string, unknown>) };
  if (typeof copy.value === 'string') copy.value = REDACTED_SECRET;
  const nested = copy.client_secret;
  if (typeof nested === 'object' && nested !== null) copy.client_secret = { ...(nested as Record<string, unknown>), value: REDACTED_SECRET };
  return copy;
}

function retryHeaders(headers: Headers | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers?.get(name);
    if (value !== null && value !== undefined) kept[name] = value;
  }
  return kept;
}

function exchangeOf(status: number, headers: Headers | undefined, body: unknown): RestExchange {
  return { method: 'POST', path: '/realtime/client_secrets', status, headers: retryHeaders(headers), body: redactBody(body) };
}

/** A minted client secret and what it cost. */
export interface MintedSecret {
  /** The secret (`ek_…`). Never written anywhere. */
  readonly value: string;
  /** Unix seconds, as the server said; null when it did not. */
  readonly expiresAt: number | null;
  /** From the first request to the secret in hand, retries and their waits included. */
  readonly mintMs: number;
  readonly attempts: number;
  /** Every answer, in order, secrets redacted. */
  readonly exchanges: readonly RestExchange[];
}

/** The REST base that belongs to a Realtime socket URL: http(s) for ws(s), the path without its last `/realtime`. */
export function mintBaseUrl(socketUrl: string): string {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/realtime$/, '');
  return url.toString().replace(/\/+$/, '');
}

/** The HTTP status of an SDK error; undefined for connection failures and anything else. */
function statusOf(error: unknown): number | undefined {
  return error instanceof APIError ? (error as APIError).status : undefined;
}

function headersOf(error: unknown): Headers | undefined {
  return error instanceof APIError ? (error as APIError).headers : undefined;
}

function describeFailure(error: unknown): string {
  if (statusOf(error) !== undefined) return `HTTP ${(error as Error).message}`;
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}

function finalError(endpoint: string, error: unknown, attempts: number): TransportError {
  const status = statusOf(error);
  const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
  const message = `could not mint a client secret at ${endpoint}${tried}: ${describeFailure(error)}`;
  if (status !== undefined && !isRetryableStatus(status)) {
    const hint = isFatalHttpStatus(status) ? 'Check OPENAI_API_KEY: the key that mints must be valid and allowed to use the Realtime API.' : 'The server refused the client secret request as sent.';
    return new TransportError(message, { fatal: true, hint, cause: error });
  }
  return new TransportError(message, { retryable: true, cause: error });
}

function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (!(error instanceof APIError)) return false;
  const status = statusOf(error);
  return status === undefined || isRetryableStatus(status);
}

/**
 * Mints one client secret for `session` (a GA realtime or transcription session config).
 * 429, 408/409 and 5xx answers and connection failures are retried with backoff and jitter,
 * honouring `retry-after`; any other answer (401, 403, 400, …) is final and marked fatal,
 * since no session of the run could authenticate. Throws a {@link TransportError}.
 */
export async function mintClientSecret(session: Record<string, unknown>, options: MintOptions): Promise<MintedSecret> {
  const { clock, signal, policy = DEFAULT_RETRY_POLICY, random = Math.random } = options;
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs ?? 10_000, organization: null, project: null });
  const endpoint = `${options.baseUrl}/realtime/client_secrets`;
  const body = { session } as unknown as ClientSecretCreateParams;
  const startMs = clock.now();
  const exchanges: RestExchange[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const { data: response, response: raw } = await client.realtime.clientSecrets.create(body, { signal }).withResponse();
      exchanges.push(exchangeOf(raw.status, raw.headers, response));
      if (typeof response.value !== 'string' || response.value === '') throw new TransportError(`${endpoint} answered without a client secret value`, { fatal: true });
      const expiresAt = typeof response.expires_at === 'number' ? response.expires_at : null;
      return { value: response.value, expiresAt, mintMs: clock.now() - startMs, attempts: attempt, exchanges };
    } catch (error) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted', { cause: error });
      if (error instanceof TransportError) throw error;
      const status = statusOf(error);
      if (status !== undefined) exchanges.push(exchangeOf(status, headersOf(error), { error: (error as APIError).error }));
      if (!isRetryable(error) || attempt >= policy.maxAttempts) throw finalError(endpoint, error, attempt);
      const serverWait = retryAfterMs(headersOf(error), Date.parse(clock.wallIso()));
      await clock.sleep(retryDelayMs(attempt, policy, serverWait, random), signal);
    }
  }
}
