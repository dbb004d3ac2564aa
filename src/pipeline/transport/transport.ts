import type { ClientEvent } from '../protocol/session-config.js';

/** What the transport reports to whoever subscribed. */
export interface TransportHandlers {
  /** The socket is open; called before any event is delivered. */
  onOpen?(info: ConnectInfo): void;
  /** A server event, parsed from a text frame. */
  onEvent(event: Record<string, unknown>): void;
  /** A frame that is not a JSON object (malformed JSON, a binary frame): kept, never fatal. */
  onInvalid?(text: string, reason: string): void;
  /** The connection failed after it opened (an invalid frame, say); its close follows. */
  onError?(message: string): void;
  /** The socket closed (by either side). */
  onClose(code: number, reason: string): void;
  /**
   * A fact about the connection itself that the record keeps as a `ws` frame: the WebRTC
   * offer and answer, the RTP packets that carried the audio (`rtp.out`) and the inbound ones
   * that start audio (`rtp.in`).
   */
  onNote?(event: Record<string, unknown>): void;
}

/** What is known once the socket is open. */
export interface ConnectInfo {
  /** The URL connected to, without credentials. */
  readonly url: string;
  /** The server announced itself as the rtbench emulator (`x-rtbench-emulator`). */
  readonly emulated: boolean;
}

/**
 * The seam between the session and the network: live WebSocket, emulator, or cassette.
 * Session code cannot tell them apart.
 */
export interface Transport {
  /** Opens the connection; rejects with a TransportError when it cannot. */
  connect(signal: AbortSignal): Promise<ConnectInfo>;
  /** Queues one client event; never waits for the network. */
  send(event: ClientEvent): void;
  /** Registers handlers; returns the function that removes them. */
  subscribe(handlers: TransportHandlers): () => void;
  /** Closes the connection (idempotent). */
  close(code?: number, reason?: string): void;
}

/** Fans one set of transport callbacks out to many subscribers. */
export function createHandlerSet(): { handlers: TransportHandlers; subscribe: (h: TransportHandlers) => () => void } {
  const subscribers = new Set<TransportHandlers>();
  return {
    subscribe(h) {
      subscribers.add(h);
      return () => subscribers.delete(h);
    },
    handlers: {
      onOpen: (info) => {
        for (const s of subscribers) s.onOpen?.(info);
      },
      onEvent: (event) => {
        for (const s of subscribers) s.onEvent(event);
      },
      onInvalid: (text, reason) => {
        for (const s of subscribers) s.onInvalid?.(text, reason);
      },
      onError: (message) => {
        for (const s of subscribers) s.onError?.(message);
      },
      onClose: (code, reason) => {
        for (const s of subscribers) s.onClose(code, reason);
      },
      onNote: (event) => {
        for (const s of subscribers) s.onNote?.(event);
      },
    },
  };
}
