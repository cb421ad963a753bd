import { ConfigurationError } from '../errors/configuration-error.js';
import {
  ASYMMETRIC_ALGORITHMS,
  type CheckedKey,
  checkCryptoKey,
  checkKeyInput,
  type KeyKind,
} from './check-key-input.js';
import { certificateSpki } from './key-structure.js';
import { decodePem } from './pem.js';

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
  /**
   * Whether the imported key can be exported (`crypto.subtle.exportKey`), e.g. to publish a
   * signing key's public half. Default: a JWK's own `ext`, else `true` for a public key and
   * `false` for a private key. A `CryptoKey` given as the key keeps its own setting.
   */
  extractable?: boolean | undefined;
}

/** The Web Crypto import parameters of each algorithm's keys (RFC 7518 §3, RFC 8037 §3.1). */
const IMPORT_PARAMS: Record<
  AsymmetricAlgorithm,
  RsaHashedImportParams | EcKeyImportParams | Algorithm
> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
};

// checkKeyInput has read the PEM down to its DER, so Web Crypto imports it as it is; a
// certificate's key is its SubjectPublicKeyInfo.
function webCryptoImport(
  checked: Exclude<CheckedKey, { form: 'crypto-key' }>,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  extractable: boolean | undefined,
): Promise<CryptoKey> {
  const params = IMPORT_PARAMS[alg];
  const usages: KeyUsage[] = [kind === 'private' ? 'sign' : 'verify'];
  const exportable = extractable ?? kind === 'public';
  if (checked.form === 'jwk') {
    // As jose's importJWK: the caller's `alg` wins over the JWK's own, and the JWK's `ext`
    // applies unless the caller chose. checkKeyInput has checked `use` and `key_ops`; Web Crypto
    // checks the usage against `key_ops` once more (RFC 7517 §4.3).
    const { alg: _alg, ...jwk } = checked.jwk;
    return crypto.subtle.importKey(
      'jwk',
      jwk,
      params,
      extractable ?? jwk.ext ?? exportable,
      usages,
    );
  }
  const der = decodePem(checked.pem)?.der;
  const data = checked.label === 'CERTIFICATE' && der !== undefined ? certificateSpki(der) : der;
  if (data === undefined) throw new Error('no key in the PEM');
  const format = kind === 'private' ? 'pkcs8' : 'spki';
  return crypto.subtle.importKey(
    format,
    data as Uint8Array<ArrayBuffer>,
    params,
    exportable,
    usages,
  );
}

async function importChecked(
  checked: CheckedKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  name: string,
  extractable: boolean | undefined,
): Promise<CryptoKey> {
  if (checked.form === 'crypto-key') return checked.key;
  try {
    return await webCryptoImport(checked, kind, alg, extractable);
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
  if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
    throw new TypeError(`${caller}: alg must be one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
  }
  const name = options?.name ?? 'key';
  const checked = checkKeyInput(key, { kind, alg, name });
  const imported = await importChecked(checked, kind, alg, name, options?.extractable);
  return checkCryptoKey(imported, kind, alg, name);
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
