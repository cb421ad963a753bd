import { DER, type DerElement, readDer, readDerChildren } from './der.js';
import type { PemBlock } from './pem.js';
import { pkcs1PrivateToPkcs8, pkcs1PublicToSpki, readPkcs1 } from './rsa-pkcs1.js';

/** The kind of key an `AlgorithmIdentifier` names, as far as the kit's algorithms care. */
export type KeyFamily = 'rsa' | 'rsa-pss' | 'ec-p256' | 'ec-other' | 'ed25519' | 'other';

/** A PEM key checked down to its DER structure, in the form Web Crypto imports. */
export interface KeyStructure {
  /** `PRIVATE KEY` (PKCS#8), `PUBLIC KEY` (SPKI) or `CERTIFICATE`; PKCS#1 comes out wrapped. */
  label: 'PRIVATE KEY' | 'PUBLIC KEY' | 'CERTIFICATE';
  der: Uint8Array;
  /** A certificate's is its key's; unknown when that key cannot be read. */
  family: KeyFamily | undefined;
  /** Bits of an RSA modulus. */
  rsaBits: number | undefined;
}

const hex = (bytes: Uint8Array, element: DerElement): string =>
  Array.from(bytes.subarray(element.start, element.end), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

// OID content bytes, hex: RFC 8017 A.1 (RSA, RSASSA-PSS), RFC 5480 §2.1.1 (EC, P-256), RFC 8410 §3.
const RSA = '2a864886f70d010101';
const RSA_PSS = '2a864886f70d01010a';
const EC = '2a8648ce3d0201';
const P256 = '2a8648ce3d030107';
const ED25519 = '2b6570';

function familyOf(bytes: Uint8Array, algorithm: DerElement): KeyFamily | undefined {
  if (algorithm.tag !== DER.SEQUENCE) return undefined;
  const [oid, parameters] = readDerChildren(bytes, algorithm) ?? [];
  if (oid === undefined || oid.tag !== DER.OID) return undefined;
  const id = hex(bytes, oid);
  if (id === RSA) return 'rsa';
  if (id === RSA_PSS) return 'rsa-pss';
  if (id === ED25519) return 'ed25519';
  if (id !== EC) return 'other';
  return parameters?.tag === DER.OID && hex(bytes, parameters) === P256 ? 'ec-p256' : 'ec-other';
}

function sequence(der: Uint8Array): DerElement[] | undefined {
  const outer = readDer(der, 0);
  if (outer === undefined || outer.tag !== DER.SEQUENCE || outer.end !== der.length) {
    return undefined;
  }
  return readDerChildren(der, outer);
}

/** The modulus bits of an RSA key's inner PKCS#1; `null` when that is malformed. */
function rsaBits(
  family: KeyFamily,
  inner: Uint8Array,
  kind: 'private' | 'public',
): number | undefined | null {
  if (family !== 'rsa' && family !== 'rsa-pss') return undefined;
  return readPkcs1(inner, kind)?.modulusBits ?? null;
}

// PKCS#8 PrivateKeyInfo / OneAsymmetricKey: version, algorithm, privateKey, … (RFC 5958 §2).
function pkcs8(der: Uint8Array): KeyStructure | undefined {
  const [version, algorithm, key] = sequence(der) ?? [];
  if (version?.tag !== DER.INTEGER || algorithm === undefined || key?.tag !== DER.OCTET_STRING) {
    return undefined;
  }
  const family = familyOf(der, algorithm);
  if (family === undefined) return undefined;
  const bits = rsaBits(family, der.subarray(key.start, key.end), 'private');
  if (bits === null) return undefined;
  return { label: 'PRIVATE KEY', der, family, rsaBits: bits };
}

// SubjectPublicKeyInfo: algorithm, subjectPublicKey (RFC 5280 §4.1.2.7).
function spki(der: Uint8Array): KeyStructure | undefined {
  const fields = sequence(der);
  const [algorithm, key] = fields ?? [];
  if (fields?.length !== 2 || algorithm === undefined || key?.tag !== DER.BIT_STRING) {
    return undefined;
  }
  const family = familyOf(der, algorithm);
  if (family === undefined || key.end === key.start || der[key.start] !== 0) return undefined;
  const bits = rsaBits(family, der.subarray(key.start + 1, key.end), 'public');
  if (bits === null) return undefined;
  return { label: 'PUBLIC KEY', der, family, rsaBits: bits };
}

/**
 * The DER of a certificate's `subjectPublicKeyInfo` (RFC 5280 §4.1: `tbsCertificate` holds an
 * optional `[0]` version, then serialNumber, signature, issuer, validity, subject and the key), or
 * `undefined` when the certificate does not have that shape.
 */
export function certificateSpki(der: Uint8Array): Uint8Array | undefined {
  const [tbs] = sequence(der) ?? [];
  if (tbs?.tag !== DER.SEQUENCE) return undefined;
  const fields = readDerChildren(der, tbs) ?? [];
  const index = fields[0]?.tag === 0xa0 ? 6 : 5;
  const key = fields[index];
  const begin = fields[index - 1]?.end;
  if (key?.tag !== DER.SEQUENCE || begin === undefined) return undefined;
  return der.slice(begin, key.end);
}

/**
 * Reads the DER structure of a PEM key: PKCS#8, SPKI, PKCS#1 (`RSA PRIVATE KEY`, `RSA PUBLIC
 * KEY`, wrapped into PKCS#8 / SPKI so Web Crypto imports them) or a certificate (its outer
 * structure, and its key's family and size when its SubjectPublicKeyInfo reads). `undefined` when
 * the DER is not such a key — truncated, corrupted or of another label. The key's numbers
 * themselves are left to Web Crypto.
 */
export function readKeyStructure(block: PemBlock): KeyStructure | undefined {
  const { label, der } = block;
  if (label === 'PRIVATE KEY') return pkcs8(der);
  if (label === 'PUBLIC KEY') return spki(der);
  if (label === 'CERTIFICATE') {
    if (sequence(der) === undefined) return undefined;
    const inner = certificateSpki(der);
    const key = inner === undefined ? undefined : spki(inner);
    return { label, der, family: key?.family, rsaBits: key?.rsaBits };
  }
  const kind = label === 'RSA PRIVATE KEY' ? 'private' : label === 'RSA PUBLIC KEY' ? 'public' : '';
  if (kind === '') return undefined;
  const facts = readPkcs1(der, kind);
  if (facts === undefined) return undefined;
  return kind === 'private'
    ? {
        label: 'PRIVATE KEY',
        der: pkcs1PrivateToPkcs8(der),
        family: 'rsa',
        rsaBits: facts.modulusBits,
      }
    : {
        label: 'PUBLIC KEY',
        der: pkcs1PublicToSpki(der),
        family: 'rsa',
        rsaBits: facts.modulusBits,
      };
}
