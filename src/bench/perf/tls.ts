import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { listen } from '../../listen.js';

/** A self-signed certificate for 127.0.0.1 and its key, PEM. */
export interface SelfSignedCertificate {
  readonly cert: string;
  readonly key: string;
  /** Where the certificate was written (for NODE_EXTRA_CA_CERTS). */
  readonly certPath: string;
  readonly keyPath: string;
}

const run = promisify(execFile);

/**
 * Makes a throw-away certificate for 127.0.0.1 with the system's `openssl` (valid one day,
 * P-256 key): the openai package's realtime client always speaks wss, so a local server it can
 * reach must speak TLS.
 */
export async function makeSelfSignedCertificate(dir: string, openssl = 'openssl'): Promise<SelfSignedCertificate> {
  const certPath = join(dir, 'bench-cert.pem');
  const keyPath = join(dir, 'bench-key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath];
  try {
    await run(openssl, args);
  } catch (error) {
    throw new Error(`cannot make a self-signed certificate with ${openssl} (needed to serve wss on 127.0.0.1): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
}

/** A TLS front of a plain TCP server. */
export interface TlsProxy {
  readonly port: number;
  close(): Promise<void>;
}

function pipeBoth(client: TLSSocket, upstream: Socket): void {
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream).pipe(client);
  const end = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
}

/**
 * Terminates TLS on 127.0.0.1 (port 0) and forwards the bytes to `targetPort`: the emulator
 * then serves `wss://` without changing it.
 */
export async function startTlsProxy(certificate: Pick<SelfSignedCertificate, 'cert' | 'key'>, targetPort: number): Promise<TlsProxy> {
  const sockets = new Set<TLSSocket>();
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    pipeBoth(client, connect({ host: '127.0.0.1', port: targetPort }));
  });
  const address = await listen(server, 0, '127.0.0.1');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
