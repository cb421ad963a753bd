import { assertHttpsUrl, isLoopbackHost, NOT_A_URL } from '../adapter-kit/assert-https-url.js';
import type { Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { urlForLogging } from '../redaction/redact.js';

/** Options of {@link validateTokenUrl}. */
export interface ValidateTokenUrlOptions {
  /** The variable the URL came from (`KEYCLOAK_TOKEN_URL`); errors name it, never the value. */
  variable: string;
  /** Accept `http:` on a loopback host (any port), for a local test IdP. Default false. */
  allowInsecureLoopback?: boolean | undefined;
  logger: Logger;
}

const SCHEME_AND_AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i;

/**
 * The reference's token URL checks, fixed (docs/wire-format.md#token-url): the scheme is compared
 * case-insensitively on a real URL parse, loopback is recognised with any port, and `http:` passes
 * only on loopback with `allowInsecureLoopback`, and a fragment is refused (RFC 6749 §3.2). Returns
 * the URL trimmed and otherwise as written, since the Keycloak audience is cut from it and must
 * match the IdP's issuer byte for byte.
 *
 * @throws ConfigurationError naming `variable` (`KEYCLOAK_TOKEN_URL must use HTTPS …`, `… must
 *   not include a fragment …`), never quoting the URL.
 */
export function validateTokenUrl(url: string, options: ValidateTokenUrlOptions): string {
  const { variable } = options;
  const fail = (message: string): never => {
    throw new ConfigurationError({ message: `${variable} ${message}`, variable });
  };
  const trimmed = url.trim();
  if (trimmed === '') fail('cannot be empty');
  const match = SCHEME_AND_AUTHORITY.exec(trimmed);
  if (match === null) fail(NOT_A_URL);
  if (match?.[2] === '') fail('has invalid URL format: missing hostname');
  const parsed = assertHttpsUrl(trimmed, {
    name: variable,
    allowInsecureLoopback: options.allowInsecureLoopback,
  });
  // RFC 6749 §3.2: the endpoint URI MUST NOT include a fragment; any `#` starts one (WHATWG URL
  // §4.4), even an empty one. Never quoted: a fragment may hold a pasted secret.
  if (trimmed.includes('#')) {
    fail('must not include a fragment (a "#" and what follows, RFC 6749 §3.2): remove it');
  }
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) {
    options.logger.warn('insecure_loopback_token_url', {
      variable,
      token_url: urlForLogging(parsed),
    });
  }
  return trimmed;
}
