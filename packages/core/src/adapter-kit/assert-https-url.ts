import { ConfigurationError } from '../errors/configuration-error.js';

/** Options of {@link assertHttpsUrl}. */
export interface AssertHttpsUrlOptions {
  /** The option or variable the URL came from (`token_url`, `KEYCLOAK_TOKEN_URL`); named in errors. */
  name: string;
  /** Accept `http:` when the host is loopback (127.0.0.0/8, ::1, localhost), for local test IdPs. */
  allowInsecureLoopback?: boolean | undefined;
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * What is said of a value that is no absolute URL at all (`not a url`, `idp.example/token`), after
 * the setting's name: not a wrong scheme. Shared by {@link assertHttpsUrl} and the config's URL check.
 */
export const NOT_A_URL =
  'is not a URL: it must be an absolute HTTPS URL, e.g. https://idp.example/token';

/**
 * True for a loopback host as the WHATWG URL parser writes it: `localhost`, 127.0.0.0/8 or `::1`
 * (bracketed or not). Ports are not part of a hostname, so any port counts.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || IPV4_LOOPBACK.test(host);
}

/**
 * Parses `url` and requires HTTPS with a host. `http:` passes only for a loopback host and only with
 * `allowInsecureLoopback`. URLs with credentials are refused, since URLs end up in logs.
 * Errors name `options.name`, never the URL's value: of its scheme only `http` is named.
 *
 * @throws TypeError when `url` is not a string or URL.
 * @throws ConfigurationError when the URL is invalid or not HTTPS.
 * @example
 * const tokenUrl = assertHttpsUrl(config.tokenUrl, { name: 'token_url' });
 * assertHttpsUrl('http://127.0.0.1:8080/token', { name: 'token_url', allowInsecureLoopback: true });
 */
export function assertHttpsUrl(url: string | URL, options: AssertHttpsUrlOptions): URL {
  const name = options?.name;
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('assertHttpsUrl: options.name must be a non-empty string');
  }
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new TypeError(`${name} must be a string, got ${url === null ? 'null' : typeof url}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError({ message: `${name} ${NOT_A_URL}`, variable: name });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigurationError({
      message: `${name} must not contain credentials`,
      variable: name,
    });
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme === 'https' && parsed.hostname !== '') return parsed;
  if (scheme === 'http' && isLoopbackHost(parsed.hostname)) {
    if (options.allowInsecureLoopback === true) return parsed;
    throw new ConfigurationError({
      message: `${name} must use HTTPS for security. Got scheme: http (http:// is allowed only on loopback with allowInsecureLoopback: true)`,
      variable: name,
    });
  }
  throw new ConfigurationError({
    // Only http is named: another "scheme" may be the head of a secret pasted into the setting
    // (`AKIA…:wJalr…`).
    message: `${name} must use HTTPS for security. Got ${scheme === 'http' ? 'scheme: http' : 'another scheme'}`,
    variable: name,
  });
}
