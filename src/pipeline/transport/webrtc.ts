import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver, RtpPacket } from 'werift';
import type { Clock } from '../../clock.js';
import { TransportError } from '../../errors.js';
import { mintBaseUrl } from '../auth/client-secret.js';
import { appendBytes } from '../protocol/append.js';
import type { ClientEvent } from '../protocol/session-config.js';
import { postOffer } from './calls-request.js';
import { RtpAudioIn, RtpAudioOut } from './rtp-audio.js';
import { createHandlerSet, type ConnectInfo, type Transport, type TransportHandlers } from './transport.js';
import { markedEventId, rtpMarkOf } from '../protocol/event-ids.js';
import { candidateCount, candidatesGathered, createPeer, EVENTS_CHANNEL, loopbackCandidatesOnly, waitUntil } from './webrtc-peer.js';

/** Options of {@link createWebRtcTransport}. */
export interface WebRtcTransportOptions {
  /** `…/v1/realtime/calls`. Never holds credentials. */
  readonly callsUrl: string;
  /** Headers of the offer's POST: the client secret, the endpoint's own; never recorded. */
  readonly headers: Readonly<Record<string, string>>;
  /** Rate of the PCM16 that the session appends (24000 or 16000). */
  readonly rateHz: number;
  readonly clock: Clock;
  /** From the offer to the open data channel. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** ICE on 127.0.0.1 only (a call with the emulator or another server on this machine). */
  readonly loopbackOnly: boolean;
}

/** The calls endpoint beside a Realtime socket URL: `wss://host/v1/realtime?model=…` → `https://host/v1/realtime/calls`. */
export function callsUrl(socketUrl: string): string {
  return `${mintBaseUrl(socketUrl)}/realtime/calls`;
}

/** Close code reported when the server ends the call (WebRTC has none of its own). */
export const CALL_ENDED_CODE = 1006;

interface Call {
  readonly peer: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  readonly transceiver: RTCRtpTransceiver;
}

function parseMessage(data: string | Buffer, handlers: TransportHandlers): Record<string, unknown> | null {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (typeof data !== 'string') {
    handlers.onInvalid?.(text, 'binary message');
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    handlers.onInvalid?.(text, 'not a JSON object');
  } catch (error) {
    handlers.onInvalid?.(text, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return null;
}

/** An error event as the session sent nothing marked: the mark on its `error.event_id` taken off. */
function unmarked(event: Record<string, unknown>): Record<string, unknown> {
  const error = event.error;
  if (event.type !== 'error' || typeof error !== 'object' || error === null) return event;
  const mark = rtpMarkOf((error as Record<string, unknown>).event_id);
  return mark === null ? event : { ...event, error: { ...error, event_id: mark.eventId } };
}

/** Waits for the data channel to open after the answer: fails at once when ICE fails, else after the deadline. */
function channelOpen(call: Call, clock: Clock, timeoutMs: number, signal: AbortSignal): Promise<undefined> {
  const { peer, channel } = call;
  const timedOut = (): Error =>
    new TransportError(`ICE did not connect within ${Math.round(timeoutMs)} ms of the SDP answer (ICE ${peer.iceConnectionState}, data channel ${channel.readyState})`, { retryable: true });
  return waitUntil<undefined>(clock, timeoutMs, signal, timedOut, (settle) => {
    const subscriptions = [
      channel.stateChanged.subscribe((state) => {
        if (state === 'open') settle({ value: undefined });
        if (state === 'closed') settle({ error: new TransportError('the data channel closed before it opened', { retryable: true }) });
      }),
      peer.iceConnectionStateChange.subscribe((state) => {
        if (state === 'failed') settle({ error: new TransportError('ICE failed: no candidate pair of the offer and the answer connected', { retryable: true }) });
      }),
    ];
    if (channel.readyState === 'open') settle({ value: undefined });
    return () => {
      for (const s of subscriptions) s.unSubscribe();
    };
  });
}

/** One call: its peer once connecting has begun, its audio both ways, and whether it is open. */
class WebRtcCall implements Transport {
  private readonly set = createHandlerSet();
  private readonly handlers = this.set.handlers;
  private call: Call | null = null;
  private open = false;
  private ended = false;
  private readonly inbound = new RtpAudioIn();
  private readonly outbound: RtpAudioOut;

  constructor(private readonly options: WebRtcTransportOptions) {
    this.outbound = new RtpAudioOut(options.rateHz, (packet) => {
      this.call?.transceiver.sender.sendRtp(packet).catch(() => undefined);
    });
  }

  subscribe(handlers: TransportHandlers): () => void {
    return this.set.subscribe(handlers);
  }

  async connect(signal: AbortSignal): Promise<ConnectInfo> {
    try {
      return await this.start(signal);
    } catch (error) {
      this.ended = true;
      this.outbound.close();
      await this.call?.peer.close().catch(() => undefined);
      // The connect deadline aborts with a TransportError: the step it stopped says where the call stood.
      const deadline = signal.aborted && signal.reason instanceof TransportError;
      if (signal.aborted && !deadline) throw new TransportError('connection aborted', { cause: error });
      if (deadline && !(error instanceof TransportError)) throw signal.reason;
      throw error instanceof TransportError ? error : new TransportError(`the WebRTC call could not be set up: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  send(event: ClientEvent): void {
    const channel = this.call?.channel;
    if (!this.open || channel?.readyState !== 'open') throw new TransportError(`cannot send ${event.type}: the data channel is not open`);
    if (event.type === 'input_audio_buffer.append') {
      this.note(this.outbound.push(appendBytes(event) ?? Buffer.from(String(event.audio), 'base64')));
      return;
    }
    // Audio still short of a frame goes first: the event follows all the audio sent before it.
    this.note(this.outbound.flush());
    const lastSeq = this.outbound.lastSeq;
    channel.send(JSON.stringify(lastSeq === null ? event : { ...event, event_id: markedEventId(event.event_id, lastSeq) }));
  }

  close(code = 1000, reason = ''): void {
    if (this.call !== null) this.end(code, reason);
  }

  private note(event: Record<string, unknown> | null): void {
    if (event) this.handlers.onNote?.(event);
  }

  private end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.open = false;
    this.note({ type: 'rtp.stats', packets_sent: this.outbound.sent, packets_received: this.inbound.received });
    this.outbound.close();
    const closing = this.call?.peer.close() ?? Promise.resolve();
    void closing.catch(() => undefined).then(() => {
      this.handlers.onClose(code, reason);
    });
  }

  private receive(data: string | Buffer): void {
    const event = parseMessage(data, this.handlers);
    if (event === null) return;
    if (event.type === 'response.created') this.inbound.armForResponse();
    this.handlers.onEvent(unmarked(event));
  }

  private listen(c: Call): void {
    c.channel.stateChanged.subscribe((state) => {
      if (state === 'closed') this.end(CALL_ENDED_CODE, 'the server closed the data channel');
    });
    c.peer.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') this.end(CALL_ENDED_CODE, `the peer connection ${state === 'failed' ? 'failed' : 'was closed by the server'}`);
    });
  }

  /** Offer, answer, ICE, DTLS, SCTP, the open channel: each step within what is left of the connect timeout. */
  private async start(signal: AbortSignal): Promise<ConnectInfo> {
    const { clock, callsUrl, loopbackOnly } = this.options;
    const deadline = clock.now() + (this.options.connectTimeoutMs ?? 10_000);
    const left = (): number => Math.max(0, deadline - clock.now());
    const peer = createPeer(loopbackOnly);
    const c: Call = { peer, channel: peer.createDataChannel(EVENTS_CHANNEL), transceiver: peer.addTransceiver('audio', { direction: 'sendrecv' }) };
    this.call = c;
    // The server may send its first event in the same packet as the channel's opening: held until the open is told.
    const early: (string | Buffer)[] = [];
    c.channel.onMessage.subscribe((data) => {
      if (this.open) this.receive(data);
      else early.push(data);
    });
    c.transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet: RtpPacket) => {
        this.note(this.inbound.receive(packet, clock.now()));
      });
    });
    await peer.setLocalDescription(await peer.createOffer());
    await candidatesGathered(peer, clock, left(), signal).catch((error: unknown) => {
      throw new TransportError(error instanceof Error ? error.message : String(error), { retryable: true });
    });
    const local = peer.localDescription?.sdp ?? '';
    const offer = loopbackOnly ? loopbackCandidatesOnly(local) : local;
    this.note({ type: 'webrtc.offer', candidates: candidateCount(offer) });
    const answer = await postOffer({ url: callsUrl, headers: this.options.headers, sdp: offer, clock, timeoutMs: left(), signal });
    this.note({ type: 'webrtc.answer', status: answer.status, call_id: answer.callId, candidates: candidateCount(answer.sdp) });
    await peer.setRemoteDescription({ type: 'answer', sdp: answer.sdp }).catch((error: unknown) => {
      throw new TransportError(`the SDP answer of ${callsUrl} could not be applied: ${error instanceof Error ? error.message : String(error)}`);
    });
    await channelOpen(c, clock, left(), signal);
    this.listen(c);
    this.open = true;
    const info = { url: callsUrl, emulated: answer.emulated };
    this.handlers.onOpen?.(info);
    for (const data of early.splice(0)) this.receive(data);
    return info;
  }
}

/**
 * A Transport over a WebRTC call, as a browser client makes one: a peer (werift) with the
 * `oai-events` data channel and a send-and-receive audio track; the SDP offer POSTed to
 * `/v1/realtime/calls`, the answer applied, ICE, DTLS and SCTP up to the open channel. Client
 * events go on the channel; appends go on the track instead, as 20 ms Opus frames, one RTP
 * packet each (rtp-audio.ts). Server events come from the channel; the inbound track's packets
 * that start audio are noted (`rtp.in`), as are the RTP packets of every append (`rtp.out`).
 */
export function createWebRtcTransport(options: WebRtcTransportOptions): Transport {
  return new WebRtcCall(options);
}
