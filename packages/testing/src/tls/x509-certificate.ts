import {
  type Bytes,
  bitString,
  booleanTrue,
  concatBytes,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  tlv,
  unsignedInteger,
  utcTime,
  utf8String,
} from './der.js';

/** What {@link createCertificate} puts in a certificate. @internal */
export interface CertificateFields {
  readonly subjectCommonName: string;
  readonly issuerCommonName: string;
  readonly subjectPublicKey: CryptoKey;
  readonly issuerPublicKey: CryptoKey;
  /** ECDSA P-256 private key of the issuer. */
  readonly signingKey: CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  /** DNS names and IP addresses for subjectAltName (server certificates only). */
  readonly hostnames?: readonly string[];
  /** What a leaf is for (its extended key usage); default `'server'`. A client leaf has no SAN. */
  readonly usage?: 'server' | 'client';
}

const oid = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/**
 * Builds and signs a DER X.509 v3 certificate with ECDSA P-256 / SHA-256 on Web Crypto.
 * @internal
 */
export async function createCertificate(fields: CertificateFields): Promise<Bytes> {
  const { subtle } = globalThis.crypto;
  const spki = new Uint8Array(await subtle.exportKey('spki', fields.subjectPublicKey));
  const subjectKeyId = await keyIdentifier(fields.subjectPublicKey);
  const issuerKeyId = await keyIdentifier(fields.issuerPublicKey);
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const signatureAlgorithm = sequence(objectIdentifier(oid.ecdsaWithSha256));

  const extensions = fields.isCa
    ? [
        extension(oid.basicConstraints, true, sequence(booleanTrue(), smallInteger(0))),
        // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000011 with one unused bit.
        extension(oid.keyUsage, true, bitString(Uint8Array.of(0x06), 1)),
      ]
    : [
        extension(oid.basicConstraints, true, sequence()),
        // digitalSignature (bit 0) with seven unused bits.
        extension(oid.keyUsage, true, bitString(Uint8Array.of(0x80), 7)),
        ...(fields.usage === 'client'
          ? [extension(oid.extKeyUsage, false, sequence(objectIdentifier(oid.clientAuth)))]
          : [
              extension(oid.extKeyUsage, false, sequence(objectIdentifier(oid.serverAuth))),
              extension(
                oid.subjectAltName,
                false,
                sequence(...(fields.hostnames ?? []).map(generalName)),
              ),
            ]),
      ];
  extensions.push(
    extension(oid.subjectKeyIdentifier, false, octetString(subjectKeyId)),
    extension(oid.authorityKeyIdentifier, false, sequence(tlv(0x80, issuerKeyId))),
  );

  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm,
    name(fields.issuerCommonName),
    sequence(utcTime(fields.notBefore), utcTime(fields.notAfter)),
    name(fields.subjectCommonName),
    spki,
    explicit(3, sequence(...extensions)),
  );
  const rawSignature = new Uint8Array(
    await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, fields.signingKey, tbs),
  );
  // Web Crypto returns r||s; X.509 wants SEQUENCE { INTEGER r, INTEGER s }.
  const half = rawSignature.length / 2;
  const signature = sequence(
    unsignedInteger(rawSignature.subarray(0, half)),
    unsignedInteger(rawSignature.subarray(half)),
  );
  return sequence(tbs, signatureAlgorithm, bitString(signature));
}

function name(commonName: string): Bytes {
  return sequence(set(sequence(objectIdentifier(oid.commonName), utf8String(commonName))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Bytes {
  return sequence(
    objectIdentifier(id),
    critical ? booleanTrue() : new Uint8Array(0),
    octetString(value),
  );
}

async function keyIdentifier(publicKey: CryptoKey): Promise<Uint8Array> {
  const raw = await globalThis.crypto.subtle.exportKey('raw', publicKey);
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', raw));
}

function generalName(hostname: string): Bytes {
  const ip = parseIpAddress(hostname);
  // [7] iPAddress and [2] dNSName, both implicitly tagged.
  return ip ? tlv(0x87, ip) : tlv(0x82, new TextEncoder().encode(hostname));
}

/** Parses an IPv4 or IPv6 literal into its bytes, or returns undefined for a DNS name. @internal */
export function parseIpAddress(text: string): Bytes | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    return octets.every((o) => o <= 255) ? Uint8Array.from(octets) : undefined;
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return concatBytes(
    ...groups.map((g) => {
      const value = Number.parseInt(g, 16);
      return Uint8Array.of(value >> 8, value & 0xff);
    }),
  );
}
