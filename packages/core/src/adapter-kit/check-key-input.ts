import { requireObject } from '../config/require-argument.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { AsymmetricAlgorithm, KeyInput } from './import-key.js';
import { isCryptoKey } from './is-crypto-key.js';
import { type KeyFamily, type KeyStructure, readKeyStructure } from './key-structure.js';
import { decodePem, encodePem, pemLabel } from './pem.js';

/** A private key signs; a public key (or certificate) verifies. */
export type KeyKind = 'private' | 'public';

/** What {@link checkKeyInput} takes. */
export interface CheckKeyInputOptions {
  kind: KeyKind;
  /** The algorithm the key must serve; without it (a verifier deriving it), any is fine. */
  alg?: AsymmetricAlgorithm | undefined;
  /** What the key is called in errors (`APP_PRIVATE_KEY`, `privateKey`). Default `key`. */
  name?: string | undefined;
  /**
   * The caller's option that picks `alg` (`algorithm`): a key of another type is then told to
   * pass it (`pass \`algorithm: 'ES256'\``). Default: the advice names no option.
   */
  algorithmOption?: string | undefined;
}

/** A key that passed {@link checkKeyInput}, in the form the importer takes. */
export type CheckedKey =
  | { form: 'crypto-key'; key: CryptoKey }
  | { form: 'jwk'; jwk: JsonWebKey }
  | { form: 'pem'; label: KeyStructure['label']; pem: string };

/** The asymmetric JWS algorithms dual-auth signs and verifies with. */
export const ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = [
  'RS256',
  'PS256',
  'ES256',
  'EdDSA',
];
/** RFC 7518 §3.3 / §3.5 ask for 2048-bit RSA at least. */
const MIN_RSA_BITS = 2048;

// PS256 signs with an rsaEncryption key: Web Crypto refuses id-RSASSA-PSS keys (checkPem says so).
const FAMILIES: Record<AsymmetricAlgorithm, readonly KeyFamily[]> = {
  RS256: ['rsa'],
  PS256: ['rsa'],
  ES256: ['ec-p256'],
  EdDSA: ['ed25519'],
};

const SUPPORTED_LABELS = [
  'PRIVATE KEY',
  'PUBLIC KEY',
  'CERTIFICATE',
  'RSA PRIVATE KEY',
  'RSA PUBLIC KEY',
];
const CONVERT_SEC1 =
  'convert it to PKCS#8: `openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem`';
// A path has no line breaks and a path-like start or a key file's extension.
const PATH_LIKE = /^(?:[/~.\\]|[A-Za-z]:[\\/])[^\n]*$|^[^\n]*\.(?:pem|key|crt|cer|pub|der|p8)$/i;

function fail(message: string): never {
  throw new ConfigurationError({ message });
}

// What a key of each family serves, to say what to change when it does not fit the algorithm
// (a generated ES256 key given to a sender that signs RS256 by default).
const SERVES: Partial<Record<KeyFamily, string>> = {
  rsa: 'an RSA key (RS256, PS256)',
  'ec-p256': 'an EC P-256 key (ES256)',
  ed25519: 'an Ed25519 key (EdDSA)',
};

function familyMismatch(
  name: string,
  alg: AsymmetricAlgorithm,
  what: string,
  family: KeyFamily | undefined,
  option: string | undefined,
): never {
  const serves = family && SERVES[family];
  const keyAlg = ASYMMETRIC_ALGORITHMS.find((a) => family && FAMILIES[a].includes(family));
  const use = option ? `pass \`${option}: '${keyAlg}'\`` : "use the key's algorithm";
  const advice =
    family === 'ec-other'
      ? ': it is an EC key on another curve than P-256 (ES256 needs P-256)'
      : serves
        ? `: it is ${serves}; ${use} (allowed where the JWT is verified) or a key for ${alg}`
        : '';
  fail(`${name} is not a valid ${alg} ${what}${advice}`);
}

/** The family of a JWK's key, from its `kty` and `crv` (RFC 7518 §6). */
function jwkFamily(jwk: JsonWebKey): KeyFamily | undefined {
  if (jwk.kty === 'RSA') return 'rsa';
  if (jwk.kty === 'EC') return jwk.crv === 'P-256' ? 'ec-p256' : 'ec-other';
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'ed25519' : undefined;
}

/** Web Crypto algorithm names that match each JWS algorithm. */
const WEB_CRYPTO_NAME: Record<AsymmetricAlgorithm, readonly string[]> = {
  RS256: ['RSASSA-PKCS1-v1_5'],
  PS256: ['RSA-PSS'],
  ES256: ['ECDSA'],
  EdDSA: ['Ed25519', 'EdDSA'],
};

/**
 * Checks a `CryptoKey` (given, or just imported) against the kind, usage and algorithm needed.
 *
 * @throws ConfigurationError when it cannot serve.
 */
export function checkCryptoKey(
  key: CryptoKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm | undefined,
  name: string,
): CryptoKey {
  if (key.type !== kind) fail(`${name} is a ${key.type} CryptoKey; a ${kind} key is needed`);
  const usage = kind === 'private' ? 'sign' : 'verify';
  if (!key.usages.includes(usage)) fail(`${name} is a CryptoKey without the '${usage}' usage`);
  if (alg === undefined) return key;
  const algorithm = key.algorithm as KeyAlgorithm & {
    namedCurve?: string;
    modulusLength?: number;
    hash?: { name: string };
  };
  const rsa = alg === 'RS256' || alg === 'PS256';
  const matches =
    WEB_CRYPTO_NAME[alg].includes(algorithm.name) &&
    (alg !== 'ES256' || algorithm.namedCurve === 'P-256') &&
    (!rsa || algorithm.hash?.name === 'SHA-256');
  if (!matches) fail(`${name} is a ${algorithm.name} CryptoKey, which cannot be used for ${alg}`);
  rsaBitsProblem(name, alg, algorithm.modulusLength);
  return key;
}

function rsaBitsProblem(name: string, alg: string, bits: number | undefined): void {
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    fail(`${name} is a ${bits}-bit RSA key; ${alg} needs at least ${MIN_RSA_BITS} bits`);
  }
}

function checkPem(
  text: string,
  kind: KeyKind,
  alg: AsymmetricAlgorithm | undefined,
  name: string,
  option?: string,
) {
  const label = pemLabel(text);
  if (label === undefined) {
    const expected = kind === 'private' ? 'PRIVATE KEY' : 'PUBLIC KEY';
    if (PATH_LIKE.test(text.trim())) {
      // readPrivateKeyFile reads private keys only: offered for those alone.
      const orCore =
        kind === 'private' ? " (or readPrivateKeyFile from '@dual-auth/core/node')" : '';
      fail(
        `${name} is not PEM text but looks like a file path: read the file first — loadKeyFile(path) from '@dual-auth/session/node'${orCore} — and pass its content`,
      );
    }
    fail(`${name} is not PEM text (expected a '-----BEGIN ${expected}-----' block)`);
  }
  if (label === 'ENCRYPTED PRIVATE KEY')
    fail(`${name} is an encrypted private key; decrypt it first`);
  const isPrivate = label.endsWith('PRIVATE KEY');
  const isPublic = label.endsWith('PUBLIC KEY') || label === 'CERTIFICATE';
  if (!isPrivate && !isPublic) fail(`${name} is a '${label}' PEM block, not a key`);
  if (kind === 'private' && isPublic) {
    fail(
      `${name} is a public key; a private key ('-----BEGIN PRIVATE KEY-----', PKCS#8) is needed to sign`,
    );
  }
  if (kind === 'public' && isPrivate) {
    fail(
      `${name} is a private key; give the public key ('-----BEGIN PUBLIC KEY-----' or a certificate)`,
    );
  }
  if (label === 'EC PRIVATE KEY') fail(`${name} is a '${label}' PEM; ${CONVERT_SEC1}`);
  if (!SUPPORTED_LABELS.includes(label)) {
    fail(
      `${name} is a '${label}' PEM, which is not supported: give PKCS#8 ('-----BEGIN PRIVATE KEY-----'), SPKI ('-----BEGIN PUBLIC KEY-----'), a certificate or a PKCS#1 RSA key`,
    );
  }
  const block = decodePem(text);
  // A verifier never holds a private key, not even one pasted after the public key.
  if (block?.alone === false) {
    fail(`${name} holds more than one PEM block, or text around it; give one key's block alone`);
  }
  if (block?.hasHeaders === true) {
    fail(
      isPrivate
        ? `${name} is an encrypted private key; decrypt it first`
        : `${name} has PEM header lines ('Name: value'); remove them`,
    );
  }
  const structure = block === undefined ? undefined : readKeyStructure(block);
  if (structure === undefined) {
    fail(
      `${name} is not a well-formed '${label}' PEM: its base64 or DER structure is broken (truncated or altered?)`,
    );
  }
  if (structure.family === 'rsa-pss') {
    fail(
      `${name} holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)`,
    );
  }
  if (alg !== undefined && structure.family !== undefined) {
    if (!FAMILIES[alg].includes(structure.family))
      familyMismatch(name, alg, `${kind} key`, structure.family, option);
    rsaBitsProblem(name, alg, structure.rsaBits);
  }
  const pem = structure.der === block?.der ? text : encodePem(structure.label, structure.der);
  return { form: 'pem' as const, label: structure.label, pem };
}

function checkJwk(
  jwk: JsonWebKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm | undefined,
  name: string,
  option?: string,
) {
  if (typeof jwk.kty !== 'string') fail(`${name} is not a JWK (no 'kty')`);
  if (jwk.kty === 'oct') {
    fail(
      `${name} is a symmetric JWK; an asymmetric${alg === undefined ? '' : ` ${alg}`} key is needed`,
    );
  }
  const hasPrivatePart = typeof jwk.d === 'string';
  if (kind === 'private' && !hasPrivatePart) {
    fail(`${name} is a public JWK; a private JWK (with 'd') is needed to sign`);
  }
  if (kind === 'public' && hasPrivatePart) {
    fail(`${name} is a private JWK; give the public JWK (without 'd')`);
  }
  const family = jwkFamily(jwk);
  if (alg !== undefined && (family === undefined || !FAMILIES[alg].includes(family))) {
    familyMismatch(name, alg, `${kind} JWK`, family, option);
  }
  // RFC 7517 §4.2–4.3: a key marked for encryption, or for other operations, is not ours to use.
  const usage = kind === 'private' ? 'sign' : 'verify';
  const ops = jwk.key_ops ?? [usage];
  if ((jwk.use ?? 'sig') !== 'sig' || !Array.isArray(ops) || !ops.includes(usage)) {
    fail(
      `${name} is a JWK whose 'use' or 'key_ops' forbid '${usage}'; give a key that may ${usage}`,
    );
  }
  return { form: 'jwk' as const, jwk };
}

/**
 * Checks a key synchronously, as far as can be done without importing it, so a constructor can
 * refuse a bad key at once and start the (asynchronous) import for a good one: the kind of input,
 * PEM text that is one block and nothing else (no second key, certificate or text around it), its
 * label and structure down to the DER (PKCS#8, SPKI, X.509, and PKCS#1 `RSA PRIVATE KEY` /
 * `RSA PUBLIC KEY`, which come out wrapped as PKCS#8 / SPKI), private versus public, a JWK's `use`
 * (`sig`) and `key_ops` (with `sign` / `verify`, RFC 7517 §4.2–4.3), the key type against `alg`,
 * the RSA size (≥ 2048 bits), a `CryptoKey`'s type. A PEM key or certificate holding an RSA-PSS
 * key (OID id-RSASSA-PSS, which Web Crypto cannot import) is refused whatever `alg`: PS256 signs
 * and verifies with an rsaEncryption key (RFC 7518 §3.5). A path given as the key is named as such.
 * Messages never contain key material.
 *
 * @throws TypeError when `key` is not PEM text, a JWK object or a `CryptoKey` (bytes, such as a
 *   file read without an encoding, are told to be decoded to text first), or `options` is not an
 *   object (or cannot be read) with `kind` `'private'` or `'public'`.
 * @throws ConfigurationError when the key cannot serve (`kind`, `alg`).
 * @example
 * checkKeyInput(options.privateKey, { kind: 'private', alg: 'RS256', name: 'privateKey' });
 */
export function checkKeyInput(key: KeyInput, given: CheckKeyInputOptions): CheckedKey {
  const options = requireObject(given, 'options');
  const { kind, alg } = options;
  if (kind !== 'private' && kind !== 'public') {
    throw new TypeError("checkKeyInput: options.kind must be 'private' or 'public'");
  }
  const name = options.name ?? 'key';
  if (alg !== undefined && !ASYMMETRIC_ALGORITHMS.includes(alg)) {
    throw new TypeError(`checkKeyInput: alg must be one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
  }
  if (typeof key === 'string') return checkPem(key, kind, alg, name, options.algorithmOption);
  if (typeof key !== 'object' || key === null) {
    throw new TypeError(
      `${name} must be PEM text, a JWK object or a CryptoKey, got ${key === null ? 'null' : typeof key}`,
    );
  }
  // `readFileSync(path)` without an encoding: bytes would otherwise be read as a JWK ("no 'kty'").
  if (ArrayBuffer.isView(key) || key instanceof ArrayBuffer) {
    throw new TypeError(
      `${name} is bytes (a Buffer, Uint8Array or ArrayBuffer), not PEM text: read the file as text, readFileSync(path, 'utf8'), or decode it, new TextDecoder().decode(bytes)`,
    );
  }
  if (isCryptoKey(key)) return { form: 'crypto-key', key: checkCryptoKey(key, kind, alg, name) };
  return checkJwk(key, kind, alg, name, options.algorithmOption);
}
