import { ConfigurationError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/** How the one exception to HTTPS is allowed, for every refusal of an `http:` URL. */
export const LOOPBACK_EXCEPTION =
  'http:// is allowed only on loopback (127.0.0.0/8, ::1, localhost) with allowInsecureLoopback: true, for tests and local demos';

/**
 * `assertHttpsUrl` of core for dualAuthFetch's URLs (`name`): an `http:` URL is refused with a
 * message that says how the loopback exception is allowed, on any host.
 *
 * @throws ConfigurationError when the URL is not HTTPS (or `http:` on loopback with
 *   `allowInsecureLoopback`), holds credentials, or is not a URL.
 * @throws TypeError when it is neither a string nor a URL.
 */
export function assertMcpHttpsUrl(
  url: string | URL,
  name: string,
  allowInsecureLoopback: boolean,
): URL {
  try {
    return assertHttpsUrl(url, { name, allowInsecureLoopback });
  } catch (error) {
    // Only a URL that parsed as http: is named so: another scheme may be a pasted secret's head.
    if (!ConfigurationError.isInstance(error) || !/Got scheme: http\b/.test(error.message)) {
      throw error;
    }
    throw new ConfigurationError({
      message: `${name} must use HTTPS: credentials go over TLS only. Got scheme: http (${LOOPBACK_EXCEPTION})`,
      variable: name,
    });
  }
}
