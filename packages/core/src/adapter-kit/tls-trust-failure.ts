/** A TLS certificate check that failed: a configuration problem, not a network one. */
export interface TlsTrustFailure {
  /**
   * The runtime's code: OpenSSL's verify result as Node (undici) and Bun report it in
   * `error.cause.code` (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `ERR_TLS_CERT_ALTNAME_INVALID`, …), or
   * rustls' reason for Deno, which reports it only in the message (`invalid peer certificate:
   * UnknownIssuer`).
   */
  readonly code: string;
  /** What to do about it, in one sentence. */
  readonly advice: string;
}

const TRUST_ADVICE =
  "the server's certificate is not signed by a CA this runtime trusts: trust that CA with NODE_EXTRA_CA_CERTS=/path/ca.pem set in the shell (Node reads it when it starts, not from --env-file) or pass a fetch that trusts it; do not turn certificate checks off";
const VALIDITY_ADVICE =
  "the server's certificate has expired or is not valid yet: renew it on the server, or check this machine's clock";
const NAME_ADVICE =
  "the server's certificate does not name this host: use the host name it was issued for, or reissue it with this name";

/** OpenSSL verify results (`X509_V_ERR_*` without the prefix) and Node's own TLS codes. */
const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: TRUST_ADVICE,
  UNABLE_TO_GET_ISSUER_CERT: TRUST_ADVICE,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: TRUST_ADVICE,
  SELF_SIGNED_CERT_IN_CHAIN: TRUST_ADVICE,
  DEPTH_ZERO_SELF_SIGNED_CERT: TRUST_ADVICE,
  CERT_UNTRUSTED: TRUST_ADVICE,
  CERT_SIGNATURE_FAILURE: TRUST_ADVICE,
  INVALID_CA: TRUST_ADVICE,
  CERT_HAS_EXPIRED: VALIDITY_ADVICE,
  CERT_NOT_YET_VALID: VALIDITY_ADVICE,
  ERR_TLS_CERT_ALTNAME_INVALID: NAME_ADVICE,
  HOSTNAME_MISMATCH: NAME_ADVICE,
};

/** rustls' reasons in Deno's message. */
const ADVICE_BY_DENO_REASON: Readonly<Record<string, string>> = {
  UnknownIssuer: TRUST_ADVICE,
  BadSignature: TRUST_ADVICE,
  Expired: VALIDITY_ADVICE,
  NotValidYet: VALIDITY_ADVICE,
  NotValidForName: NAME_ADVICE,
};

const DENO_MESSAGE = /invalid peer certificate: (\w+)/;
const MAX_DEPTH = 5;

/**
 * Tells whether a `fetch` failure is a TLS certificate check that failed (untrusted CA,
 * self-signed, expired, wrong host name), looking through the error and its `cause` chain.
 * Such a failure is configuration: retrying cannot fix it, and the advice says how to trust a CA.
 *
 * @returns the code and the advice, or `undefined` for any other failure.
 * @example
 * try {
 *   await fetch(url);
 * } catch (error) {
 *   const tls = tlsTrustFailure(error);
 *   if (tls !== undefined) throw new ConfigurationError({ message: `TLS (${tls.code}): ${tls.advice}` });
 *   throw error;
 * }
 */
export function tlsTrustFailure(error: unknown): TlsTrustFailure | undefined {
  let current = error;
  for (
    let depth = 0;
    depth < MAX_DEPTH && typeof current === 'object' && current !== null;
    depth++
  ) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && Object.hasOwn(ADVICE_BY_CODE, code)) {
      return { code, advice: ADVICE_BY_CODE[code] as string };
    }
    const reason = typeof message === 'string' ? DENO_MESSAGE.exec(message)?.[1] : undefined;
    if (reason !== undefined && Object.hasOwn(ADVICE_BY_DENO_REASON, reason)) {
      return { code: reason, advice: ADVICE_BY_DENO_REASON[reason] as string };
    }
    current = cause;
  }
  return undefined;
}
