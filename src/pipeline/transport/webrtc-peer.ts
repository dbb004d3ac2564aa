import { RTCPeerConnection, useOPUS } from 'werift';
import type { Clock } from '../../clock.js';
import { TransportError } from '../../errors.js';

/**
 * What both ends of a WebRTC call in rtbench share: how a peer is made (werift, pure
 * TypeScript), which addresses its ICE may use, and waiting for its candidates. The harness's
 * peer (webrtc.ts) and the emulator's (emulator/webrtc/) are made here.
 */

/** Label of the data channel that carries every client and server event. */
export const EVENTS_CHANNEL = 'oai-events';

/** Opus payload type the service offers (its answers name 111); browsers use 111 as well. */
export const OPUS_PAYLOAD_TYPE = 111;

const LOOPBACK = '127.0.0.1';

/** The candidate's connection address, from an `a=candidate:` line or a candidate's host. */
function candidateHost(line: string): string | undefined {
  return line.split(' ')[4];
}

/**
 * A peer that speaks Opus only (as the service answers) with one bundled transport. With
 * `loopbackOnly`, ICE binds to 127.0.0.1 and pairs only loopback candidates, so that a call
 * with the emulator never sends a packet to any other address (the machine's own included).
 * `refuseIce` makes a peer that never connects (the emulator's `ice` fault).
 */
export function createPeer(loopbackOnly: boolean, options: { readonly refuseIce?: boolean } = {}): RTCPeerConnection {
  // A peer that refuses ICE answers no connectivity check and pairs no candidate: the other side never connects.
  const refuse = options.refuseIce ? { iceFilterStunResponse: () => false, iceFilterCandidatePair: () => false } : {};
  const loopback = loopbackOnly
    ? {
        iceAdditionalHostAddresses: [LOOPBACK],
        iceInterfaceAddresses: { udp4: LOOPBACK, udp6: undefined },
        iceFilterCandidatePair: (pair: { remoteCandidate: { host: string } }) => pair.remoteCandidate.host === LOOPBACK,
      }
    : {};
  return new RTCPeerConnection({
    codecs: { audio: [useOPUS({ payloadType: OPUS_PAYLOAD_TYPE })] },
    bundlePolicy: 'max-bundle',
    iceUseIpv6: !loopbackOnly,
    ...loopback,
    ...refuse,
  });
}

/** The SDP with every ICE candidate that is not on 127.0.0.1 removed. */
export function loopbackCandidatesOnly(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('a=candidate:') || candidateHost(line) === LOOPBACK)
    .join('\r\n');
}

/** Number of ICE candidates an SDP offers. */
export function candidateCount(sdp: string): number {
  return sdp.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:')).length;
}

/**
 * Waits for something that `watch` reports through `settle`, for at most `timeoutMs` on the
 * clock: rejects with `timedOut()` then (or when `signal` aborts with a TransportError, a
 * deadline), and with an abort error when `signal` aborts otherwise. `watch` returns the
 * function that stops watching.
 */
export function waitUntil<T>(
  clock: Clock,
  timeoutMs: number,
  signal: AbortSignal,
  timedOut: () => Error,
  watch: (settle: (outcome: { value: T } | { error: Error }) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = new AbortController();
    let stop: (() => void) | null = null;
    const state = { settled: false };
    const settle = (outcome: { value: T } | { error: Error }): void => {
      if (state.settled) return;
      state.settled = true;
      timer.abort();
      signal.removeEventListener('abort', onAbort);
      stop?.();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    // A deadline that aborts (its reason a TransportError: session-link.ts connectWithin) ends the wait as its own time-out does.
    const onAbort = (): void => {
      settle({ error: signal.reason instanceof TransportError ? timedOut() : new Error('aborted') });
    };
    clock.sleep(timeoutMs, timer.signal).then(
      () => {
        settle({ error: timedOut() });
      },
      () => undefined,
    );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    stop = watch(settle);
    if (state.settled) stop();
  });
}

/** Resolves once the peer has gathered all its candidates (one offer and one answer, no trickling). */
export function candidatesGathered(peer: RTCPeerConnection, clock: Clock, timeoutMs: number, signal: AbortSignal): Promise<void> {
  if (peer.iceGatheringState === 'complete') return Promise.resolve();
  return waitUntil<undefined>(clock, timeoutMs, signal, () => new Error(`ICE candidates were not gathered within ${Math.round(timeoutMs)} ms`), (settle) => {
    const subscription = peer.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') settle({ value: undefined });
    });
    return () => {
      subscription.unSubscribe();
    };
  });
}
