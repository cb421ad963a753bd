import {
  describeNetworkFailure as causeOfNoAnswer,
  hostAndPort,
  type TokenEndpoint,
} from '@dual-auth/core/adapter-kit';

export type { TokenEndpoint };

/**
 * What to tell an operator when the token endpoint gave no answer: past the doctor's deadline,
 * that nothing came back within it (and `--timeout-ms`); else the cause they can act on, as
 * core's adapter kit names it for every token request (`describeNetworkFailure` of
 * `@dual-auth/core/adapter-kit`: connection refused, host not found, TLS, a timeout…, with the
 * token URL's host and port and `endpoint.variable`). Never the request, so never a secret.
 *
 * @param timedOutAfterMs - set when the doctor's deadline passed.
 * @example
 * describeNetworkFailure(error, { url: 'https://127.0.0.1:8443/token' });
 * // 'connection refused by 127.0.0.1:8443: …'
 */
export function describeNetworkFailure(
  error: unknown,
  endpoint: TokenEndpoint,
  timedOutAfterMs?: number,
): string {
  if (timedOutAfterMs !== undefined) {
    return `no answer within ${timedOutAfterMs} ms: ${hostAndPort(new URL(endpoint.url))} took the connection or the request but sent nothing back; check that the IdP is up and that nothing in between (a firewall, a proxy) holds the request, or give it longer with --timeout-ms`;
  }
  return causeOfNoAnswer(error, endpoint);
}
