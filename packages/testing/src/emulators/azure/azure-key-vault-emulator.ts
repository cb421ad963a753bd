import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpsServer } from '../../tls/https-server.js';
import type { TestCa } from '../../tls/test-ca.js';
import type { TrustingFetch } from '../../tls/trusting-fetch.js';
import { FailureQueue } from '../emulator-http.js';
import { type AzureTestCredential, createAzureTestCredential } from './azure-test-credential.js';

/** A failure the emulator can be told to answer with, the way Key Vault does. */
export type AzureFailure =
  /** 403 `Forbidden` (`ForbiddenByRbac`): no `secrets/get` permission. */
  | 'forbidden'
  /** 429 `Throttled` with `Retry-After: 0`. */
  | 'throttled'
  /** 401 with a new Bearer challenge, as for a token Key Vault does not accept. */
  | 'unauthorized'
  /** 503 `ServiceUnavailable`. */
  | 'unavailable'
  /** The TCP connection is destroyed without an answer. */
  | 'reset'
  /**
   * 200 with a JSON body cut off right after the secret's value (a broken proxy): a client must
   * fail without quoting the body.
   */
  | 'malformed';

/** Options of {@link startAzureKeyVaultEmulator}. */
export interface AzureKeyVaultEmulatorOptions {
  /** Secret names (`dual-auth-agent-client-secret`) and their values; names are case-insensitive. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The tenant named in the Bearer challenge. Default: a random GUID. */
  readonly tenantId?: string;
  /** The `resource` of the Bearer challenge. Default `https://vault.azure.net`. */
  readonly resource?: string;
  /** The CA that signs the server certificate. Default: a fresh one. */
  readonly ca?: TestCa;
}

/** One request the emulator saw. */
export interface AzureEmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | undefined;
  readonly secretName?: string | undefined;
  /** The `Authorization` header as received (emulator-issued test tokens only). */
  readonly authorization?: string | undefined;
  /** The status the emulator answered, or `reset`. */
  readonly status: number | 'reset';
}

/**
 * Options for `new SecretClient(vaultUrl, credential, options)` that reach the emulator: trust of
 * its CA (TLS verification stays on), no retries, and no check that the challenge resource is a
 * parent domain of the vault host, which `127.0.0.1` can never be. A type alias so it is
 * assignable to the SDK's options type.
 */
export type AzureEmulatorClientOptions = {
  readonly tlsOptions: { readonly ca: string };
  readonly retryOptions: { readonly maxRetries: number };
  readonly disableChallengeResourceVerification: true;
};

/** A running Key Vault emulator. */
export interface AzureKeyVaultEmulator {
  /** The vault URL, `https://127.0.0.1:PORT`. */
  readonly vaultUrl: string;
  readonly port: number;
  readonly tenantId: string;
  readonly ca: TestCa;
  readonly caPem: string;
  /** A fetch that trusts the emulator's CA. */
  readonly fetch: TrustingFetch;
  /** A TokenCredential whose tokens the emulator accepts; it records what it was asked for. */
  readonly credential: AzureTestCredential;
  readonly clientOptions: AzureEmulatorClientOptions;
  /** Every request received, oldest first. */
  readonly requests: readonly AzureEmulatorRequest[];
  /** Sets a secret's value (a new version). */
  setSecret(name: string, value: string): void;
  deleteSecret(name: string): void;
  /** Every read of this secret gets 403 `Forbidden`, as without a role assignment. */
  denySecret(name: string): void;
  /** Answers the next `times` authenticated secret reads with `failure`. */
  failNext(failure: AzureFailure, times?: number): void;
  close(): Promise<void>;
}

const SECRET_PATH = /^\/secrets\/([^/]+)\/?([^/]*)$/;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * Starts an Azure Key Vault emulator on loopback HTTPS, speaking the REST protocol of
 * `@azure/keyvault-secrets`: `GET /secrets/{name}/{version}?api-version=…`, the Bearer challenge
 * (a request without a token gets 401 and
 * `WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/{tenant}", resource="https://vault.azure.net"`),
 * secret bundles, and Key Vault's JSON errors (`SecretNotFound`, `Forbidden`, 429 `Throttled`).
 *
 * @example
 * ```ts
 * import { SecretClient } from '@azure/keyvault-secrets';
 * import { startAzureKeyVaultEmulator } from '@dual-auth/testing/emulators';
 *
 * const vault = await startAzureKeyVaultEmulator({ secrets: { 'dual-auth-agent-client-id': 'agent-1' } });
 * const client = new SecretClient(vault.vaultUrl, vault.credential, vault.clientOptions);
 * const secret = await client.getSecret('dual-auth-agent-client-id');
 * await vault.close();
 * ```
 */
export async function startAzureKeyVaultEmulator(
  options: AzureKeyVaultEmulatorOptions = {},
): Promise<AzureKeyVaultEmulator> {
  const tenantId = options.tenantId ?? randomUUID();
  const resource = options.resource ?? 'https://vault.azure.net';
  const accessToken = `eyJ0eXAiOiJKV1QifQ.emulator-${randomBytes(16).toString('hex')}`;
  const credential = createAzureTestCredential(accessToken);
  const secrets = new Map<string, { value: string; version: string }>();
  const denied = new Set<string>();
  const failures = new FailureQueue<AzureFailure>();
  const requests: AzureEmulatorRequest[] = [];
  const setSecret = (name: string, value: string): void => {
    secrets.set(name.toLowerCase(), { value, version: randomBytes(16).toString('hex') });
  };
  for (const [name, value] of Object.entries(options.secrets ?? {})) setSecret(name, value);
  const challenge = `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="${resource}"`;
  let vaultUrl = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const authorization = req.headers.authorization;
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const match = SECRET_PATH.exec(url.pathname);
    const secretName = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const record = (status: number | 'reset') =>
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        apiVersion,
        secretName,
        authorization,
        status,
      });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record(status);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (
      status: number,
      code: string,
      message: string,
      headers?: Record<string, string>,
    ) => reply(status, { error: { code, message } }, headers);

    if (apiVersion === undefined) {
      error(400, 'BadParameter', 'The request URI contains an invalid or missing api-version.');
      return;
    }
    if (authorization !== `Bearer ${accessToken}`) {
      const message =
        authorization === undefined
          ? 'AKV10000: Request is missing a Bearer or PoP token.'
          : 'AKV10022: Invalid audience or token.';
      error(401, 'Unauthorized', message, { 'www-authenticate': challenge });
      return;
    }
    if (req.method !== 'GET' || match === null || secretName === undefined) {
      error(405, 'MethodNotAllowed', 'The emulator serves GET /secrets/{name}/{version} only.');
      return;
    }
    const failure = failures.next();
    if (failure === 'reset') {
      record('reset');
      req.socket.destroy();
      return;
    }
    if (failure === 'unauthorized') {
      error(401, 'Unauthorized', 'AKV10022: Invalid audience or token.', {
        'www-authenticate': challenge,
      });
      return;
    }
    if (failure === 'forbidden' || denied.has(secretName.toLowerCase())) {
      reply(403, {
        error: {
          code: 'Forbidden',
          message: `Caller is not authorized to perform action on resource.\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '${secretName}'\r\n`,
          innererror: { code: 'ForbiddenByRbac' },
        },
      });
      return;
    }
    if (failure === 'throttled') {
      error(429, 'Throttled', 'Request was not allowed because of throttling.', {
        'retry-after': '0',
      });
      return;
    }
    if (failure === 'unavailable') {
      error(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
      return;
    }
    const secret = SECRET_NAME.test(secretName) ? secrets.get(secretName.toLowerCase()) : undefined;
    const requestedVersion = match[2] ?? '';
    if (secret === undefined || (requestedVersion !== '' && requestedVersion !== secret.version)) {
      error(
        404,
        'SecretNotFound',
        `A secret with (name/id) ${secretName} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.`,
      );
      return;
    }
    if (failure === 'malformed') {
      record(200);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(`${JSON.stringify({ value: secret.value }).slice(0, -1)},"id":`);
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    reply(200, {
      value: secret.value,
      id: `${vaultUrl}/secrets/${secretName}/${secret.version}`,
      attributes: {
        enabled: true,
        created: now,
        updated: now,
        recoveryLevel: 'Recoverable+Purgeable',
        recoverableDays: 90,
      },
      tags: {},
    });
  };

  const server = await startHttpsServer(handle, options.ca === undefined ? {} : { ca: options.ca });
  vaultUrl = server.url;
  return {
    vaultUrl,
    port: server.port,
    tenantId,
    ca: server.ca,
    caPem: server.ca.caPem,
    fetch: server.fetch,
    credential,
    clientOptions: {
      tlsOptions: { ca: server.ca.caPem },
      retryOptions: { maxRetries: 0 },
      disableChallengeResourceVerification: true,
    },
    requests,
    setSecret,
    deleteSecret: (name) => {
      secrets.delete(name.toLowerCase());
    },
    denySecret: (name) => {
      denied.add(name.toLowerCase());
    },
    failNext: (failure, times) => failures.add(failure, times),
    close: () => server.close(),
  };
}
