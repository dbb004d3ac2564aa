import type { RTCDataChannel, RTCPeerConnection, RtpPacket } from 'werift';
import { rtpMarkOf } from '../../pipeline/protocol/event-ids.js';
import { candidatesGathered, createPeer, EVENTS_CHANNEL, loopbackCandidatesOnly } from '../../pipeline/transport/webrtc-peer.js';
import { realClock } from '../../clock.js';
import type { EmulatorLogEntry } from '../context.js';
import type { FaultSocket } from '../faults.js';
import type { EmulatedSession } from '../session.js';
import { createResponseTrack, type ClosableResponseTrack } from './response-track.js';
import { EventGate } from './event-gate.js';
import { TrackInput } from './track-input.js';

/** A call whose data channel has not opened by then is dropped (its client went away, or ICE was refused on purpose). */
const OPEN_WAIT_MS = 30_000;
/** ICE candidates are gathered within this. */
const GATHER_MS = 5000;

/** What a call needs: the session it carries, made once the track to play replies on exists. */
export interface CallDeps {
  readonly loopbackOnly: boolean;
  readonly refuseIce: boolean;
  readonly log: (entry: EmulatorLogEntry) => void;
  /** Makes the call's session with its socket (the data channel, faults applied) and the reply track. */
  readonly createSession: (socket: FaultSocket, track: ClosableResponseTrack) => EmulatedSession;
  /** Told once the call has ended, whichever side ended it. */
  readonly onEnd: () => void;
}

/**
 * One WebRTC call of the emulator: the answering peer, its `oai-events` channel carrying the
 * session's events, the inbound track decoded into the session's input (track-input.ts) and
 * the outbound track playing its replies (response-track.ts). A channel event that names the
 * last RTP packet sent before it (webrtc-peer.ts) is handled once that packet has been taken
 * in, so that a commit or a barrier never overtakes the audio before it.
 */
export class EmulatedCall {
  private readonly peer: RTCPeerConnection;
  private channel: RTCDataChannel | null = null;
  private session: EmulatedSession | null = null;
  private readonly track: ClosableResponseTrack;
  private readonly input: TrackInput;
  private readonly gate: EventGate;
  /** Aborted when the call ends: no timer of a finished call keeps the process alive. */
  private readonly timers = new AbortController();
  private ended = false;

  constructor(private readonly deps: CallDeps) {
    this.peer = createPeer(deps.loopbackOnly, { refuseIce: deps.refuseIce });
    this.track = createResponseTrack((packet) => {
      this.peer.getTransceivers()[0]?.sender.sendRtp(packet).catch(() => undefined);
    });
    this.input = new TrackInput(() => this.session?.audioRateHz ?? 24000, {
      audio: (pcm) => this.session?.takeTrackAudio(pcm),
      log: deps.log,
    });
    this.gate = new EventGate({
      hasTaken: (seq) => this.input.hasTaken(seq),
      handle: (event) => this.session?.handle(event),
      wait: (ms) => realClock.sleep(ms, this.timers.signal),
      log: deps.log,
    });
  }

  /** Applies the offer and returns the answer with all its candidates; throws when the offer cannot be used. */
  async answer(offer: string): Promise<string> {
    // The remote track is announced while the offer is applied: listen before.
    this.peer.onTrack.subscribe((track) => {
      if (track.kind !== 'audio') return;
      track.onReceiveRtp.subscribe((packet: RtpPacket) => {
        this.onPacket(packet);
      });
    });
    await this.peer.setRemoteDescription({ type: 'offer', sdp: offer });
    const transceivers = this.peer.getTransceivers();
    if (!transceivers.some((t) => t.kind === 'audio')) throw new Error('the offer has no audio track (m=audio)');
    for (const t of transceivers) t.setDirection('sendrecv');
    this.peer.onDataChannel.subscribe((channel) => {
      this.onChannel(channel);
    });
    this.peer.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') this.end(`peer connection ${state}`);
    });
    await this.peer.setLocalDescription(await this.peer.createAnswer());
    await candidatesGathered(this.peer, realClock, GATHER_MS, this.timers.signal);
    realClock.sleep(OPEN_WAIT_MS, this.timers.signal).then(
      () => {
        if (this.channel?.readyState !== 'open') this.end('the data channel did not open');
      },
      () => undefined,
    );
    const sdp = this.peer.localDescription?.sdp ?? '';
    return this.deps.loopbackOnly ? loopbackCandidatesOnly(sdp) : sdp;
  }

  /** Ends the call (the emulator is closing). */
  close(): void {
    this.end('emulator closed');
  }

  private socket(channel: RTCDataChannel): FaultSocket {
    return {
      sendText: (text) => {
        if (channel.readyState === 'open') channel.send(text);
      },
      close: (code, reason) => {
        this.deps.log({ event: 'channel.close', code, reason });
        channel.close();
      },
      terminate: () => {
        void this.peer.close().catch(() => undefined);
      },
    };
  }

  private onChannel(channel: RTCDataChannel): void {
    if (channel.label !== EVENTS_CHANNEL || this.channel !== null) return;
    this.channel = channel;
    const session = this.deps.createSession(this.socket(channel), this.track);
    this.session = session;
    const opened = (): void => {
      session.open();
    };
    if (channel.readyState === 'open') opened();
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') opened();
      if (state === 'closed') this.end('data channel closed');
    });
    channel.onMessage.subscribe((data) => {
      this.onMessage(data);
    });
  }

  private onMessage(data: string | Buffer): void {
    const session = this.session;
    if (session === null) return;
    if (typeof data !== 'string') {
      session.handleError('invalid_event', 'Binary messages are not supported; send JSON text.');
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      session.handleError('invalid_json', 'The server failed to parse the event as JSON.');
      return;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      session.handleError('invalid_event', 'A client event must be a JSON object with a type.');
      return;
    }
    const record = event as Record<string, unknown>;
    this.gate.push(record, rtpMarkOf(record.event_id)?.seq ?? null);
  }

  private onPacket(packet: RtpPacket): void {
    if (this.ended) return;
    this.input.receive(packet);
    this.gate.audioTaken();
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.timers.abort();
    this.deps.log({ event: 'session.close', reason });
    this.track.close();
    this.gate.close();
    this.input.close();
    this.channel?.close();
    void this.peer.close().catch(() => undefined);
    void this.session?.close();
    this.deps.onEnd();
  }
}
