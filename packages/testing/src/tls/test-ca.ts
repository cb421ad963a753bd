import { toPem } from './der.js';
import { createCertificate, parseIpAddress } from './x509-certificate.js';

/** A certificate and its private key, both PEM-encoded, ready for `node:https` or `node:tls`. */
export interface IssuedCertificate {
  /** The leaf certificate (PEM, `CERTIFICATE`). */
  readonly certPem: string;
  /** The leaf's private key (PEM, PKCS#8 `PRIVATE KEY`). */
  readonly keyPem: string;
}

/** Options of {@link TestCa.issueServerCertificate}. */
export interface IssueServerCertificateOptions {
  /** DNS names and IP addresses the certificate is valid for. Default: `127.0.0.1`, `::1`, `localhost`. */
  readonly hostnames?: readonly string[];
}

/** Options of {@link TestCa.issueClientCertificate}. */
export interface IssueClientCertificateOptions {
  /** The subject's common name, 1 to 64 printable ASCII characters. Default `dual-auth test client`. */
  readonly commonName?: string;
}

/** A client certificate, its key, and the thumbprint a token bound to it carries. */
export interface IssuedClientCertificate extends IssuedCertificate {
  /** `cnf["x5t#S256"]` of a token bound to it: base64url SHA-256 of its DER (RFC 8705 §3.1). */
  readonly thumbprint: string;
}

/** A throwaway certificate authority that lives only as long as one test run. */
export interface TestCa {
  /** The CA certificate (PEM) that clients trust. */
  readonly caPem: string;
  /** Issues a server certificate signed by this CA. */
  issueServerCertificate(options?: IssueServerCertificateOptions): Promise<IssuedCertificate>;
  /**
   * Issues a client certificate signed by this CA (extended key usage `clientAuth`), for mutual
   * TLS and certificate-bound tokens (RFC 8705): a server with this CA's `caPem` as its `ca`
   * authorizes it.
   *
   * @throws TypeError when `commonName` is not 1 to 64 printable ASCII characters.
   */
  issueClientCertificate(options?: IssueClientCertificateOptions): Promise<IssuedClientCertificate>;
}

const defaultHostnames = ['127.0.0.1', '::1', 'localhost'] as const;
const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const hourMs = 3_600_000;
const validity = () => {
  const now = Date.now();
  return { notBefore: new Date(now - hourMs), notAfter: new Date(now + 24 * hourMs) };
};

/**
 * Creates a throwaway CA with a fresh ECDSA P-256 key (Web Crypto, generated per call, never
 * written to disk, private key not extractable). Trust its `caPem` in clients instead of turning
 * TLS verification off.
 *
 * @example
 * ```ts
 * import { createTestCa, createTrustingFetch } from '@dual-auth/testing';
 *
 * const ca = await createTestCa();
 * const { certPem, keyPem } = await ca.issueServerCertificate();
 * const fetch = createTrustingFetch(ca.caPem);
 * ```
 */
export async function createTestCa(): Promise<TestCa> {
  const { subtle } = globalThis.crypto;
  const caKeys = await subtle.generateKey(ecdsaP256, false, ['sign', 'verify']);
  const caName = 'dual-auth test CA';
  const caDer = await createCertificate({
    subjectCommonName: caName,
    issuerCommonName: caName,
    subjectPublicKey: caKeys.publicKey,
    issuerPublicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    isCa: true,
    ...validity(),
  });

  return {
    caPem: toPem(caDer, 'CERTIFICATE'),
    async issueServerCertificate(options = {}) {
      const hostnames = options.hostnames ?? defaultHostnames;
      if (
        !Array.isArray(hostnames) ||
        hostnames.length === 0 ||
        hostnames.some((h) => typeof h !== 'string' || !isHostname(h))
      ) {
        throw new TypeError(
          'issueServerCertificate: hostnames must be a non-empty array of DNS names or IP addresses',
        );
      }
      const keys = await subtle.generateKey(ecdsaP256, true, ['sign', 'verify']);
      const der = await createCertificate({
        subjectCommonName: hostnames[0] ?? 'localhost',
        issuerCommonName: caName,
        subjectPublicKey: keys.publicKey,
        issuerPublicKey: caKeys.publicKey,
        signingKey: caKeys.privateKey,
        isCa: false,
        hostnames,
        ...validity(),
      });
      const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey));
      return { certPem: toPem(der, 'CERTIFICATE'), keyPem: toPem(pkcs8, 'PRIVATE KEY') };
    },
    async issueClientCertificate(options = {}) {
      const commonName = options.commonName ?? 'dual-auth test client';
      if (typeof commonName !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(commonName)) {
        throw new TypeError(
          'issueClientCertificate: commonName must be 1 to 64 printable ASCII characters (e.g. the agent client id)',
        );
      }
      const keys = await subtle.generateKey(ecdsaP256, true, ['sign', 'verify']);
      const der = await createCertificate({
        subjectCommonName: commonName,
        issuerCommonName: caName,
        subjectPublicKey: keys.publicKey,
        issuerPublicKey: caKeys.publicKey,
        signingKey: caKeys.privateKey,
        isCa: false,
        usage: 'client',
        ...validity(),
      });
      const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey));
      const digest = new Uint8Array(await subtle.digest('SHA-256', der));
      return {
        certPem: toPem(der, 'CERTIFICATE'),
        keyPem: toPem(pkcs8, 'PRIVATE KEY'),
        thumbprint: btoa(String.fromCharCode(...digest))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, ''),
      };
    },
  };
}

function isHostname(value: string): boolean {
  return (
    parseIpAddress(value) !== undefined || /^[a-zA-Z0-9*]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(value)
  );
}
