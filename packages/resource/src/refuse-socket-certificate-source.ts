import { requireValue } from '@dual-auth/core';
import type { DualAuthGuard } from './dual-auth-guard.js';

/**
 * Refuses, for a handler that has a fetch `Request` and no TLS socket, a guard that reads the
 * client certificate of the TLS socket (`certificateSource` `'tls-connection'`,
 * `'tls-connection-any-issuer'`), whether given or built from options: such a guard would refuse
 * every certificate-bound token as unchecked (RFC 8705 §3). `withDualAuth` checks its guard with
 * it; `@dual-auth/mcp`'s `dualAuthMcpHandler` too, with its own `remedy`.
 *
 * @param guard - The guard the handler was given or built.
 * @param where - The handler's factory, the start of the message (`'withDualAuth'`).
 * @param remedy - What the caller must do, the end of the message after
 *   `"<where>: options.tlsClientCertificate '<source>' reads a Node TLS socket, which a fetch
 *   Request has not: "`; default withDualAuth's (give a function of the request, or none).
 * @throws TypeError when the guard reads the TLS socket.
 * @example
 * ```ts
 * import { createDualAuthGuard } from '@dual-auth/resource';
 * import { refuseSocketCertificateSource } from '@dual-auth/resource/fetch';
 *
 * declare const guard: ReturnType<typeof createDualAuthGuard>;
 * refuseSocketCertificateSource(guard, 'myHandler', 'serve with the Express middleware instead');
 * ```
 */
export function refuseSocketCertificateSource(
  guard: Pick<DualAuthGuard, 'certificateSource'>,
  where: string,
  remedy = 'pass a function (request) => the DER bytes of its client certificate (in the options, or in those of the guard given), or no tlsClientCertificate',
): void {
  requireValue(guard, 'guard', 'object');
  const source = guard.certificateSource;
  if (source !== 'tls-connection' && source !== 'tls-connection-any-issuer') return;
  throw new TypeError(
    `${where}: options.tlsClientCertificate '${source}' reads a Node TLS socket, which a fetch Request has not: ${remedy}`,
  );
}
