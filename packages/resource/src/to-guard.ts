import {
  createGuardFor,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';
import type { RequestCertificateReader } from './tls-client-certificate.js';

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
 * The `tlsClientCertificate` function of a fetch or Hono middleware's guard options, read as an
 * own property (the guard built from them refused an inherited one); none for a guard given, or
 * (with `readsNodeSocket`, Hono on Node) for `'tls-connection'` and `'tls-connection-any-issuer'`.
 *
 * @throws TypeError for those two without `readsNodeSocket`: a fetch `Request` has no TLS socket.
 */
export function requestCertificateReaderOf(
  options: DualAuthGuardOptions | DualAuthGuard,
  guard: DualAuthGuard,
  where: string,
  readsNodeSocket = false,
): RequestCertificateReader | undefined {
  if (options === guard || !Object.hasOwn(options, 'tlsClientCertificate')) return undefined;
  const source = (options as DualAuthGuardOptions).tlsClientCertificate;
  if (typeof source === 'function' || source === undefined) return source;
  if (readsNodeSocket) return undefined;
  throw new TypeError(
    `${where}: options.tlsClientCertificate '${source}' reads a Node TLS socket, which a fetch Request has not: pass a function (request) => the DER bytes of its client certificate, or undefined`,
  );
}
