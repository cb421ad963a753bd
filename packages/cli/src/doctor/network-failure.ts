import {
  connectTimeoutCode,
  hostAndPort,
  type TokenEndpoint,
  tlsTrustFailure,
} from '@dual-auth/core/adapter-kit';

export type { TokenEndpoint };

const MAX_DEPTH = 6;
// The DNS answered that the name has no address (a typo, a host gone): the URL is at fault. Only
// EAI_AGAIN (the resolver could not answer now) may pass on a retry.
const NO_SUCH_HOST = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const DNS = new Set([...NO_SUCH_HOST, 'EAI_AGAIN']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS_HANDSHAKE = /^(?:ERR_SSL_|ERR_TLS_|EPROTO$)/;

/** The codes and messages of an error and its causes (core keeps name, code and message only). */
function chainOf(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') codes.push(code);
    messages.push(current.message);
    current = current.cause;
  }
  return { codes, messages };
}

/** The cause the operator can act on, naming the token URL's host and port and its setting. */
function causeOfNoAnswer(error: unknown, endpoint: TokenEndpoint): string {
  const url = new URL(endpoint.url);
  const at = hostAndPort(url);
  const setting = endpoint.variable ?? 'the token URL';
  const tls = tlsTrustFailure(error);
  if (tls !== undefined) {
    return `TLS certificate check failed for ${at} (${tls.code}): ${tls.advice}`;
  }
  const { codes, messages } = chainOf(error);
  const has = (set: ReadonlySet<string>) => codes.find((code) => set.has(code));
  if (codes.includes('ECONNREFUSED')) {
    return `connection refused by ${at} (ECONNREFUSED): nothing listens there; check that the IdP is running and that ${setting} has its host and port`;
  }
  const dns = has(DNS);
  if (dns !== undefined) {
    return `host not found: ${url.hostname} (${dns}): the DNS has no address for it; check the host name in ${setting}, and this machine's DNS or proxy settings`;
  }
  const timeout = connectTimeoutCode(error);
  if (timeout !== undefined) {
    return `connecting to ${at} timed out (${timeout}): the host did not accept the connection in time; check that the IdP is up and not overloaded, that ${setting} has its host and port, and that a firewall lets this machine reach it`;
  }
  const unreachable = has(UNREACHABLE);
  if (unreachable !== undefined) {
    return `no route to ${at} (${unreachable}): check this machine's network, VPN or proxy, and the host in ${setting}`;
  }
  const handshake = codes.find((code) => TLS_HANDSHAKE.test(code));
  if (handshake !== undefined) {
    return `TLS handshake with ${at} failed (${handshake}): check that this port serves HTTPS (not plain HTTP) and that ${setting} is the IdP's HTTPS token URL`;
  }
  const closed = has(CLOSED);
  if (closed !== undefined) {
    return `${at} closed the connection before answering (${closed}): check that this port serves the IdP over HTTPS, and any proxy in between`;
  }
  // undici refuses the Fetch standard's "bad ports" (6000, 6665–6669, …) before connecting.
  if (messages.includes('bad port')) {
    return `${at} is a blocked port that fetch never connects to (the Fetch standard's "bad port" list): serve the IdP on another port and change ${setting}`;
  }
  const code = codes.at(-1);
  return `no answer from ${at}${code === undefined ? '' : ` (${code})`}: check that the IdP is running, reachable from here, and that ${setting} is its token URL`;
}

/**
 * True when no answer came for a reason this machine's configuration must fix, so a retry cannot
 * help: a TLS certificate it does not trust, a TLS handshake refused by what is not an HTTPS port,
 * a port `fetch` never uses, a host name the DNS has no address for (`ENOTFOUND`, `EAI_NONAME`,
 * `EAI_FAIL`, `EAI_NODATA`: getaddrinfo's answer for a name that does not exist). Any other
 * failure to reach the endpoint (refused, `EAI_AGAIN`, timeout, reset, no route) may pass when the
 * IdP is back: the doctor's exit 3.
 */
export function isConfigurationFault(error: unknown): boolean {
  const { codes, messages } = chainOf(error);
  return (
    tlsTrustFailure(error) !== undefined ||
    codes.some((code) => TLS_HANDSHAKE.test(code) || NO_SUCH_HOST.has(code)) ||
    messages.includes('bad port')
  );
}

/**
 * What to tell an operator when the token endpoint gave no answer: past the doctor's deadline,
 * that nothing came back within it (and `--timeout-ms`); else the cause they can act on
 * (connection refused, host not found, a TLS certificate or handshake problem, a connection
 * timeout or reset, a port `fetch` refuses), naming the host and port of the token URL and
 * `endpoint.variable`, and what to check. Reads the codes of the error's cause chain (Node's
 * `ECONNREFUSED`, `ENOTFOUND`, undici's `UND_ERR_*`, OpenSSL's verify results); never the
 * request, so never a secret. A library's own token requests name only the code and point here
 * (`describeNetworkFailure` of `@dual-auth/core/adapter-kit`), to keep applications' bundles small.
 *
 * @param timedOutAfterMs - set when the doctor's deadline passed.
 * @param answeredStatus - the HTTP status of the answer whose headers came before the deadline
 *   passed, if one did: the body was then still arriving, and the text says so instead of "sent
 *   nothing back".
 * @example
 * describeNetworkFailure(error, { url: 'https://127.0.0.1:8443/token' });
 * // 'connection refused by 127.0.0.1:8443: …'
 */
export function describeNetworkFailure(
  error: unknown,
  endpoint: TokenEndpoint,
  timedOutAfterMs?: number,
  answeredStatus?: number,
): string {
  if (timedOutAfterMs !== undefined && answeredStatus !== undefined) {
    return `answered HTTP ${answeredStatus} but not its whole body within ${timedOutAfterMs} ms: ${hostAndPort(new URL(endpoint.url))} sent the status and headers, then the body too slowly; check that the IdP is not overloaded and that nothing in between (a proxy, a load balancer) holds the answer back, or give it longer with --timeout-ms`;
  }
  if (timedOutAfterMs !== undefined) {
    return `no answer within ${timedOutAfterMs} ms: ${hostAndPort(new URL(endpoint.url))} took the connection or the request but sent nothing back; check that the IdP is up and that nothing in between (a firewall, a proxy) holds the request, or give it longer with --timeout-ms`;
  }
  return causeOfNoAnswer(error, endpoint);
}
