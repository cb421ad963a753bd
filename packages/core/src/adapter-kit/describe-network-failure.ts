/** The token endpoint a request got no answer from, as {@link describeNetworkFailure} names it. */
export interface TokenEndpoint {
  /** The token URL (only its host and port are shown, never its path, query or credentials). */
  readonly url: string | URL;
  /** The setting it came from (`KEYCLOAK_TOKEN_URL`); default `the token URL`. */
  readonly variable?: string | undefined;
}

const MAX_DEPTH = 6;

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
 * port (the Fetch standard's "bad port" list), and what to check. Short on purpose, as it ships
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
  return `no answer from ${hostAndPort(new URL(endpoint.url))}${cause}: check that the IdP serves HTTPS there and that ${endpoint.variable ?? 'the token URL'} names its host and port (dual-auth doctor says why)`;
}
