import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { concealSentCredentials, sentCredentials } from './conceal-sent-credentials.js';
import { VaultTransportError } from './vault-transport-error.js';

/** Settings of {@link createVaultTransport}. */
export interface VaultTransportSettings {
  /** PEM of an extra certificate authority to trust besides the system roots. */
  caPem: string | undefined;
  /** Deadline of one request, redirects and the whole body included, in ms. */
  timeoutMs: number;
  /** The largest answer body read, in bytes. */
  maxResponseBytes: number;
  /** Origins besides the request's own that a 307/308 may lead to (a cluster's other nodes). */
  redirectOrigins: ReadonlySet<string>;
}

/** The request node-vault hands to its `request-promise` (the fields it sets, node-vault 0.12). */
interface VaultRequest {
  method: string;
  uri: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/** The response node-vault expects back from its `request-promise`. */
interface VaultResponse {
  statusCode: number;
  body: unknown;
  request: { path: string };
}

/** What node-vault's `request-promise` option must be: `defaults(options)` gives the sender. */
export interface VaultTransport {
  defaults(): (request: VaultRequest) => Promise<VaultResponse>;
}

const MAX_REDIRECTS = 3;

/**
 * The HTTP client node-vault sends through (its `request-promise` option), on axios. node-vault
 * 0.12 passes only `timeout`, agents and TLS fields of its `requestOptions` on to axios, so
 * `maxRedirects` or `maxContentLength` given there are dropped; here they are set. Redirects are
 * not left to axios, which keeps `X-Vault-Token` and re-posts login bodies across hosts: a 307/308
 * to Vault's own origin or one of `redirectOrigins` is followed (at most 3), any other refused. axios's `timeout` only bounds
 * socket idleness, so a signal bounds the whole exchange.
 */
export function createVaultTransport(settings: VaultTransportSettings): VaultTransport {
  const instance = axios.create({
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: settings.maxResponseBytes,
    ...(settings.caPem === undefined
      ? {}
      : { httpsAgent: new Agent({ ca: [...rootCertificates, settings.caPem] }) }),
  });
  const send = (request: VaultRequest) => sendFollowingOwnRedirects(instance, request, settings);
  return { defaults: () => send };
}

async function sendFollowingOwnRedirects(
  instance: AxiosInstance,
  { method, uri, headers, json }: VaultRequest,
  { timeoutMs, maxResponseBytes, redirectOrigins }: VaultTransportSettings,
): Promise<VaultResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  let url = new URL(uri);
  const trusted = new Set([url.origin, ...redirectOrigins]);
  for (let hops = 0; ; hops += 1) {
    let response: AxiosResponse;
    try {
      response = await instance.request({
        method,
        url: url.href,
        headers: { ...headers },
        ...(json !== null && typeof json === 'object' ? { data: json } : {}),
        signal,
      });
    } catch (error) {
      throw refusal(error, signal, timeoutMs, maxResponseBytes);
    }
    const next = redirectTarget(response, url);
    if (next === undefined) {
      // node-vault makes an error answer's text its message: never one quoting what was sent.
      const body =
        response.status >= 400
          ? concealSentCredentials(response.data, sentCredentials(headers, json))
          : response.data;
      return { statusCode: response.status, body, request: { path: url.pathname } };
    }
    if (
      !trusted.has(next.origin) ||
      ![307, 308].includes(response.status) ||
      hops >= MAX_REDIRECTS
    ) {
      throw redirectRefused(response.status, next, url, trusted);
    }
    url = next;
  }
}

function redirectTarget(response: AxiosResponse, from: URL): URL | undefined {
  if (response.status < 300 || response.status > 399 || response.status === 304) return undefined;
  const location: unknown = response.headers.location;
  // A redirect without a usable Location is refused like one to another origin.
  if (typeof location !== 'string' || location === '' || !URL.canParse(location, from)) {
    return new URL('about:blank');
  }
  return new URL(location, from);
}

// Standbys forward requests to the active node (the default since Vault 0.6.2); they answer 307 to
// the active node's api_addr only when forwarding fails or a request asks for no forwarding:
// https://developer.hashicorp.com/vault/docs/concepts/ha#client-redirection
function redirectRefused(
  status: number,
  to: URL,
  from: URL,
  trusted: ReadonlySet<string>,
): VaultTransportError {
  const where = to.origin === 'null' ? 'an unusable location' : to.origin;
  return new VaultTransportError(
    `Vault at ${from.origin} answered ${status}, a redirect to ${where}; not followed, the Vault token and login credentials go only to ${[...trusted].join(', ')} (add a cluster node's origin to redirectOrigins, env DUAL_AUTH_VAULT_REDIRECT_ORIGINS, to follow a standby's 307 to it).`,
    "Set VAULT_ADDR (or the address option) to the active Vault node or to the load balancer in front of the cluster, or list the cluster's nodes (https://host:port each) in the redirectOrigins option or DUAL_AUTH_VAULT_REDIRECT_ORIGINS; standby nodes forward requests to the active node and redirect only when forwarding fails.",
  );
}

function refusal(
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  maxResponseBytes: number,
): unknown {
  if (signal.aborted) {
    return new VaultTransportError(
      `Vault did not answer within ${timeoutMs} ms.`,
      'Vault, or a proxy on the way to it, is slow or stalled; check it, or raise timeoutMs.',
    );
  }
  if (axios.isAxiosError(error) && error.message.startsWith('maxContentLength')) {
    return new VaultTransportError(
      `Vault's answer is larger than ${maxResponseBytes} bytes; refused.`,
      'A KV secret is far smaller: check that VAULT_ADDR points at Vault itself, or raise maxResponseBytes.',
    );
  }
  return error;
}
