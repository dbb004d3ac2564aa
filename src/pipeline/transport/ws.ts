import type { IncomingMessage } from 'node:http';
import tls from 'node:tls';
import WebSocket from 'ws';
import { TransportError } from '../../errors.js';
import { serializeClientEvent } from '../protocol/append.js';
import { isFatalHttpStatus } from '../protocol/errors.js';
import type { ClientEvent } from '../protocol/session-config.js';
import { createHandlerSet, type ConnectInfo, type Transport, type TransportHandlers } from './transport.js';

/** Makes the socket; tests and relays can pass their own. */
export type CreateSocket = (url: string, headers: Record<string, string>, timeoutMs: number, ca?: string) => WebSocket;

/** Options of {@link createWsTransport}. */
export interface WsTransportOptions {
  /** Full URL including the query (`?model=…`). Never holds credentials. */
  readonly url: string;
  /** Handshake headers (Authorization, OpenAI-Beta, …); never recorded. */
  readonly headers: Readonly<Record<string, string>>;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Certificate authorities (PEM) to trust for wss, beside the system's. */
  readonly ca?: string;
  readonly createSocket?: CreateSocket;
}

/** Header by which the rtbench emulator announces itself in its upgrade response. */
export const EMULATOR_HEADER = 'x-rtbench-emulator';

const defaultCreateSocket: CreateSocket = (url, headers, timeoutMs, ca) =>
  new WebSocket(url, { headers, handshakeTimeout: timeoutMs, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024, ...(ca === undefined ? {} : { ca: [...tls.rootCertificates, ca] }) });

/** Codes of TLS certificate failures: trying again cannot help, the trust must change. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/** What a failure to connect means for the run: fatal when no session can connect, with what to do. */
export function connectFailure(url: string, error: Error & { code?: string }): TransportError {
  const code = error.code ?? '';
  if (CERTIFICATE_ERRORS.has(code)) {
    const host = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
      ? ' The certificate is for another host name: connect by a name it lists.'
      : ' If the server uses a self-signed certificate or a private CA, pass its certificate (PEM) with --ca FILE, or set NODE_EXTRA_CA_CERTS=FILE.';
    return new TransportError(`cannot connect to ${url}: the server's TLS certificate is not trusted (${code}: ${error.message})`, { retryable: false, fatal: true, hint: `Trying again cannot help.${host}`, cause: error });
  }
  // Nothing listens there, or the name does not resolve: no session of the run can connect.
  const fatal = code === 'ECONNREFUSED' || code === 'ENOTFOUND';
  const hint = fatal ? 'Check --target: is the server running, and is the address right?' : undefined;
  return new TransportError(`cannot connect to ${url}: ${error.message}`, { retryable: !fatal, fatal, hint, cause: error });
}

function httpFailure(status: number, url: string): TransportError {
  const retryable = status === 429 || status >= 500;
  const fatal = isFatalHttpStatus(status);
  const hint = fatal ? 'Check the API key (OPENAI_API_KEY), or the --header that carries the credentials for this server.' : undefined;
  return new TransportError(`${url} answered HTTP ${status} instead of upgrading to a WebSocket`, { retryable, hint, fatal });
}

/** The text of a received frame, whatever form `ws` delivered it in. */
export function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

function attach(ws: WebSocket, handlers: TransportHandlers): void {
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const text = frameText(data);
    if (isBinary) {
      handlers.onInvalid?.(text, 'binary frame');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      handlers.onInvalid?.(text, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) handlers.onEvent(parsed as Record<string, unknown>);
    else handlers.onInvalid?.(text, 'not a JSON object');
  });
  ws.on('close', (code: number, reason: Buffer) => {
    handlers.onClose(code, reason.toString('utf8'));
  });
  ws.on('error', (error: Error) => {
    handlers.onError?.(error.message);
  });
}

function open(ws: WebSocket, url: string, handlers: TransportHandlers, signal: AbortSignal): Promise<ConnectInfo> {
  return new Promise<ConnectInfo>((resolve, reject) => {
    let emulated = false;
    const fail = (error: TransportError): void => {
      signal.removeEventListener('abort', onAbort);
      ws.terminate();
      reject(error);
    };
    const onAbort = (): void => {
      // The session's connect deadline says why; an interrupt is just that.
      fail(signal.reason instanceof TransportError ? signal.reason : new TransportError('connection aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    ws.once('upgrade', (response: IncomingMessage) => {
      emulated = response.headers[EMULATOR_HEADER] !== undefined;
    });
    ws.once('unexpected-response', (_req, response: IncomingMessage) => {
      fail(httpFailure(response.statusCode ?? 0, url));
    });
    ws.once('error', (error: Error & { code?: string }) => {
      fail(connectFailure(url, error));
    });
    ws.once('open', () => {
      signal.removeEventListener('abort', onAbort);
      ws.removeAllListeners('error');
      attach(ws, handlers);
      const info = { url, emulated };
      handlers.onOpen?.(info);
      resolve(info);
    });
  });
}

/** A Transport over a real WebSocket (`ws`). */
export function createWsTransport(options: WsTransportOptions): Transport {
  const { handlers, subscribe } = createHandlerSet();
  let socket: WebSocket | null = null;
  const create = options.createSocket ?? defaultCreateSocket;
  return {
    subscribe,
    connect(signal) {
      socket = create(options.url, { ...options.headers }, options.connectTimeoutMs ?? 10_000, options.ca);
      return open(socket, options.url, handlers, signal);
    },
    send(event: ClientEvent) {
      if (socket?.readyState !== WebSocket.OPEN) throw new TransportError(`cannot send ${event.type}: the socket is not open`);
      // Bytes, sent as a text frame: the wire form is built once, straight into a buffer.
      socket.send(serializeClientEvent(event), { binary: false });
    },
    close(code = 1000, reason = '') {
      if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) socket.close(code, reason);
    },
  };
}
