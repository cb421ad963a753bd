import { readFile } from 'node:fs/promises';
import { type Logger, SecretsBackendError } from '@dual-auth/core';
import { describeError, isNetworkError, safeCause } from '@dual-auth/core/secrets-kit';
import type { VaultClient } from './vault-client.js';
import {
  type VaultErrorContext,
  vaultConnectionError,
  vaultStatus,
  vaultTransportRefusal,
} from './vault-error.js';

/** How the backend got its Vault token. */
export type VaultAuthMethod = 'token' | 'approle' | 'kubernetes';

/** The credentials {@link authenticateVault} tries, in the Python library's order. */
export interface VaultAuthSettings {
  token: string | undefined;
  roleId: string | undefined;
  secretId: string | undefined;
  kubernetesRole: string;
  kubernetesTokenPath: string;
}

const NO_CREDENTIALS =
  'No Vault authentication credentials found. Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID, or run in Kubernetes.';

/**
 * Gives `client` a token: `VAULT_TOKEN` as is, else an AppRole login, else a Kubernetes login with
 * the pod's service-account token; then checks it with `auth/token/lookup-self`.
 */
export async function authenticateVault(
  client: VaultClient,
  settings: VaultAuthSettings,
  context: VaultErrorContext,
  logger: Logger,
): Promise<VaultAuthMethod> {
  const method = await login(client, settings, context);
  try {
    await client.tokenLookupSelf();
  } catch (error) {
    const refused = vaultTransportRefusal(error, context);
    if (refused !== undefined) throw refused;
    const status = vaultStatus(error);
    if (status === undefined && isNetworkError(error)) {
      throw vaultConnectionError(error, context);
    }
    const notVault = notVaultError('auth/token/lookup-self', error, context);
    if (notVault !== undefined) throw notVault;
    // Vault refuses a token with 403, or 400/401.
    if (isVaultsOwn(status)) {
      throw vaultsOwnError(
        'checking the token (auth/token/lookup-self)',
        "token's",
        error,
        context,
      );
    }
    throw authError(
      'Vault authentication failed. Check credentials.',
      `The ${method} token was refused by auth/token/lookup-self; it may be expired, revoked or from another namespace.`,
      error,
      context,
    );
  }
  logger.info('vault_authenticated', { backend: 'vault', method, vault_addr: context.address });
  return method;
}

async function login(
  client: VaultClient,
  settings: VaultAuthSettings,
  context: VaultErrorContext,
): Promise<VaultAuthMethod> {
  if (settings.token) {
    client.token = settings.token;
    return 'token';
  }
  if (settings.roleId && settings.secretId) {
    try {
      await client.approleLogin({ role_id: settings.roleId, secret_id: settings.secretId });
      return 'approle';
    } catch (error) {
      throw loginError('AppRole', error, context);
    }
  }
  const jwt = await readServiceAccountToken(settings.kubernetesTokenPath);
  if (jwt === undefined) {
    throw authError(
      NO_CREDENTIALS,
      'Pass token, or roleId and secretId, as options, or set the variables.',
      undefined,
      context,
    );
  }
  try {
    await client.kubernetesLogin({ mount_point: 'kubernetes', role: settings.kubernetesRole, jwt });
    return 'kubernetes';
  } catch (error) {
    throw loginError('Kubernetes', error, context);
  }
}

async function readServiceAccountToken(path: string): Promise<string | undefined> {
  try {
    const jwt = (await readFile(path, 'utf8')).trim();
    return jwt === '' ? undefined : jwt;
  } catch {
    return undefined;
  }
}

function loginError(
  kind: 'AppRole' | 'Kubernetes',
  error: unknown,
  context: VaultErrorContext,
): SecretsBackendError {
  const refused = vaultTransportRefusal(error, context);
  if (refused !== undefined) return refused;
  const status = vaultStatus(error);
  if (status === undefined && isNetworkError(error)) {
    return vaultConnectionError(error, context);
  }
  const path = `auth/${kind === 'AppRole' ? 'approle' : 'kubernetes'}/login`;
  const notVault = notVaultError(path, error, context);
  if (notVault !== undefined) return notVault;
  // Vault refuses a wrong role or secret id with 400.
  if (isVaultsOwn(status)) {
    return vaultsOwnError(`at the ${kind} login (${path})`, "credentials'", error, context);
  }
  const reason = describeError(error);
  const hint =
    kind === 'AppRole'
      ? 'Check VAULT_ROLE_ID and VAULT_SECRET_ID (secret ids expire and may be single-use).'
      : 'Check VAULT_K8S_ROLE and that the role binds this service account and namespace.';
  return authError(`Vault ${kind} authentication failed: ${reason}`, hint, error, context);
}

// A sealed or standby Vault answers 503 on every path, a failing one 500, a quota 429: none says
// the credentials sent are wrong.
const isVaultsOwn = (status: number | undefined): boolean =>
  status !== undefined && (status === 429 || status >= 500);

/**
 * The error of a refusal at `path` that did not come from Vault: a 4xx status (but 429) whose body
 * is not Vault's JSON `{ "errors": [...] }`, which every Vault error answer is (a `VAULT_ADDR` of
 * another web server answers 404 at a path every Vault serves); undefined otherwise. A 429 or 5xx
 * may be a gateway's in front of Vault (a sealed or failing Vault behind it): left to
 * `vaultsOwnError`. Names the address, never what was sent.
 */
function notVaultError(
  path: string,
  error: unknown,
  context: VaultErrorContext,
): SecretsBackendError | undefined {
  const status = vaultStatus(error);
  const body = (error as { response?: { body?: { errors?: unknown } } } | null)?.response?.body;
  if (status === undefined || isVaultsOwn(status) || Array.isArray(body?.errors)) return undefined;
  const { address } = context;
  return authError(
    `The server at VAULT_ADDR (${address}) answered ${status} at /v1/${path} without Vault's JSON error ({"errors":[…]}): it does not look like Vault.`,
    `Check VAULT_ADDR (or the address option): it must be Vault's API address (port 8200 by default). A Vault answers GET ${address}/v1/sys/health with JSON such as {"initialized":true,"sealed":false,"standby":false,…}.`,
    error,
    context,
  );
}

/** Vault's own error (see `isVaultsOwn`) at `step`, saying it is not the `whose` (credentials). */
function vaultsOwnError(
  step: string,
  whose: string,
  error: unknown,
  context: VaultErrorContext,
): SecretsBackendError {
  return authError(
    `Vault error ${step}: ${describeError(error)}`,
    `Vault answered with an error that is not the ${whose}: see the cause and the Vault server logs (a sealed Vault answers 503 until it is unsealed).`,
    error,
    context,
  );
}

function authError(
  message: string,
  hint: string,
  cause: unknown,
  { key }: VaultErrorContext,
): SecretsBackendError {
  return new SecretsBackendError({
    message,
    backend: 'vault',
    key,
    hint,
    ...(cause === undefined ? {} : { cause: safeCause(cause) }),
  });
}
