import type { DualAuthGuard, DualAuthGuardOptions } from './dual-auth-guard.js';
import type { TlsClientCertificate } from './tls-client-certificate.js';

/** What {@link peerCertificateOf} reads of a Node `tls.TLSSocket`. */
interface PeerCertificateSocket {
  readonly authorized?: unknown;
  getPeerCertificate?: (detailed?: boolean) => { raw?: unknown } | null | undefined;
}

/**
 * The DER bytes of the client certificate a Node TLS socket authenticated: `undefined` for a
 * plain (HTTP) socket, a connection that presented none, or one whose certificate the server did
 * not authorize (`authorized` false: not issued by a CA of its `ca`, expired, or let through by
 * `rejectUnauthorized: false`). The socket is the caller's object, read as it is, with no Node
 * module imported.
 */
export function peerCertificateOf(socket: unknown): TlsClientCertificate {
  const tls = socket as PeerCertificateSocket | null | undefined;
  if (tls?.authorized !== true || typeof tls.getPeerCertificate !== 'function') return undefined;
  const raw = tls.getPeerCertificate(false)?.raw;
  return raw instanceof Uint8Array && raw.length > 0 ? raw : undefined;
}

/**
 * Refuses, for a Node middleware (`where`), a `tlsClientCertificate` function: it takes a fetch
 * `Request`, which Express and Fastify have not; they read the request's TLS socket.
 *
 * @throws TypeError saying to pass `'tls-connection'`.
 */
export function refuseRequestCertificateReader(
  options: DualAuthGuardOptions | DualAuthGuard,
  where: string,
): void {
  if (typeof options !== 'object' || options === null) return;
  if (!Object.hasOwn(options, 'tlsClientCertificate')) return;
  if (typeof (options as DualAuthGuardOptions).tlsClientCertificate !== 'function') return;
  throw new TypeError(
    `${where}: options.tlsClientCertificate is a function of a fetch Request, which this middleware has not: pass 'tls-connection' (the client certificate of the request's TLS socket); for one a gateway forwards in a header, call guard.check with your own tlsClientCertificate in its input`,
  );
}
