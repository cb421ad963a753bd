/** The token endpoint a request got no answer from, as {@link describeNetworkFailure} names it. */
export interface TokenEndpoint {
  /** The token URL (only its host and port are shown, never its path, query or credentials). */
  readonly url: string | URL;
  /** The setting it came from (`KEYCLOAK_TOKEN_URL`); default `the token URL`. */
  readonly variable?: string | undefined;
}

const MAX_DEPTH = 6;
// undici's own connect timeout (10 s by default, TLS handshake included), and the system's.
const CONNECT_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/**
 * The code of a connection the host did not accept in time, anywhere in the error's `cause`
 * chain: undici's `UND_ERR_CONNECT_TIMEOUT` (its connect timeout, 10 s by default, spans the TLS
 * handshake; an overloaded host whose accept queue is full gives it) or the system's `ETIMEDOUT`.
 * `undefined` for any other failure. A timeout, not a wrong URL: the host was found and may
 * answer later.
 *
 * @example
 * connectTimeoutCode(new TypeError('fetch failed', { cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) }));
 * // 'UND_ERR_CONNECT_TIMEOUT'
 */
export function connectTimeoutCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && CONNECT_TIMEOUT.has(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * `host:port` of a URL, the scheme's default port written out; never its path, query or
 * credentials.
 *
 * @example
 * hostAndPort(new URL('https://idp.example/token?x=1')); // 'idp.example:443'
 */
export function hostAndPort(url: URL): string {
  if (url.port !== '') return url.host;
  return `${url.host}:${url.protocol === 'http:' ? 80 : 443}`;
}

/**
 * What a token request that got no answer says: the host and port of the token URL, the
 * runtime's code for the cause (the innermost of the error's cause chain: Node's `ECONNREFUSED`,
 * `ENOTFOUND`, OpenSSL's `ERR_SSL_*`, undici's `UND_ERR_*`), or that `fetch` refused a blocked
 * port (the Fetch standard's "bad port" list), and what to check: for a connection the host did
 * not accept in time ({@link connectTimeoutCode}), that it is up and not overloaded. Short on purpose, as it ships
 * in every application: `dual-auth doctor` (`@dual-auth/cli`) says what each cause means and what
 * to fix, and [docs/operations.md](https://github.com/dual-auth/dual-auth-js/blob/main/docs/operations.md#incidents-what-each-part-does)
 * lists them. Reads codes only, never the request, so never a secret.
 *
 * @example
 * describeNetworkFailure(error, { url: 'https://127.0.0.1:8443/token' });
 * // 'no answer from 127.0.0.1:8443 (ECONNREFUSED): check that the IdP serves HTTPS there …'
 */
export function describeNetworkFailure(error: unknown, endpoint: TokenEndpoint): string {
  let cause = '';
  let current = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') cause = ` (${code})`;
    // undici refuses the Fetch standard's "bad ports" (6000, 6665–6669, …) before connecting.
    else if (current.message === 'bad port') cause = ' (a blocked port fetch never connects to)';
    current = current.cause;
  }
  const at = `no answer from ${hostAndPort(new URL(endpoint.url))}${cause}`;
  if (connectTimeoutCode(error) !== undefined) {
    return `${at}: the host did not accept the connection in time; check that the IdP is up and not overloaded, and that a firewall lets this machine reach it (dual-auth doctor says why)`;
  }
  return `${at}: check that the IdP serves HTTPS there and that ${endpoint.variable ?? 'the token URL'} names its host and port (dual-auth doctor says why)`;
}
