import { raceAbort } from '@dual-auth/core/adapter-kit';
import { decodeCanonicalBase64url } from '@dual-auth/core/jwt';

/**
 * The DER bytes of the client certificate a request's mutual-TLS connection authenticated (RFC
 * 8705 §3), or `undefined` when it presented none (or one the TLS server did not authorize).
 */
export type TlsClientCertificate = Uint8Array | undefined;

/**
 * Reads the client certificate of the request being decided: called only when its token is
 * certificate-bound (`cnf["x5t#S256"]`), at most once per request. `null` (what `Headers.get`
 * gives for a missing header), `undefined` and empty bytes are no certificate.
 */
export type TlsClientCertificateReader = () =>
  | TlsClientCertificate
  | null
  | Promise<TlsClientCertificate | null>;

/**
 * Where a guard gets the client certificate of a request's mutual-TLS connection (RFC 8705 §3),
 * to check certificate-bound tokens.
 * - `'tls-connection'`: from the guard input's `tlsClientCertificate`, which the Express, Fastify
 *   and Hono-on-Node middlewares read from the request's TLS socket, taking a certificate only
 *   when the server authorized it (issued by a CA of its `ca`); a custom server gives it itself.
 * - `'tls-connection-any-issuer'`: from the guard input's `tlsClientCertificateAnyIssuer`, the
 *   certificate the client proved it holds the key of in the completed handshake, whoever issued
 *   it (a self-signed one, RFC 8705 §2.2, §4): the token's binding is the only proof (§6.2).
 * - A function of a fetch `Request` (for `checkRequest`, `check` with the input's `request`,
 *   `withDualAuth` of `@dual-auth/resource/fetch`, Hono's `dualAuth`): the certificate's DER
 *   bytes, or `undefined` or `null` for none.
 */
export type TlsClientCertificateSource =
  | 'tls-connection'
  | 'tls-connection-any-issuer'
  | RequestCertificateReader;

/** A `tlsClientCertificate` function: the client certificate of a fetch `Request`, or none. */
export type RequestCertificateReader = (
  request: Request,
) => TlsClientCertificate | null | Promise<TlsClientCertificate | null>;

/** How a certificate-bound token compared with the request's client certificate. */
export type CertificateBinding = 'match' | 'no-certificate' | 'mismatch';

/**
 * Compares `cnf["x5t#S256"]` with the request's client certificate (RFC 8705 §3.1): the claim must
 * be the one canonical unpadded base64url text (RFC 7515 §2) of the SHA-256 of the certificate's
 * DER bytes, compared in constant time. A padded claim, the standard base64 alphabet, hex, or
 * another hash's thumbprint is a mismatch, never repaired. `undefined`, `null` and empty bytes
 * are no certificate: refused as when the TLS connection presented none (the client's to fix).
 *
 * `read` is not waited for once `signal` (the request's) aborts: a reader that never answers
 * does not keep a request whose client went away pending for ever.
 *
 * @throws TypeError when `read` gives something else than a `Uint8Array`, `null` or `undefined`.
 * @throws what `read` throws; `signal.reason` when it aborts first.
 */
export async function certificateBindingOf(
  claimed: unknown,
  read: TlsClientCertificateReader,
  signal?: AbortSignal,
): Promise<CertificateBinding> {
  const der = await raceAbort(Promise.resolve().then(read), signal);
  // A gateway header reader's `headers.get()` of a missing header: the client sent none.
  if (der === undefined || der === null) return 'no-certificate';
  if (!(der instanceof Uint8Array)) {
    throw new TypeError(
      `tlsClientCertificate must give the DER bytes of the client certificate (a Uint8Array), or undefined or null for none, got ${typeof der}`,
    );
  }
  // Zero bytes are no certificate (a gateway's empty header, nginx's $ssl_client_escaped_cert
  // without one): never a match for a token bound to the thumbprint of nothing.
  if (der.byteLength === 0) return 'no-certificate';
  const expected = typeof claimed === 'string' ? decodeCanonicalBase64url(claimed) : undefined;
  // A copy: the caller's view may sit on a SharedArrayBuffer, which Web Crypto does not take.
  const actual = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(der)));
  return expected !== undefined && sameBytes(expected, actual) ? 'match' : 'mismatch';
}

// Every byte is compared, whatever differs first: the time says nothing of how much of a forged
// thumbprint was right. The length is public (a SHA-256 thumbprint is 32 bytes).
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) {
    difference |= (a[index] as number) ^ (b[index] as number);
  }
  return difference === 0;
}
