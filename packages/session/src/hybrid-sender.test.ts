import { inspect } from 'node:util';
import { ConfigurationError } from '@dual-auth/core';
import {
  base64url,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  type JWK,
  jwtVerify,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, recordingLogger } from '../test/counting-adapter.js';
import {
  opensslRsaKeyPair,
  type TestKeyPair,
  testKeyPair,
  truncatedEd25519Pem,
} from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';
import { UserSession } from './user-session.js';

const ENDPOINT = 'https://agent.example.com/invoke';
const JTI_BYTES = new Uint8Array(32).fill(7);
const fixedRandom = (size: number) => JTI_BYTES.slice(0, size);

let rsa: TestKeyPair;
beforeAll(async () => {
  rsa = await testKeyPair('RS256');
});

function segment(text: string): string {
  return base64url.encode(new TextEncoder().encode(text));
}

/** Signs the header and payload text exactly as given, as PyJWT does (RS256, Web Crypto only). */
async function pyjwtToken(headerJson: string, payloadJson: string, key: CryptoKey) {
  const input = `${segment(headerJson)}.${segment(payloadJson)}`;
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

describe('HybridSender.extractActFromSession', () => {
  const sender = new HybridSender();

  it('puts the IAM id in act.sub, never the email, and carries oid', () => {
    const session = new UserSession({
      userId: 'u-1',
      userEmail: 'alice@example.com',
      userName: 'Alice',
      userOid: 'oid-1',
    });
    expect(sender.extractActFromSession(session)).toEqual({ sub: 'u-1', oid: 'oid-1' });
  });

  it('sends email and name only when opted in', () => {
    const open = new HybridSender({ includeEmail: true, includeName: true });
    const session = new UserSession({ userId: 'u-1', userEmail: 'a@x.com', userName: 'Alicé' });
    expect(open.extractActFromSession(session)).toEqual({
      sub: 'u-1',
      email: 'a@x.com',
      name: 'Alicé',
    });
  });

  it('reads record sessions in the reference order, keeping oid next to sub', () => {
    const open = new HybridSender({ includeEmail: true, includeName: true });
    expect(
      open.extractActFromSession({
        sub: 'pairwise',
        oid: 'obj-1',
        userPrincipalName: 'alice@contoso.example',
        displayName: 'Alice',
      }),
    ).toEqual({ sub: 'pairwise', email: 'alice@contoso.example', name: 'Alice', oid: 'obj-1' });
    // The reference took the first of two user ids that differ; session 38 refuses them
    // (session-user-id-fields.attack.test.ts), and the same id under two names reads as one.
    expect(open.extractActFromSession({ user_id: 'u-2', sub: 'u-2', email: 'b@x.com' }).sub).toBe(
      'u-2',
    );
  });

  it('reads a UserSession-shaped object from another copy of the package, and Python attribute names', () => {
    const foreign = { userId: 'u-3', userOid: 'o-3', userEmail: 'x@y.z' };
    expect(sender.extractActFromSession(foreign)).toEqual({ sub: 'u-3', oid: 'o-3' });
    const python = { user_id: 'u-4', user_email: 'p@y.z', user_name: 'P' };
    const open = new HybridSender({ includeEmail: true, includeName: true });
    expect(open.extractActFromSession(python)).toEqual({ sub: 'u-4', email: 'p@y.z', name: 'P' });
  });

  it('one rule for records and UserSession: no user id is an error naming what to pass', () => {
    const logger = recordingLogger();
    const strict = new HybridSender({ logger });
    expect(() => strict.extractActFromSession({ mail: 'carol@example.com' })).toThrow(
      new TypeError(
        "Session has no user id: pass the IdP's user id (e.g. the ID token's sub) as user_id, sub, oid or uid; act.sub carries the IAM identifier, never the email (to use the email as the id on purpose, pass it as user_id)",
      ),
    );
    expect(() => new UserSession({ userEmail: 'carol@example.com' } as never)).toThrow(
      new TypeError(
        "UserSession: userId is required: pass the IdP's user id (e.g. the ID token's sub); act.sub carries the IAM identifier, never the email (to use the email as the id on purpose, pass it as userId)",
      ),
    );
    expect(JSON.stringify(logger.events)).not.toContain('carol');
    expect(logger.events.at(-1)).toMatchObject({
      level: 'warn',
      event: 'session_missing_user_id',
      fields: { has_email: true },
    });
    expect(strict.extractActFromSession({ user_id: 'carol@example.com' })).toEqual({
      sub: 'carol@example.com',
    });
  });

  it('refuses sessions that name nobody or are not sessions', () => {
    expect(() => sender.extractActFromSession({ name: 'Nobody' })).toThrow(TypeError);
    expect(() => sender.extractActFromSession('alice' as never)).toThrow(
      'Session must be UserSession or dictionary',
    );
    expect(() => new UserSession({ userId: '' })).toThrow(TypeError);
  });
});

describe('UserSession', () => {
  it('keeps email and name out of every string form and of spreads', () => {
    const session = new UserSession({
      userId: 'u-1',
      userEmail: 'alice@example.com',
      userName: 'Alice Q',
    });
    expect(session.userEmail).toBe('alice@example.com');
    for (const text of [
      String(session),
      JSON.stringify(session),
      inspect(session, { depth: 5, showHidden: true }),
      JSON.stringify({ ...session }),
    ]) {
      expect(text).not.toContain('alice@');
      expect(text).not.toContain('Alice Q');
    }
  });
});

describe('HybridSender.prepareOutOfSessionAct', () => {
  it('writes the same bytes as the Python reference (PyJWT): header, claim order, ASCII escapes', async () => {
    const clock = new ManualClock(1_795_421_725_000);
    const sender = new HybridSender({
      privateKey: rsa.privatePem,
      kid: false,
      clock,
      random: fixedRandom,
      includeEmail: true,
      includeName: true,
    });
    const ours = await sender.prepareOutOfSessionAct({
      act: { sub: 'u1', email: 'e', name: 'Alicé' },
      agentEndpoint: ENDPOINT,
      ttlSeconds: 5,
    });
    const jti = base64url.encode(JTI_BYTES);
    const python = await pyjwtToken(
      '{"alg":"RS256","typ":"JWT"}',
      `{"iss":"application","sub":"application","aud":"${ENDPOINT}","exp":1795421730,"iat":1795421725,"jti":"${jti}","act":{"sub":"u1","email":"e","name":"Alic\\u00e9"}}`,
      rsa.privateKey,
    );
    expect(ours).toBe(python);
  });

  it('makes a token that a standard JWT library verifies, with a 43-char jti', async () => {
    const sender = new HybridSender({ privateKey: rsa.privateJwk });
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: ENDPOINT,
    });
    const { payload } = await jwtVerify(token, rsa.publicKey, {
      issuer: 'application',
      audience: ENDPOINT,
      algorithms: ['RS256'],
    });
    expect(payload.exp).toBe((payload.iat ?? 0) + 60);
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.act).toEqual({ sub: 'u-1' });
  });

  it('accepts the key as a CryptoKey, signs ES256 and EdDSA, sets typ, issuer and kid', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const pair = await testKeyPair(alg);
      const sender = new HybridSender({
        privateKey: pair.privateKey,
        algorithm: alg,
        issuer: 'https://app.example.com',
        typ: 'act+jwt',
        kid: 'k1',
      });
      const token = await sender.prepareOutOfSessionAct({
        act: { sub: 'u' },
        agentEndpoint: ENDPOINT,
      });
      expect(decodeProtectedHeader(token)).toEqual({ alg, kid: 'k1', typ: 'act+jwt' });
      const { payload } = await jwtVerify(token, pair.publicKey, {
        issuer: 'https://app.example.com',
      });
      expect(payload.sub).toBe('https://app.example.com');
    }
  });

  it('takes kid from a JWK that has one and publishes the public half as a JWKS', async () => {
    const sender = new HybridSender({ privateKey: { ...rsa.privateJwk, kid: 'app-2025' } });
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: 'u' },
      agentEndpoint: ENDPOINT,
    });
    expect(decodeProtectedHeader(token).kid).toBe('app-2025');
    const jwks = await sender.publicJwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({
      kty: 'RSA',
      n: rsa.publicJwk.n,
      e: rsa.publicJwk.e,
      alg: 'RS256',
      use: 'sig',
      kid: 'app-2025',
    });
    await compactVerify(token, createLocalJWKSet(jwks));
  });

  it('gives a PEM or kid-less JWK key its RFC 7638 thumbprint as kid, in the JWKS and in every act JWT', async () => {
    const thumbprint = await calculateJwkThumbprint(rsa.publicJwk as JWK);
    const { kid: _kid, ...kidless } = rsa.privateJwk as JsonWebKey & { kid?: string };
    for (const privateKey of [rsa.privatePem, kidless, rsa.privateKey]) {
      const sender = new HybridSender({ privateKey });
      const token = await sender.prepareOutOfSessionAct({
        act: { sub: 'u' },
        agentEndpoint: ENDPOINT,
      });
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: thumbprint, typ: 'JWT' });
      const jwks = await sender.publicJwks();
      expect(jwks.keys[0]?.kid).toBe(thumbprint);
      await compactVerify(token, createLocalJWKSet(jwks));
    }
    const bare = new HybridSender({ privateKey: rsa.privatePem, kid: false });
    const token = await bare.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: ENDPOINT });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect((await bare.publicJwks()).keys[0]).not.toHaveProperty('kid');
  });

  // A real OpenSSL prime search: a generous timeout, since a busy machine can take seconds.
  it('signs with a PKCS#1 key from `openssl genrsa -traditional`, verified by its RSA PUBLIC KEY', async () => {
    const pair = opensslRsaKeyPair();
    const sender = new HybridSender({ privateKey: pair.privatePem });
    const verifier = new ActJwtVerifier({ publicKey: pair.publicPem, expectedAudience: ENDPOINT });
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: ENDPOINT,
    });
    expect((await verifier.verify(token)).act).toEqual({ sub: 'u-1' });
    const jwks = await sender.publicJwks();
    await compactVerify(token, createLocalJWKSet(jwks));
  }, 120_000);

  it('publishes a JWKS from PEM, and refuses a non-extractable CryptoKey with a clear error', async () => {
    const fromPem = await new HybridSender({ privateKey: rsa.privatePem }).publicJwks();
    expect(fromPem.keys[0]).not.toHaveProperty('d');
    expect(fromPem.keys[0]?.n).toBe(rsa.publicJwk.n);
    const { privateKey } = await crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign', 'verify'],
    );
    const locked = new HybridSender({ privateKey, algorithm: 'ES256' });
    await expect(locked.publicJwks()).rejects.toThrow(ConfigurationError);
  });

  it('refuses an empty act.sub, a non-HTTPS endpoint, a missing key and a TTL over the cap', async () => {
    const sender = new HybridSender({ privateKey: rsa.privatePem });
    await expect(
      sender.prepareOutOfSessionAct({ act: { sub: '' }, agentEndpoint: ENDPOINT }),
    ).rejects.toThrow(TypeError);
    await expect(
      sender.prepareOutOfSessionAct({
        act: { sub: 'u' },
        agentEndpoint: 'http://agent.example.com',
      }),
    ).rejects.toThrow(/must use HTTPS/);
    await expect(
      new HybridSender().prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: ENDPOINT }),
    ).rejects.toThrow(/not configured for out-of-session/);
    await expect(
      sender.prepareOutOfSessionAct({
        act: { sub: 'u' },
        agentEndpoint: ENDPOINT,
        ttlSeconds: 301,
      }),
    ).rejects.toThrow(ConfigurationError);
    await expect(
      sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: ENDPOINT, ttlSeconds: 0 }),
    ).rejects.toThrow(TypeError);
    const relaxed = new HybridSender({ privateKey: rsa.privatePem, maxTtlSeconds: 3600 });
    await expect(
      relaxed.prepareOutOfSessionAct({
        act: { sub: 'u' },
        agentEndpoint: ENDPOINT,
        ttlSeconds: 900,
      }),
    ).resolves.toMatch(/^eyJ/);
  });

  it('allows http only on loopback and only when asked', async () => {
    const local = 'http://127.0.0.1:8080/invoke';
    const strict = new HybridSender({ privateKey: rsa.privatePem });
    await expect(
      strict.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: local }),
    ).rejects.toThrow(ConfigurationError);
    const dev = new HybridSender({ privateKey: rsa.privatePem, allowInsecureLoopback: true });
    await expect(
      dev.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: local }),
    ).resolves.toMatch(/^eyJ/);
  });

  it('refuses a public key, a broken PEM, a path or junk as the private key at construction, without echoing it', () => {
    const refusal = (privateKey: unknown) => {
      try {
        new HybridSender({ privateKey: privateKey as string });
      } catch (error) {
        return error;
      }
      throw new Error('the constructor accepted the key');
    };
    const broken = rsa.privatePem.replace(/\n[^\n]+\n-----END/, '\n-----END');
    for (const [key, message] of [
      [rsa.publicPem, /^privateKey is a public key/],
      [broken, /^privateKey is not a well-formed 'PRIVATE KEY' PEM/],
      [
        '/run/secrets/app-key.pem',
        /looks like a file path.*loadKeyFile\(path\) from '@dual-auth\/session\/node'/,
      ],
    ] as const) {
      const error = refusal(key);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(String(error)).not.toContain(rsa.publicPem.slice(30, 60));
      expect(String(error)).not.toContain(rsa.privatePem.slice(30, 60));
    }
    expect(() => new HybridSender({ privateKey: 42 as never })).toThrow(TypeError);
    expect(() => new HybridSender({ privateKey: null as never })).not.toThrow();
    expect(() => new HybridSender({ algorithm: 'HS256' as never })).toThrow(TypeError);
    expect(() => new HybridSender({ privateKey: rsa.privatePem, algorithm: 'ES256' })).toThrow(
      "privateKey is not a valid ES256 private key: it is an RSA key (RS256, PS256); pass `algorithm: 'RS256'` (allowed where the JWT is verified) or a key for ES256",
    );
  });

  it('starts the import at construction: a key only Web Crypto can refuse is logged at once and thrown on use', async () => {
    const pem = truncatedEd25519Pem();
    const logger = recordingLogger();
    const sender = new HybridSender({ privateKey: pem, algorithm: 'EdDSA', logger });
    await expect.poll(() => logger.events.map((e) => e.event)).toContain('hybrid_sender_key_error');
    expect(logger.events.find((e) => e.event === 'hybrid_sender_key_error')?.fields).toEqual({
      error_type: 'ConfigurationError',
    });
    await expect(
      sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: ENDPOINT }),
    ).rejects.toThrow('privateKey is not a valid EdDSA private key');
  });

  it('logs IAM ids, never the email, name or token', async () => {
    const logger = recordingLogger();
    const sender = new HybridSender({ privateKey: rsa.privatePem, logger, includeEmail: true });
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-9', email: 'dave@example.com', name: 'Dave' },
      agentEndpoint: `${ENDPOINT}?secret=1`,
    });
    const logged = JSON.stringify(logger.events);
    expect(logged).toContain('u-9');
    expect(logged).not.toContain('dave@');
    expect(logged).not.toContain('Dave');
    expect(logged).not.toContain(token.split('.')[2]);
    expect(logged).not.toContain('secret=1');
  });
});

// Review (wave 32, reviewtime): maxTtlSeconds became an own option (checkSecondsOption), but the
// sender checked its other options as own and then read them through the prototype: a
// prototype-pollution bug elsewhere in the process (a JSON merge of request input) that sets
// includeEmail, allowInsecureLoopback or ttlSeconds on Object.prototype put every human's email in
// the act JWTs, let them go to an http: agent, or made them live five times longer.
describe('HybridSender: own options only, never a polluted Object.prototype', () => {
  it('signs as if Object.prototype held nothing', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    const polluted = { includeEmail: true, allowInsecureLoopback: true, ttlSeconds: 300 };
    Object.assign(proto, polluted);
    try {
      const clock = new ManualClock();
      const sender = new HybridSender({ privateKey: rsa.privatePem, clock });
      const act = { sub: 'u-1', email: 'alice@example.com' };
      const jwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: ENDPOINT });
      const claims = JSON.parse(
        new TextDecoder().decode(base64url.decode(jwt.split('.')[1] ?? '')),
      );
      expect(claims.act).toStrictEqual({ sub: 'u-1' });
      expect(claims.exp - claims.iat).toBe(60);
      expect(
        sender.extractActFromSession(new UserSession({ userId: 'u-1', userEmail: 'a@b.c' })),
      ).toStrictEqual({ sub: 'u-1' });
      await expect(
        sender.prepareOutOfSessionAct({ act, agentEndpoint: 'http://127.0.0.1:8080/invoke' }),
      ).rejects.toThrow(ConfigurationError);
    } finally {
      for (const name of Object.keys(polluted)) delete proto[name];
    }
  });
});
