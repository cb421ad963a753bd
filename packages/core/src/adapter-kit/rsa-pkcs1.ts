import { DER, type DerElement, encodeDer, readDer, readDerChildren } from './der.js';

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }: RFC 8017 Appendix A.1.
const RSA_ALGORITHM = /* @__PURE__ */ (() =>
  encodeDer(
    DER.SEQUENCE,
    encodeDer(DER.OID, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])),
    encodeDer(DER.NULL),
  ))();

/** What a PKCS#1 RSA key holds besides its DER: the modulus size. */
export interface RsaKeyFacts {
  /** Bits of the modulus `n`. */
  modulusBits: number;
}

function bitLength(bytes: Uint8Array, integer: DerElement): number {
  let start = integer.start;
  while (start < integer.end - 1 && bytes[start] === 0) start += 1;
  const top = bytes[start] as number;
  return (integer.end - start - 1) * 8 + (32 - Math.clz32(top));
}

/**
 * Reads a PKCS#1 `RSAPrivateKey` (two-prime: version 0 and eight INTEGERs, RFC 8017 A.1.2) or
 * `RSAPublicKey` (`n`, `e`, A.1.1) filling `der` exactly; `undefined` when it is anything else.
 */
export function readPkcs1(der: Uint8Array, kind: 'private' | 'public'): RsaKeyFacts | undefined {
  const outer = readDer(der, 0);
  if (outer === undefined || outer.tag !== DER.SEQUENCE || outer.end !== der.length) {
    return undefined;
  }
  const fields = readDerChildren(der, outer);
  const count = kind === 'private' ? 9 : 2;
  if (
    fields === undefined ||
    fields.length !== count ||
    fields.some((field) => field.tag !== DER.INTEGER || field.end === field.start)
  ) {
    return undefined;
  }
  const [first] = fields as [DerElement];
  if (kind === 'private' && (first.end - first.start !== 1 || der[first.start] !== 0)) {
    return undefined;
  }
  const modulus = fields[kind === 'private' ? 1 : 0] as DerElement;
  return { modulusBits: bitLength(der, modulus) };
}

/** PKCS#1 `RSAPrivateKey` DER wrapped as PKCS#8 `PrivateKeyInfo` (RFC 5208 §5), for Web Crypto. */
export function pkcs1PrivateToPkcs8(pkcs1: Uint8Array): Uint8Array {
  const version = encodeDer(DER.INTEGER, new Uint8Array([0]));
  return encodeDer(DER.SEQUENCE, version, RSA_ALGORITHM, encodeDer(DER.OCTET_STRING, pkcs1));
}

/** PKCS#1 `RSAPublicKey` DER wrapped as `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7). */
export function pkcs1PublicToSpki(pkcs1: Uint8Array): Uint8Array {
  const bits = encodeDer(DER.BIT_STRING, new Uint8Array([0]), pkcs1);
  return encodeDer(DER.SEQUENCE, RSA_ALGORITHM, bits);
}
