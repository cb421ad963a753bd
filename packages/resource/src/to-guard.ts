import {
  createGuardFor,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';

/**
 * A guard as given, or one built from options (middlewares accept either); `where` names the
 * middleware factory in errors, and `extra` its own option names beside the guard's.
 *
 * @throws TypeError when `options` is neither, or names an unknown or wrong option.
 */
export function toGuard(
  options: DualAuthGuardOptions | DualAuthGuard,
  where: string,
  extra: Readonly<Record<string, true>> = {},
): DualAuthGuard {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('dual-auth middleware needs guard options or a guard');
  }
  const maybeGuard = options as Partial<DualAuthGuard>;
  if (typeof maybeGuard.check === 'function' && typeof maybeGuard.checkRequest === 'function') {
    return maybeGuard as DualAuthGuard;
  }
  return createGuardFor(options as DualAuthGuardOptions, where, extra);
}

/**
 * Refuses, for a middleware that has a fetch `Request` and no TLS socket (`where`: `withDualAuth`),
 * a guard that reads the client certificate of the TLS socket (`'tls-connection'`,
 * `'tls-connection-any-issuer'`), whether given or built from options: such a guard would refuse
 * every certificate-bound token as unchecked.
 *
 * @throws TypeError saying to give a function of the request.
 */
export function refuseSocketCertificateSource(guard: DualAuthGuard, where: string): void {
  const source = guard.certificateSource;
  if (source !== 'tls-connection' && source !== 'tls-connection-any-issuer') return;
  throw new TypeError(
    `${where}: options.tlsClientCertificate '${source}' reads a Node TLS socket, which a fetch Request has not: pass a function (request) => the DER bytes of its client certificate (in the options, or in those of the guard given), or no tlsClientCertificate`,
  );
}
