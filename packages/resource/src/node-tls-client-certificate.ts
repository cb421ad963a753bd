import type { DualAuthGuard } from './dual-auth-guard.js';
import type { GuardInput } from './guard-decision.js';
import type { TlsClientCertificate } from './tls-client-certificate.js';

/** What {@link peerCertificateOf} reads of a Node `tls.TLSSocket`. */
interface PeerCertificateSocket {
  readonly authorized?: unknown;
  readonly authorizationError?: unknown;
  getPeerCertificate?: (detailed?: boolean) => { raw?: unknown } | null | undefined;
}

/**
 * The DER bytes of the client certificate a Node TLS socket received: `undefined` for a plain
 * (HTTP) socket or a connection that presented none. With `issuer` `'authorized'` (default), also
 * `undefined` for a certificate the server did not authorize (`authorized` false: not issued by a
 * CA of its `ca`, expired, or let through by `rejectUnauthorized: false`). With `'any'`, such a
 * certificate too, once the server verified it and said why it is not authorized
 * (`authorizationError`): Node does so when the handshake completed, in which the client's
 * CertificateVerify signature proved it holds the certificate's private key (RFC 8446 §4.4.3,
 * RFC 5246 §7.4.8; a wrong signature fails the handshake whatever `rejectUnauthorized` says).
 * The socket is the caller's object, read as it is, with no Node module imported.
 */
export function peerCertificateOf(
  socket: unknown,
  issuer: 'authorized' | 'any' = 'authorized',
): TlsClientCertificate {
  const tls = socket as PeerCertificateSocket | null | undefined;
  if (typeof tls?.getPeerCertificate !== 'function') return undefined;
  if (tls.authorized !== true) {
    const verified = typeof tls.authorizationError === 'string' && tls.authorizationError !== '';
    if (issuer !== 'any' || !verified) return undefined;
  }
  const raw = tls.getPeerCertificate(false)?.raw;
  return raw instanceof Uint8Array && raw.length > 0 ? raw : undefined;
}

/**
 * The guard input's certificate readers for a request on a Node TLS socket (`socketOf` is called
 * only when a guard reads one, for a certificate-bound token): `tlsClientCertificate` takes a
 * certificate the server authorized, `tlsClientCertificateAnyIssuer` one of any issuer.
 */
export function tlsConnectionCertificates(
  socketOf: () => unknown,
): Pick<GuardInput, 'tlsClientCertificate' | 'tlsClientCertificateAnyIssuer'> {
  return {
    tlsClientCertificate: () => peerCertificateOf(socketOf()),
    tlsClientCertificateAnyIssuer: () => peerCertificateOf(socketOf(), 'any'),
  };
}

/**
 * Refuses, for a Node middleware (`where`), a guard whose `tlsClientCertificate` is a function
 * (given, or built from options): it takes a fetch `Request`, which Express and Fastify have not;
 * they read the request's TLS socket. Without this the guard would read the socket instead.
 *
 * @throws TypeError saying to pass `'tls-connection'`.
 */
export function refuseRequestCertificateReader(guard: DualAuthGuard, where: string): void {
  if (guard.certificateSource !== 'function') return;
  throw new TypeError(
    `${where}: options.tlsClientCertificate is a function of a fetch Request, which this middleware has not: pass 'tls-connection' (the client certificate of the request's TLS socket, when the server authorized it) or 'tls-connection-any-issuer'; for one a gateway forwards in a header, call guard.check with your own tlsClientCertificate in its input`,
  );
}
