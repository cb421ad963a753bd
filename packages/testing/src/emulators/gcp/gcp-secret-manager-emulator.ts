import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpsServer } from '../../tls/https-server.js';
import type { TestCa } from '../../tls/test-ca.js';
import type { TrustingFetch } from '../../tls/trusting-fetch.js';
import { FailureQueue, readBody } from '../emulator-http.js';
import { crc32c } from './crc32c.js';

/** A failure the emulator can be told to answer with, the way Secret Manager does. */
export type GcpFailure =
  /** 403 `PERMISSION_DENIED`: the caller lacks `secretmanager.versions.access`. */
  | 'permission-denied'
  /** 429 `RESOURCE_EXHAUSTED`: quota exceeded (throttling). */
  | 'resource-exhausted'
  /** 503 `UNAVAILABLE`. */
  | 'unavailable'
  /** 401 `UNAUTHENTICATED`. */
  | 'unauthenticated'
  /** 200 with a `dataCrc32c` that does not match the payload (corruption in transit). */
  | 'corrupt-checksum'
  /** The TCP connection is destroyed without an answer. */
  | 'reset'
  /**
   * 200 with a JSON body cut off right after the payload (a broken proxy): a client must fail
   * without quoting the body.
   */
  | 'malformed';

/** Options of {@link startGcpSecretManagerEmulator}. */
export interface GcpSecretManagerEmulatorOptions {
  /** The project the secrets live in. Default `dual-auth-test`. */
  readonly projectId?: string;
  /** Secret ids (`dual-auth-agent-client-secret`) and the value of their version 1. */
  readonly secrets?: Readonly<Record<string, string | Uint8Array>>;
  /** The CA that signs the server certificate. Default: a fresh one. */
  readonly ca?: TestCa;
}

/** One request the emulator saw. */
export interface GcpEmulatorRequest {
  readonly method: string;
  readonly path: string;
  /** `AccessSecretVersion`, `token` (OAuth refresh) or `unknown`. */
  readonly rpc: 'AccessSecretVersion' | 'token' | 'unknown';
  readonly secretId?: string | undefined;
  /** The `Authorization` header as received (emulator-issued test tokens only). */
  readonly authorization?: string | undefined;
}

/** A Google `authorized_user` credential, as `gcloud auth application-default login` writes it. */
export interface GcpAuthorizedUserCredentials {
  readonly type: 'authorized_user';
  readonly client_id: string;
  readonly client_secret: string;
  readonly refresh_token: string;
}

/**
 * Options for `new SecretManagerServiceClient(…)` that reach the emulator: the REST fallback
 * transport, its address, `authorized_user` credentials refreshed at its token endpoint, and a
 * fetch that trusts its CA (TLS verification stays on). A type alias rather than an interface, so
 * it is assignable to the SDK's options type, which has an index signature.
 */
export type GcpEmulatorClientOptions = {
  readonly fallback: true;
  readonly apiEndpoint: string;
  readonly port: number;
  readonly projectId: string;
  readonly credentials: GcpAuthorizedUserCredentials;
  readonly clientOptions: {
    readonly endpoints: { readonly oauth2TokenUrl: string };
    readonly transporterOptions: { readonly fetchImplementation: TrustingFetch };
  };
};

/** A running Secret Manager emulator. */
export interface GcpSecretManagerEmulator {
  /** `https://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** `127.0.0.1`: the SDK's `apiEndpoint`. */
  readonly host: string;
  readonly port: number;
  readonly projectId: string;
  readonly ca: TestCa;
  readonly caPem: string;
  /** The OAuth 2.0 token endpoint that refreshes {@link GcpSecretManagerEmulator.credentials}. */
  readonly tokenUrl: string;
  /** Credentials whose refresh token the emulator's token endpoint accepts. */
  readonly credentials: GcpAuthorizedUserCredentials;
  /** A fetch that trusts the emulator's CA. */
  readonly fetch: TrustingFetch;
  /** Options for `new SecretManagerServiceClient(…)` that reach this emulator. */
  readonly clientOptions: GcpEmulatorClientOptions;
  /** Every request received, oldest first. */
  readonly requests: readonly GcpEmulatorRequest[];
  /** Adds a version holding `value` to the secret (creating it); `latest` then serves it. */
  setSecret(secretId: string, value: string | Uint8Array): void;
  deleteSecret(secretId: string): void;
  /** Every access to this secret gets `PERMISSION_DENIED`, as with a missing IAM binding. */
  denySecret(secretId: string): void;
  /** Answers the next `times` secret accesses with `failure`. */
  failNext(failure: GcpFailure, times?: number): void;
  close(): Promise<void>;
}

const ACCESS_PATH = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/:]+):access$/;

/**
 * Starts a Google Cloud Secret Manager emulator on loopback HTTPS. It speaks the REST surface the
 * official client uses in its HTTP fallback mode (`fallback: true`): `AccessSecretVersion` as
 * `GET /v1/projects/{p}/secrets/{s}/versions/{v}:access` with a Bearer token, payloads in base64
 * with their CRC-32C, and errors as Google's JSON error body (`NOT_FOUND`, `PERMISSION_DENIED`,
 * `RESOURCE_EXHAUSTED`, …). It also serves the OAuth 2.0 refresh-token grant that issues the
 * Bearer tokens it accepts.
 *
 * @example
 * ```ts
 * import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
 * import { startGcpSecretManagerEmulator } from '@dual-auth/testing/emulators';
 *
 * const gcp = await startGcpSecretManagerEmulator({ secrets: { 'dual-auth-agent-client-id': 'agent-1' } });
 * const client = new SecretManagerServiceClient(gcp.clientOptions);
 * const [version] = await client.accessSecretVersion({
 *   name: `projects/${gcp.projectId}/secrets/dual-auth-agent-client-id/versions/latest`,
 * });
 * await gcp.close();
 * ```
 */
export async function startGcpSecretManagerEmulator(
  options: GcpSecretManagerEmulatorOptions = {},
): Promise<GcpSecretManagerEmulator> {
  const projectId = options.projectId ?? 'dual-auth-test';
  const versions = new Map<string, Uint8Array[]>();
  const denied = new Set<string>();
  const failures = new FailureQueue<GcpFailure>();
  const requests: GcpEmulatorRequest[] = [];
  const issuedTokens = new Set<string>();
  const credentials: GcpAuthorizedUserCredentials = {
    type: 'authorized_user',
    client_id: `emulator-${randomHex(4)}.apps.googleusercontent.com`,
    client_secret: randomHex(16),
    refresh_token: randomHex(24),
  };
  const setSecret = (secretId: string, value: string | Uint8Array): void => {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    versions.set(secretId, [...(versions.get(secretId) ?? []), bytes]);
  };
  for (const [id, value] of Object.entries(options.secrets ?? {})) setSecret(id, value);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const authorization = req.headers.authorization;
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/token') {
      requests.push({ method, path: url.pathname, rpc: 'token', authorization });
      const form = new URLSearchParams(await readBody(req));
      const valid =
        form.get('grant_type') === 'refresh_token' &&
        form.get('refresh_token') === credentials.refresh_token &&
        form.get('client_id') === credentials.client_id &&
        form.get('client_secret') === credentials.client_secret;
      if (!valid) {
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
        return;
      }
      const token = `ya29.emulator-${randomHex(16)}`;
      issuedTokens.add(token);
      sendJson(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
      return;
    }
    const match = ACCESS_PATH.exec(url.pathname);
    if (method !== 'GET' || match === null) {
      requests.push({ method, path: url.pathname, rpc: 'unknown', authorization });
      sendGoogleError(res, 404, 'NOT_FOUND', `Method not found: ${method} ${url.pathname}`);
      return;
    }
    const [, project = '', secretId = '', version = ''] = match.map(decodeURIComponent);
    requests.push({
      method,
      path: url.pathname,
      rpc: 'AccessSecretVersion',
      secretId,
      authorization,
    });
    const failure = failures.next();
    if (failure === 'reset') {
      req.socket.destroy();
      return;
    }
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (failure === 'unauthenticated' || token === undefined || !issuedTokens.has(token)) {
      sendGoogleError(
        res,
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
      return;
    }
    const resource = `projects/${project}/secrets/${secretId}/versions/${version}`;
    if (failure === 'permission-denied' || denied.has(secretId) || project !== projectId) {
      sendGoogleError(
        res,
        403,
        'PERMISSION_DENIED',
        `Permission 'secretmanager.versions.access' denied for resource '${resource}' (or it may not exist).`,
      );
      return;
    }
    if (failure === 'resource-exhausted') {
      sendGoogleError(
        res,
        429,
        'RESOURCE_EXHAUSTED',
        "Quota exceeded for quota metric 'Access requests' and limit 'Access requests per minute per project'.",
      );
      return;
    }
    if (failure === 'unavailable') {
      sendGoogleError(res, 503, 'UNAVAILABLE', 'The service is currently unavailable.');
      return;
    }
    const history = versions.get(secretId) ?? [];
    const index = version === 'latest' ? history.length : Number(version);
    const payload = Number.isInteger(index) ? history[index - 1] : undefined;
    if (payload === undefined) {
      sendGoogleError(
        res,
        404,
        'NOT_FOUND',
        `Secret [projects/${project}/secrets/${secretId}] not found or has no versions.`,
      );
      return;
    }
    if (failure === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(`{"payload":{"data":"${Buffer.from(payload).toString('base64')}","dataCrc32c":`);
      return;
    }
    const checksum = crc32c(payload) ^ (failure === 'corrupt-checksum' ? 1 : 0);
    sendJson(res, 200, {
      name: `projects/${project}/secrets/${secretId}/versions/${index}`,
      payload: {
        data: Buffer.from(payload).toString('base64'),
        dataCrc32c: String(checksum >>> 0),
      },
    });
  };

  const server = await startHttpsServer(handle, options.ca === undefined ? {} : { ca: options.ca });
  return {
    endpoint: server.url,
    host: '127.0.0.1',
    port: server.port,
    projectId,
    ca: server.ca,
    caPem: server.ca.caPem,
    tokenUrl: `${server.url}/token`,
    credentials,
    fetch: server.fetch,
    clientOptions: {
      fallback: true,
      apiEndpoint: '127.0.0.1',
      port: server.port,
      projectId,
      credentials,
      clientOptions: {
        endpoints: { oauth2TokenUrl: `${server.url}/token` },
        transporterOptions: { fetchImplementation: server.fetch },
      },
    },
    requests,
    setSecret,
    deleteSecret: (secretId) => {
      versions.delete(secretId);
    },
    denySecret: (secretId) => {
      denied.add(secretId);
    },
    failNext: (failure, times) => failures.add(failure, times),
    close: () => server.close(),
  };
}

function sendGoogleError(res: ServerResponse, code: number, status: string, message: string): void {
  sendJson(res, code, { error: { code, message, status } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
