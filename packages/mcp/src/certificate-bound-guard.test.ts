import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { createDualAuthGuard, type DualAuthGuardOptions } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler } from './fetch/index.js';

// Fix (Session 15, mtlsfn15): an MCP server given a guard built with tlsClientCertificate never
// used it as built: dualAuthMcpHandler did not call the guard's function (a certificate-bound
// token was refused as one "this API does not check"), requireDualAuth read the TLS socket in its
// place. The fetch handler now calls it; each server refuses at creation the form it cannot give.

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const issuer = 'https://kc.example.test/realms/agbac';

const signingKey = (await crypto.subtle.generateKey(
  {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
  true,
  ['sign', 'verify'],
)) as CryptoKeyPair;

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const encodeJson = (value: object): string =>
  base64url(new TextEncoder().encode(JSON.stringify(value)));

async function signedToken(claims: Record<string, unknown>): Promise<string> {
  const input = `${encodeJson({ alg: 'RS256', typ: 'JWT' })}.${encodeJson(claims)}`;
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    signingKey.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

// The client certificate a gateway forwards: any DER bytes stand for it here.
const certificates = {
  'agent-a': crypto.getRandomValues(new Uint8Array(96)),
  'agent-b': crypto.getRandomValues(new Uint8Array(96)),
};
const thumbprintOf = async (der: Uint8Array<ArrayBuffer>) =>
  base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', der)));
const fromGateway = (request: Request): Uint8Array | undefined =>
  certificates[request.headers.get('x-client-cert') as keyof typeof certificates];

function guardOptions(
  tlsClientCertificate: NonNullable<DualAuthGuardOptions['tlsClientCertificate']>,
): DualAuthGuardOptions {
  return {
    profile: keycloakTokenProfile,
    issuer,
    audience: resourceServerUrl.href,
    keys: signingKey.publicKey,
    agentAllowed: () => true,
    humanAllowed: () => true,
    tlsClientCertificate,
  };
}

async function boundToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signedToken({
    iss: issuer,
    aud: resourceServerUrl.href,
    iat: now,
    nbf: now,
    exp: now + 600,
    sub: '5f3c8a52-service-account-uuid',
    typ: 'Bearer',
    azp: 'finance-agent',
    scope: 'openid',
    realm_access: { roles: ['FinanceAgent'] },
    preferred_username: 'service-account-finance-agent',
    act: { sub: 'user-123' },
    cnf: { 'x5t#S256': await thumbprintOf(certificates['agent-a']) },
  });
}

const post = (token: string, certificate: string) =>
  new Request(resourceServerUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-client-cert': certificate },
    body: '{}',
  });

describe('an MCP server given a guard with a tlsClientCertificate function', () => {
  it('dualAuthMcpHandler calls it: admits the bound certificate, refuses another', async () => {
    const guard = createDualAuthGuard(guardOptions(fromGateway));
    const handle = dualAuthMcpHandler({ guard, resourceServerUrl }, () => new Response('ok'));
    const token = await boundToken();
    const admitted = await handle(post(token, 'agent-a'));
    expect(admitted.status, await admitted.clone().text()).toBe(200);
    const refused = await handle(post(token, 'agent-b'));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error_description: string }).error_description).toMatch(
      /another client certificate/,
    );
  });

  it('requireDualAuth refuses it at creation, saying which form Express needs', () => {
    const guard = createDualAuthGuard(guardOptions(fromGateway));
    expect(() => requireDualAuth({ guard, resourceServerUrl })).toThrow(
      /requireDualAuth: .*build it with tlsClientCertificate: 'tls-connection'/,
    );
  });
});

describe.each(['tls-connection', 'tls-connection-any-issuer'] as const)(
  "an MCP server given a guard with tlsClientCertificate '%s'",
  (source) => {
    it('dualAuthMcpHandler refuses it at creation: a fetch Request has no TLS socket', () => {
      const guard = createDualAuthGuard(guardOptions(source));
      expect(() =>
        dualAuthMcpHandler({ guard, resourceServerUrl }, () => new Response('ok')),
      ).toThrow(/dualAuthMcpHandler: .*build it with a function \(request\)/);
      expect(() => requireDualAuth({ guard, resourceServerUrl })).not.toThrow();
    });
  },
);
