import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpsServer } from '../../tls/https-server.js';
import type { TestCa } from '../../tls/test-ca.js';
import { FailureQueue, firstHeader, readJsonObject } from '../emulator-http.js';

/**
 * A failure the emulator can be told to answer the next KV reads with. `malformed` is the normal
 * 200 answer cut off right after the secret's data (a broken proxy): a client must fail without
 * quoting the body.
 */
export type VaultEmulatorFailure =
  | 'forbidden'
  | 'throttling'
  | 'sealed'
  | 'disconnect'
  | 'malformed';

/** Options of {@link startVaultEmulator}. */
export interface VaultEmulatorOptions {
  /** Secrets by `<mount>/<path>` (`secret/dual-auth/agent-client-secret`), each a KV data map. */
  secrets?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Mounts that are KV version 1; every other mount is KV version 2. */
  kvV1Mounts?: readonly string[];
  /** Tokens accepted as `X-Vault-Token`. */
  tokens?: readonly string[];
  /** AppRole credentials: role id → secret id. */
  appRoles?: Readonly<Record<string, string>>;
  /** Kubernetes auth: role → service-account JWT it accepts. */
  kubernetesRoles?: Readonly<Record<string, string>>;
  /** When set, every request must carry this `X-Vault-Namespace`. */
  namespace?: string;
  /** The CA that signs the server certificate. Default: a fresh test CA. */
  ca?: TestCa;
  /** Failures for the first KV reads, in order. */
  failNext?: readonly VaultEmulatorFailure[];
}

/** What the emulator saw of one request (never a token or a secret). */
export interface VaultEmulatorRequest {
  method: string;
  /** The path without the query, e.g. `/v1/secret/data/dual-auth/agent-client-secret`. */
  path: string;
  /** True when the request carried a token the emulator accepts. */
  authorized: boolean;
  namespace: string | undefined;
}

/** A running Vault emulator. */
export interface VaultEmulator {
  /** `https://127.0.0.1:PORT`, the client's `VAULT_ADDR`. */
  readonly endpoint: string;
  readonly caPem: string;
  readonly requests: readonly VaultEmulatorRequest[];
  /** Creates or replaces the secret at `<mount>/<path>`. */
  setSecret(mountAndPath: string, data: Readonly<Record<string, unknown>>): void;
  deleteSecret(mountAndPath: string): void;
  /** Makes a token no longer valid (as if it expired). */
  revokeToken(token: string): void;
  /** Answers the next `times` KV reads with `failure`. */
  failNext(failure: VaultEmulatorFailure, times?: number): void;
  close(): Promise<void>;
}

const LOGIN = /^\/v1\/auth\/(approle|kubernetes)\/login$/;

/**
 * Starts a loopback HTTPS emulator of HashiCorp Vault's HTTP API for what a KV client needs: KV v2
 * `GET /v1/<mount>/data/<path>` (and KV v1 `GET /v1/<mount>/<path>`), `X-Vault-Token` and
 * `X-Vault-Namespace`, AppRole and Kubernetes login, `auth/token/lookup-self`, and Vault's error
 * bodies `{ "errors": [...] }` (403 permission denied, 404, 429 rate limit, 503 sealed).
 *
 * @example
 * ```ts
 * import { startVaultEmulator } from '@dual-auth/testing/emulators';
 *
 * const vault = await startVaultEmulator({
 *   tokens: ['test-token'],
 *   secrets: { 'secret/dual-auth/agent-client-id': { value: 'agent-1' } },
 * });
 * // VAULT_ADDR=vault.endpoint, trust vault.caPem
 * await vault.close();
 * ```
 */
export async function startVaultEmulator(
  options: VaultEmulatorOptions = {},
): Promise<VaultEmulator> {
  const secrets = new Map(Object.entries(options.secrets ?? {}));
  const v1Mounts = new Set(options.kvV1Mounts ?? []);
  const tokens = new Set(options.tokens ?? []);
  const appRoles = new Map(Object.entries(options.appRoles ?? {}));
  const kubernetesRoles = new Map(Object.entries(options.kubernetesRoles ?? {}));
  const failures = new FailureQueue(options.failNext);
  const requests: VaultEmulatorRequest[] = [];

  const issueToken = (): Record<string, unknown> => {
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    tokens.add(token);
    return {
      client_token: token,
      accessor: randomUUID(),
      policies: ['default', 'dual-auth'],
      token_policies: ['default', 'dual-auth'],
      lease_duration: 3600,
      renewable: true,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = (await readJsonObject(req)) ?? {};
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'https://vault.invalid').pathname;
    const token = firstHeader(req, 'x-vault-token');
    const namespace = firstHeader(req, 'x-vault-namespace');
    const authorized = token !== undefined && tokens.has(token);
    requests.push({ method, path, authorized, namespace });

    if (path === '/v1/sys/health') return send(res, 200, { initialized: true, sealed: false });
    if (options.namespace !== undefined && namespace !== options.namespace) return denied(res);

    const login = LOGIN.exec(path);
    if (method === 'POST' && login !== null) {
      const ok =
        login[1] === 'approle'
          ? typeof body.role_id === 'string' && appRoles.get(body.role_id) === body.secret_id
          : typeof body.role === 'string' && kubernetesRoles.get(body.role) === body.jwt;
      if (!ok) {
        return login[1] === 'approle'
          ? send(res, 400, { errors: ['invalid role or secret ID'] })
          : denied(res);
      }
      return send(res, 200, envelope({ auth: issueToken() }));
    }

    if (!authorized) return denied(res);
    if (method === 'GET' && path === '/v1/auth/token/lookup-self') {
      return send(
        res,
        200,
        envelope({ data: { policies: ['default', 'dual-auth'], ttl: 3600, renewable: true } }),
      );
    }
    if (method !== 'GET' || !path.startsWith('/v1/')) return send(res, 405, { errors: [] });

    const failure = failures.next();
    if (failure === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (failure === 'forbidden') return denied(res);
    if (failure === 'throttling') {
      return send(res, 429, {
        errors: [`request path "${path.slice(4)}": rate limit quota exceeded`],
      });
    }
    if (failure === 'sealed') return send(res, 503, { errors: ['Vault is sealed'] });
    const [status, answer] = kvAnswer(path.slice(4));
    if (failure === 'malformed' && status === 200) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(answer).replace(/,"metadata":.*$|,"wrap_info":.*$/, ',"meta'));
      return;
    }
    return send(res, status, answer);
  };

  const kvAnswer = (rest: string): [status: number, body: unknown] => {
    const slash = rest.indexOf('/');
    const mount = rest.slice(0, slash);
    const subpath = rest.slice(slash + 1);
    const missing: [number, unknown] = [404, { errors: [] }];
    if (slash < 0) return missing;
    if (v1Mounts.has(mount)) {
      const data = secrets.get(`${mount}/${subpath}`);
      return data === undefined ? missing : [200, envelope({ data })];
    }
    if (!subpath.startsWith('data/')) return missing;
    const data = secrets.get(`${mount}/${subpath.slice(5)}`);
    if (data === undefined) return missing;
    const metadata = {
      created_time: '2025-01-01T00:00:00.000000Z',
      custom_metadata: null,
      deletion_time: '',
      destroyed: false,
      version: 1,
    };
    return [200, envelope({ data: { data, metadata } })];
  };

  const server = await startHttpsServer(handle, options.ca === undefined ? {} : { ca: options.ca });
  return {
    endpoint: server.url,
    caPem: server.ca.caPem,
    requests,
    setSecret: (mountAndPath, data) => void secrets.set(mountAndPath, data),
    deleteSecret: (mountAndPath) => void secrets.delete(mountAndPath),
    revokeToken: (token) => void tokens.delete(token),
    failNext: (failure, times) => failures.add(failure, times),
    close: () => server.close(),
  };
}

function envelope(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...fields,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function denied(res: ServerResponse): void {
  send(res, 403, { errors: ['permission denied'] });
}
