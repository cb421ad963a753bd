import { envVariable, urlForLogging } from '@dual-auth/core';
import { checkKeyInput, createRemoteJwks } from '@dual-auth/core/adapter-kit';
import type { VerificationKeys } from '@dual-auth/core/jwt';
import { createLocalJWKSet, type JSONWebKeySet, type JWK } from 'jose';
import type { CliIo } from '../cli-io.js';
import { readCliInput } from '../read-cli-input.js';
import type { ApiAppKeys } from './check-app-key.js';

/**
 * The key the API verifies act assertions with, as the doctor's flags and env give it: a JWKS URL
 * (`--app-jwks-uri`, downloaded over HTTPS within `timeoutMs`), a PEM or JWKS file
 * (`--app-public-key-file`, else `APP_PUBLIC_KEY_PATH`; `-` is standard input), or PEM text (`APP_PUBLIC_KEY`);
 * `undefined` when none is given.
 *
 * @throws ConfigurationError for a JWKS URL that is not HTTPS or a key (or any key of a JWKS) that
 *   is not a public key; TypeError for a file that is neither PEM nor JSON, or a JWKS entry that is
 *   not an object, or a file that cannot be read.
 */
export async function readApiAppKeys(
  flags: {
    readonly appPublicKeyFile?: string | undefined;
    readonly appJwksUri?: string | undefined;
    readonly timeoutMs?: number | undefined;
  },
  io: Pick<CliIo, 'cwd' | 'env' | 'fetch'> & Partial<Pick<CliIo, 'readStdin'>>,
): Promise<ApiAppKeys | undefined> {
  if (flags.appJwksUri !== undefined) {
    return {
      keys: createRemoteJwks(flags.appJwksUri, {
        ...(io.fetch ? { fetch: io.fetch } : {}),
        ...(flags.timeoutMs ? { timeoutMs: flags.timeoutMs } : {}),
      }),
      // A JWKS URL may carry a signature or session in its query (a SAS token): never printed.
      source: `--app-jwks-uri ${urlForLogging(flags.appJwksUri)}`,
    };
  }
  const file = flags.appPublicKeyFile ?? envVariable(io.env, 'APP_PUBLIC_KEY_PATH');
  if (file === undefined || file === '') {
    const pem = envVariable(io.env, 'APP_PUBLIC_KEY');
    return pem
      ? { keys: publicKeysOf(pem, 'APP_PUBLIC_KEY'), source: 'APP_PUBLIC_KEY' }
      : undefined;
  }
  const source =
    flags.appPublicKeyFile === undefined ? 'APP_PUBLIC_KEY_PATH' : '--app-public-key-file';
  return { keys: publicKeysOf(await readCliInput(io, file, source), source), source };
}

/**
 * A JWKS entry as the public-key check should see it: jose's JWK set verifies with signature keys
 * only (`use` `sig` or none, `key_ops` with `verify`) and leaves the others aside, so those are
 * checked to be public keys without their `use` and `key_ops`.
 */
function asSignatureKey(key: JWK): JWK {
  if (typeof key !== 'object' || key === null) return key;
  const { use, key_ops, ...rest } = key;
  const forSignatures =
    (use === undefined || use === 'sig') && (!Array.isArray(key_ops) || key_ops.includes('verify'));
  return forSignatures ? key : rest;
}

/**
 * PEM text, one JWK, or a JSON file with `keys` as a JWKS, each key checked to be a public key (a
 * private key here is a mistake, refused before any request, its error naming `keys[i]`).
 */
function publicKeysOf(text: string, source: string): VerificationKeys {
  if (!text.trimStart().startsWith('{')) {
    checkKeyInput(text, { kind: 'public', name: source });
    return text;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TypeError(`${source}: neither PEM nor JSON; give a public key PEM or a JWKS file`);
  }
  const keys = (json as { keys?: unknown }).keys;
  if (Array.isArray(keys)) {
    for (const [index, key] of keys.entries()) {
      checkKeyInput(asSignatureKey(key as JWK), {
        kind: 'public',
        name: `${source} keys[${index}]`,
      });
    }
    return createLocalJWKSet(json as JSONWebKeySet);
  }
  checkKeyInput(json as JWK, { kind: 'public', name: source });
  return json as JWK;
}
