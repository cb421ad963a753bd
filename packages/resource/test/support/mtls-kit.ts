// Mutual TLS for the guard's certificate-bound token tests (RFC 8705 §3): client certificates
// made with openssl in a test's folder, and a GET of the API's balance over real TLS on loopback.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/** A client certificate and key (PEM), and its `cnf["x5t#S256"]`. */
export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  /** `cnf["x5t#S256"]` for it: base64url SHA-256 of its DER (RFC 8705 §3.1). */
  thumbprint: string;
}

/** openssl's options for a new P-256 key, unencrypted. */
export const P256_KEY = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';

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

/** The status and JSON body of an answer. */
export interface MtlsAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** `GET <url>/api/balance` with `Bearer <token>`, trusting `ca`, sending `client` if given. */
export function getBalanceOverMtls(
  url: string,
  options: {
    ca: string;
    token: string;
    client: Pick<ClientCertificate, 'certPem' | 'keyPem'> | undefined;
    agent: Agent | false;
  },
): Promise<MtlsAnswer> {
  const { client } = options;
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${url}/api/balance`,
      {
        ca: options.ca,
        ...(client === undefined ? {} : { cert: client.certPem, key: client.keyPem }),
        headers: { authorization: `Bearer ${options.token}` },
        agent: options.agent,
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
