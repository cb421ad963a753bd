import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, expect, it } from 'vitest';
import { createTestCa } from './test-ca.js';

// Found by newuser16 (Session 16): trying certificate-bound tokens (RFC 8705) locally needed a
// client certificate, which the kit could not make (its CA issued server certificates only), so
// each project wrote an openssl kit of its own. The CA now issues one, with the thumbprint a
// token's `cnf["x5t#S256"]` carries.

const ca = await createTestCa();
const serverTls = await ca.issueServerCertificate();
const server = createServer(
  { key: serverTls.keyPem, cert: serverTls.certPem, ca: ca.caPem, requestCert: true },
  (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    res.end(JSON.stringify({ authorized: socket.authorized, cn: peer.subject?.CN }));
  },
).listen(0, '127.0.0.1');
await once(server, 'listening');
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(client: { certPem: string; keyPem: string }): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        ca: ca.caPem,
        cert: client.certPem,
        key: client.keyPem,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

it('issues a client certificate that a server trusting the CA authorizes', async () => {
  const client = await ca.issueClientCertificate({ commonName: 'finance-agent' });
  expect(JSON.parse(await get(client))).toEqual({ authorized: true, cn: 'finance-agent' });
  const cert = new X509Certificate(client.certPem);
  expect(cert.checkIssued(new X509Certificate(ca.caPem))).toBe(true);
  expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
});

it("gives the certificate's RFC 8705 §3.1 thumbprint, for a token's cnf", async () => {
  const client = await ca.issueClientCertificate();
  const der = new X509Certificate(client.certPem).raw;
  expect(client.thumbprint).toBe(createHash('sha256').update(der).digest('base64url'));
  expect(new X509Certificate(client.certPem).subject).toBe('CN=dual-auth test client');
});

it('refuses a common name that is not a short printable string', async () => {
  for (const commonName of ['', 'a\nb', 'x'.repeat(65), 42]) {
    await expect(ca.issueClientCertificate({ commonName: commonName as string })).rejects.toThrow(
      /issueClientCertificate: commonName must be/,
    );
  }
});
