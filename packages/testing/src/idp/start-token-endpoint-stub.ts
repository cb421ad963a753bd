import { startHttpsServer, type TestHttpsServer } from '../tls/https-server.js';
import type { TestCa } from '../tls/test-ca.js';
import { recordTokenRequest, type TokenRequestRecord } from './token-request-record.js';

/** What a {@link TokenEndpointStub} answers with. */
export interface TokenEndpointReply {
  readonly status: number;
  /** Sent as JSON. Default `{}`. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A loopback HTTPS server that records every request and answers with a set reply. */
export interface TokenEndpointStub extends TestHttpsServer {
  /** Every request received on any path, oldest first. */
  readonly requests: readonly TokenRequestRecord[];
  /** What every later request gets answered, until the next call. Default: 200 `{}`. */
  reply(reply: TokenEndpointReply): void;
}

/**
 * Starts a token endpoint that answers what the test says, for checking an adapter's request
 * byte for byte and its handling of exact answers. For behaviour against a real authorization
 * server use {@link startLocalIdp}.
 *
 * @example
 * ```ts
 * const stub = await startTokenEndpointStub();
 * stub.reply({ status: 200, body: { access_token: 'AT' } });
 * const adapter = createAcmeAdapter({ vendor: 'acme', tokenUrl: `${stub.url}/oauth2/token`, clientId, clientSecret }, { fetch: stub.fetch });
 * await adapter.requestToken({ agentId: clientId, act: { sub: 'u-1' }, scope: [] });
 * stub.requests.at(-1)?.form; // [['grant_type', 'client_credentials'], …]
 * await stub.close();
 * ```
 */
export async function startTokenEndpointStub(
  options: { readonly ca?: TestCa } = {},
): Promise<TokenEndpointStub> {
  const requests: TokenRequestRecord[] = [];
  let current: TokenEndpointReply = { status: 200 };
  const server = await startHttpsServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    requests.push(recordTokenRequest(req.method ?? '', req.url ?? '', req.headers, body));
    res.writeHead(current.status, { 'content-type': 'application/json', ...current.headers });
    res.end(JSON.stringify(current.body ?? {}));
  }, options);
  return Object.assign(server, {
    requests,
    reply(reply: TokenEndpointReply) {
      if (typeof reply !== 'object' || reply === null || !Number.isInteger(reply.status)) {
        throw new TypeError('reply: expected { status, body?, headers? }');
      }
      current = reply;
    },
  });
}
