import type { Clock } from '../clock.js';
import { mintClientSecret, type RestExchange } from '../pipeline/auth/client-secret.js';
import { buildClientSecretRequest } from '../pipeline/protocol/session-config.js';
import { MINT_EVENT_TYPE, type SessionRecord } from '../pipeline/record.js';
import type { SessionPlan } from '../pipeline/session.js';

/** A host that cannot resolve: replayed REST calls never leave the process. */
const REPLAY_ORIGIN = 'http://rtbench-replay.invalid';

function recordedExchanges(record: SessionRecord): { exchanges: RestExchange[]; attempts: number } | null {
  const frame = record.events.find((f) => f.dir === 'ws' && f.event.type === MINT_EVENT_TYPE);
  const requests = frame?.event.requests;
  if (!Array.isArray(requests) || requests.length === 0) return null;
  return { exchanges: requests as RestExchange[], attempts: typeof frame?.event.attempts === 'number' ? frame.event.attempts : requests.length };
}

function withPlaceholderSecret(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('value' in body)) return body;
  return { ...body, value: 'ek_rtbench_replay' };
}

/**
 * Runs the session's client-secret minting again against its recorded REST answers, served by
 * nock (retries and retry-after waits included, on the replay's virtual clock). Returns where
 * the minting code parted from the recording, or null. nock is loaded only when a cassette
 * holds REST calls.
 */
export async function replayMint(record: SessionRecord, plan: SessionPlan, clock: Clock): Promise<string | null> {
  const recorded = recordedExchanges(record);
  if (recorded === null) return null;
  const { default: nock } = await import('nock');
  const scope = nock(REPLAY_ORIGIN);
  const interceptors = recorded.exchanges.map((e) => scope.post(`/v1${e.path}`));
  interceptors.forEach((interceptor, i) => {
    const e = recorded.exchanges[i] as RestExchange;
    interceptor.reply(e.status, withPlaceholderSecret(e.body) as Record<string, unknown>, e.headers);
  });
  try {
    const minted = await mintClientSecret(buildClientSecretRequest(plan.config, plan.settings).session, {
      baseUrl: `${REPLAY_ORIGIN}/v1`, apiKey: 'sk-rtbench-replay', clock, signal: new AbortController().signal, random: () => 0.5,
    });
    return minted.attempts === recorded.attempts ? null : `the recording minted its client secret in ${recorded.attempts} attempt(s), the replay in ${minted.attempts}`;
  } catch (error) {
    return `minting the client secret again failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
  }
}
