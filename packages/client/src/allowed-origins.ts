import { OriginRefusedError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/**
 * The origins of `options.allowedOrigins` (URLs or origins; only scheme, host and port count),
 * checked once at construction; undefined when the option is left out (any HTTPS origin).
 *
 * @throws TypeError when it is not a non-empty array of strings or URLs.
 * @throws ConfigurationError when one is not an HTTPS URL (`http:` only on loopback with
 *   `allowInsecureLoopback`).
 */
export function resolveAllowedOrigins(
  allowedOrigins: unknown,
  allowInsecureLoopback: boolean,
): ReadonlySet<string> | undefined {
  if (allowedOrigins === undefined) return undefined;
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new TypeError('options.allowedOrigins must list one origin or more, or be left out');
  }
  return new Set(
    allowedOrigins.map((origin: unknown, index) => {
      const name = `options.allowedOrigins[${index}]`;
      if (typeof origin !== 'string' && !(origin instanceof URL)) {
        throw new TypeError(`${name} must be a URL or origin`);
      }
      return assertHttpsUrl(origin, { name, allowInsecureLoopback }).origin;
    }),
  );
}

/**
 * Refuses `url` unless its origin is one of `allowed` (undefined: any origin); `what` names the URL
 * in the message (`apiUrl`, `redirect Location`).
 *
 * @throws OriginRefusedError naming the option, never the URL.
 */
export function assertAllowedOrigin(
  url: URL,
  allowed: ReadonlySet<string> | undefined,
  what = 'apiUrl',
): void {
  if (allowed !== undefined && !allowed.has(url.origin)) {
    throw new OriginRefusedError(`${what} refused: its origin is not in options.allowedOrigins`);
  }
}
