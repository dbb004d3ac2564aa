import OpenAI, { APIError, APIUserAbortError } from 'openai';
import type { ClientSecretCreateParams } from 'openai/resources/realtime/client-secrets';
import type { Clock } from '../../clock.js';
import { TransportError } from '../../errors.js';
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

/** A minted client secret and what it cost. */
export interface MintedSecret {
  /** The secret (`ek_…`). Never written anywhere. */
  readonly value: string;
  /** Unix seconds, as the server said; null when it did not. */
  readonly expiresAt: number | null;
  /** From the first request to the secret in hand, retries and their waits included. */
  readonly mintMs: number;
  readonly attempts: number;
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
    const hint = status === 401 || status === 403 ? 'Check OPENAI_API_KEY: the key that mints must be valid and allowed to use the Realtime API.' : 'The server refused the client secret request as sent.';
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
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.realtime.clientSecrets.create(body, { signal });
      if (typeof response.value !== 'string' || response.value === '') throw new TransportError(`${endpoint} answered without a client secret value`, { fatal: true });
      const expiresAt = typeof response.expires_at === 'number' ? response.expires_at : null;
      return { value: response.value, expiresAt, mintMs: clock.now() - startMs, attempts: attempt };
    } catch (error) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted', { cause: error });
      if (error instanceof TransportError) throw error;
      if (!isRetryable(error) || attempt >= policy.maxAttempts) throw finalError(endpoint, error, attempt);
      const serverWait = retryAfterMs(headersOf(error), Date.parse(clock.wallIso()));
      await clock.sleep(retryDelayMs(attempt, policy, serverWait, random), signal);
    }
  }
}
