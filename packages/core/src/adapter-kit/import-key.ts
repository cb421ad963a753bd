import { importJWK, importPKCS8, importSPKI, importX509 } from 'jose';
import { ConfigurationError } from '../errors/configuration-error.js';
import { type CheckedKey, checkCryptoKey, checkKeyInput, type KeyKind } from './check-key-input.js';

/** Asymmetric JWS algorithms the kit signs and verifies with. */
export type AsymmetricAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/**
 * A key as users hold it: PEM text (PKCS#8 or PKCS#1 private, SPKI or PKCS#1 public, or an X.509
 * certificate), a JWK, or a Web Crypto `CryptoKey`.
 */
export type KeyInput = string | JsonWebKey | CryptoKey;

/** Options of {@link importPrivateKey} and {@link importPublicKey}. */
export interface ImportKeyOptions {
  /** What the key is called in errors (`APP_PRIVATE_KEY`, `privateKey`). Default `key`. */
  name?: string | undefined;
}

const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

async function importChecked(
  checked: CheckedKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  name: string,
): Promise<CryptoKey> {
  if (checked.form === 'crypto-key') return checked.key;
  try {
    if (checked.form === 'jwk') {
      return (await importJWK(checked.jwk as Parameters<typeof importJWK>[0], alg)) as CryptoKey;
    }
    if (checked.label === 'PRIVATE KEY') return await importPKCS8(checked.pem, alg);
    if (checked.label === 'CERTIFICATE') return await importX509(checked.pem, alg);
    return await importSPKI(checked.pem, alg);
  } catch (cause) {
    const form = checked.form === 'jwk' ? 'JWK' : 'key';
    throw new ConfigurationError({
      message: `${name} is not a valid ${alg} ${kind} ${form}`,
      cause,
    });
  }
}

async function importKey(
  key: KeyInput,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  options: ImportKeyOptions | undefined,
  caller: string,
): Promise<CryptoKey> {
  if (!ALGORITHMS.includes(alg)) {
    throw new TypeError(`${caller}: alg must be one of ${ALGORITHMS.join(', ')}`);
  }
  const name = options?.name ?? 'key';
  const checked = checkKeyInput(key, { kind, alg, name });
  return checkCryptoKey(await importChecked(checked, kind, alg, name), kind, alg, name);
}

/**
 * Imports a private signing key for `alg` from PEM (PKCS#8, or PKCS#1 `RSA PRIVATE KEY` as
 * `openssl genrsa` writes it), a private JWK or a `CryptoKey`. RSA keys must be at least 2048
 * bits. A public key, a SEC1 PEM (with the `openssl` line to convert it), an encrypted key, a
 * file path or a key of the wrong type is refused with a clear message that never contains key
 * material. {@link checkKeyInput} does the synchronous part, for constructors that check first.
 *
 * @throws TypeError when `key` or `alg` has the wrong type.
 * @throws ConfigurationError when the key cannot sign with `alg`.
 * @example
 * const key = await importPrivateKey(config.appPrivateKey, 'RS256', { name: 'APP_PRIVATE_KEY' });
 */
export function importPrivateKey(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
  options?: ImportKeyOptions,
): Promise<CryptoKey> {
  return importKey(key, 'private', alg, options, 'importPrivateKey');
}

/**
 * Imports a public verification key for `alg` from PEM (SPKI, PKCS#1 `RSA PUBLIC KEY` or an
 * X.509 certificate), a public JWK or a `CryptoKey`. A private key is refused: verifiers should
 * never hold one.
 *
 * @throws TypeError when `key` or `alg` has the wrong type.
 * @throws ConfigurationError when the key cannot verify `alg`.
 * @example
 * const key = await importPublicKey(publicPem, 'RS256', { name: 'APP_PUBLIC_KEY' });
 */
export function importPublicKey(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
  options?: ImportKeyOptions,
): Promise<CryptoKey> {
  return importKey(key, 'public', alg, options, 'importPublicKey');
}
