import { generateKeyPairSync } from 'node:crypto';
import { base64url, compactVerify, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import {
  clientAssertionClaims,
  createClientAssertion,
  JWT_BEARER_ASSERTION_TYPE,
} from './client-assertion.js';

// The Keycloak assertion captured from the Python library (docs/wire-format.md, Client assertion).
const APPENDIX_PAYLOAD =
  '{"iss":"agent-1","sub":"agent-1","aud":"https://localhost:8443/realms/r","exp":1795422025,"iat":1795421725,"jti":"HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU","act":{"sub":"u-1","email":"a@x.com","name":"Alic\\u00e9"}}';
const APPENDIX_JTI_BYTES = base64url.decode('HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU');
const clock = { now: () => 1_795_421_725_999 };
const random = () => APPENDIX_JTI_BYTES;
const SECRET = 'kc-client-secret-0123456789abcdef';
const decoder = new TextDecoder();

function segment(jwt: string, index: number): string {
  return decoder.decode(base64url.decode(jwt.split('.')[index] ?? ''));
}

describe('createClientAssertion (HS256, the reference recipe)', () => {
  it('reproduces the reference header and payload bytes', async () => {
    const jwt = await createClientAssertion({
      agentId: 'agent-1',
      audience: 'https://localhost:8443/realms/r',
      act: { sub: 'u-1', email: 'a@x.com', name: 'Alicé' },
      secret: SECRET,
      clock,
      random,
    });
    expect(segment(jwt, 0)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(segment(jwt, 1)).toBe(APPENDIX_PAYLOAD);
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(SECRET), {
      audience: 'https://localhost:8443/realms/r',
      issuer: 'agent-1',
      currentDate: new Date(clock.now()),
    });
    expect(payload.act).toEqual({ sub: 'u-1', email: 'a@x.com', name: 'Alicé' });
  });

  it('uses whole seconds of the injected clock, exp = iat + 300, and a fresh jti each call', async () => {
    const claims = Array.from({ length: 1000 }, () =>
      clientAssertionClaims({ agentId: 'a', audience: 'https://aud', clock }),
    );
    expect(new Set(claims.map((c) => c.jti)).size).toBe(1000);
    for (const c of claims) {
      expect(c).toMatchObject({ iss: 'a', sub: 'a', aud: 'https://aud', iat: 1_795_421_725 });
      expect(c.exp).toBe(c.iat + 300);
      expect(c.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Object.keys(c)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'jti']);
    }
  });

  it('refuses an empty secret and bad arguments', async () => {
    await expect(
      createClientAssertion({ agentId: 'a', audience: 'https://aud', secret: '' }),
    ).rejects.toThrow(ConfigurationError);
    await expect(
      createClientAssertion({ agentId: '', audience: 'https://aud', secret: 's' }),
    ).rejects.toThrow(TypeError);
    expect(() => clientAssertionClaims({ agentId: 'a', audience: 'x', ttlSeconds: 0 })).toThrow(
      'ttlSeconds must be a positive integer',
    );
  });

  // 300_000, five minutes written in milliseconds, signed assertions usable for 3.5 days: an
  // assertion is made for one token request (RFC 7523 section 3), an hour at most.
  it('takes ttlSeconds up to an hour; a larger one is milliseconds by mistake', () => {
    const clock = { now: () => 1_700_000_000_000 };
    const hour = clientAssertionClaims({ agentId: 'a', audience: 'x', ttlSeconds: 3600, clock });
    expect(hour.exp - hour.iat).toBe(3600);
    for (const ttlSeconds of [3601, 60_000, 86_400_000]) {
      expect(() => clientAssertionClaims({ agentId: 'a', audience: 'x', ttlSeconds })).toThrow(
        new TypeError(
          'ttlSeconds must be at most 3600 seconds (an hour; a client assertion is made for one token request): seconds, not milliseconds?',
        ),
      );
    }
  });

  // A prototype-pollution bug elsewhere in the process (a JSON merge of request input) sets
  // ttlSeconds on Object.prototype: every assertion would live that long (or none be made).
  it('takes ttlSeconds only as an own option, never from a polluted Object.prototype', () => {
    const clock = { now: () => 1_700_000_000_000 };
    const proto = Object.prototype as Record<string, unknown>;
    proto.ttlSeconds = 3600;
    try {
      const claims = clientAssertionClaims({ agentId: 'a', audience: 'x', clock });
      expect(claims.exp - claims.iat).toBe(300);
    } finally {
      delete proto.ttlSeconds;
    }
  });

  it('names the RFC 7523 assertion type', () => {
    expect(JWT_BEARER_ASSERTION_TYPE).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
  });
});

describe('createClientAssertion (private_key_jwt)', () => {
  it('signs RS256 with kid, header keys sorted as PyJWT writes them', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = await createClientAssertion({
      agentId: 'agent-1',
      audience: 'https://tenant.example/',
      act: { sub: 'auth0|1' },
      alg: 'RS256',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      kid: 'k1',
    });
    expect(segment(jwt, 0)).toBe('{"alg":"RS256","kid":"k1","typ":"JWT"}');
    const key = await importSPKI(
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
      'RS256',
    );
    const { payload } = await compactVerify(jwt, key);
    expect(Object.keys(JSON.parse(decoder.decode(payload)))).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'jti',
      'act',
    ]);
  });

  it('signs ES256 with a JWK, and refuses a public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await createClientAssertion({
      agentId: 'a',
      audience: 'https://aud',
      alg: 'ES256',
      privateKey: privateKey.export({ format: 'jwk' }) as JsonWebKey,
    });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', typ: 'JWT' });
    await expect(
      createClientAssertion({
        agentId: 'a',
        audience: 'https://aud',
        alg: 'ES256',
        privateKey: publicKey.export({ format: 'jwk' }) as JsonWebKey,
      }),
    ).rejects.toThrow('privateKey is a public JWK');
  });
});
