// Mutual TLS for the guard's certificate-bound token tests (RFC 8705 §3): client certificates
// made with openssl in a temporary directory, a GET of the API's balance over real TLS on
// loopback, and the scenario the mTLS tests share (client CA, server TLS, IdP key and JWKS).
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@dual-auth/core';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import type { TlsClientCertificateSource } from '../../src/tls-client-certificate.js';
import { keycloakGuardOptions } from './keycloak-guard-options.js';
import { createServerTls, type ServerTls } from './mtls-servers.js';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from './token-kit.js';

/** A client certificate made with openssl, for mutual TLS against a test server. */
export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  /** `cnf["x5t#S256"]` for it: base64url SHA-256 of its DER (RFC 8705 §3.1). */
  thumbprint: string;
}

/** Client CAs and certificates made with openssl in a temporary directory. */
export interface ClientCertificateKit {
  /** A self-signed CA certificate `<name>.pem` (and its key), to trust or not. */
  createCa(name: string): string;
  /** A client certificate (`extendedKeyUsage=clientAuth`) issued by the CA `ca`. */
  issueClientCertificate(ca: string, name: string): ClientCertificate;
  /** A self-signed client certificate, issued by nobody (RFC 8705 §2.2, §4). */
  selfSignedClientCertificate(name: string): ClientCertificate;
  /** Removes the directory. */
  remove(): void;
}

/** openssl's options for a new P-256 key, unencrypted. */
export const P256_KEY = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
const CLIENT_EXTENSIONS =
  'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n';
// The same extensions on a self-signed certificate (`req -x509` would make it a CA).
const SELF_SIGNED_EXTENSIONS = CLIENT_EXTENSIONS.trim()
  .split('\n')
  .map((extension) => `-addext ${extension}`)
  .join(' ');

/** Runs one openssl command line (no argument holds a space) in `dir`. */
export function openssl(dir: string, commandLine: string): void {
  execFileSync('openssl', commandLine.split(' '), { cwd: dir, stdio: 'ignore' });
}

/** Reads `<name>.pem` and `<name>.key` of `dir`, with the certificate's thumbprint. */
export function readClientCertificate(dir: string, name: string): ClientCertificate {
  const certPem = readFileSync(join(dir, `${name}.pem`), 'utf8');
  return {
    certPem,
    keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
    thumbprint: createHash('sha256').update(new X509Certificate(certPem).raw).digest('base64url'),
  };
}

/** Makes the directory the kit's openssl commands write in. */
export function createClientCertificateKit(): ClientCertificateKit {
  const dir = mkdtempSync(join(tmpdir(), 'dual-auth-mtls-'));
  writeFileSync(join(dir, 'client.ext'), CLIENT_EXTENSIONS);
  let serial = 1000;
  return {
    createCa(name) {
      openssl(
        dir,
        `req -x509 ${P256_KEY} -keyout ${name}.key -out ${name}.pem -subj /CN=${name} -days 2`,
      );
      return readFileSync(join(dir, `${name}.pem`), 'utf8');
    },
    issueClientCertificate(ca, name) {
      openssl(dir, `req ${P256_KEY} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`);
      serial++;
      openssl(
        dir,
        `x509 -req -in ${name}.csr -CA ${ca}.pem -CAkey ${ca}.key -set_serial ${serial} -days 1 -extfile client.ext -out ${name}.pem`,
      );
      return readClientCertificate(dir, name);
    },
    selfSignedClientCertificate(name) {
      openssl(
        dir,
        `req -x509 ${P256_KEY} -keyout ${name}.key -out ${name}.pem -subj /CN=${name} -days 1 ${SELF_SIGNED_EXTENSIONS}`,
      );
      return readClientCertificate(dir, name);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a test server answered. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * `GET <url>/api/balance` with a Bearer token over TLS (the server's certificate checked against
 * `serverCaPem`), presenting `client`'s certificate when given; through `agent` (one that caches
 * TLS sessions resumes them), or a new connection each time by default.
 */
export function callOverTls(
  url: string,
  token: string,
  serverCaPem: string,
  client: Pick<ClientCertificate, 'certPem' | 'keyPem'> | undefined,
  agent: Agent | false = false,
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${url}/api/balance`,
      {
        ca: serverCaPem,
        ...(client === undefined ? {} : { cert: client.certPem, key: client.keyPem }),
        headers: { ...headers, authorization: `Bearer ${token}` },
        agent,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * What the mTLS tests share: a client-certificate kit whose CA `client-ca` the servers trust, the
 * servers' TLS, and an IdP signing key served by a JWKS server on loopback.
 */
export interface MtlsScenario {
  /** The kit, `client-ca` made: issue the test's certificates with it. */
  readonly kit: ClientCertificateKit;
  /** The servers' key and certificate, trusting `client-ca`. */
  readonly tls: ServerTls;
  /** The IdP's key, whose public JWK the JWKS server serves. */
  readonly idpKey: SigningKey;
  /** Keycloak guard options, keys from the JWKS server, the client certificate read from `source`. */
  guardOptions(source: TlsClientCertificateSource, logger: Logger): DualAuthGuardOptions;
  /** A token of the IdP bound to `client`'s certificate (`cnf["x5t#S256"]`, RFC 8705 §3.1). */
  boundTo(client: ClientCertificate): Promise<string>;
  /** {@link callOverTls} to `url`, the server checked against the servers' CA. */
  call(
    url: string,
    token: string,
    client: Pick<ClientCertificate, 'certPem' | 'keyPem'> | undefined,
  ): Promise<Answer>;
  /** Stops the JWKS server and removes the kit's directory. */
  close(): Promise<void>;
}

/** Sets up the {@link MtlsScenario}; the caller closes it (`afterAll`). */
export async function startMtlsScenario(): Promise<MtlsScenario> {
  const kit = createClientCertificateKit();
  try {
    const { tls, serverCaPem } = await createServerTls(kit.createCa('client-ca'));
    const idpKey = await createSigningKey('idp-1');
    const jwks: JwksServer = await startJwksServer([idpKey.publicJwk]);
    return {
      kit,
      tls,
      idpKey,
      guardOptions: (source, logger) => ({
        ...keycloakGuardOptions(createRemoteJwks(jwks.url, { fetch: jwks.server.fetch })),
        tlsClientCertificate: source,
        logger,
      }),
      boundTo: (client) =>
        accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': client.thumbprint } }),
      call: (url, token, client) => callOverTls(url, token, serverCaPem, client),
      close: async () => {
        await jwks.close();
        kit.remove();
      },
    };
  } catch (error) {
    kit.remove();
    throw error;
  }
}
