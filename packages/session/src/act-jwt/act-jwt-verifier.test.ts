import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import {
  ActVerificationError,
  type ActVerificationReason,
  ConfigurationError,
  InMemoryReplayStore,
  type ReplayStore,
  ReplayStoreFullError,
  StoreUnavailableError,
} from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, craftJws } from '../../../core/test/jws-kit.js';
import { reasonOf } from '../../../core/test/reason-of.js';
import {
  ACT_AUDIENCE as AUD,
  actJwtClaims as claims,
  ACT_NOW_S as NOW,
} from '../../test/act-jwt-claims.js';
import { ManualClock, recordingLogger } from '../../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { HybridSender } from '../hybrid-sender.js';
import { ActJwtVerifier, type ActJwtVerifierOptions } from './act-jwt-verifier.js';

let app: TestKeyPair;
let other: TestKeyPair;
beforeAll(async () => {
  [app, other] = await Promise.all([testKeyPair('RS256'), testKeyPair('RS256')]);
});

let clock: ManualClock;
function verifier(options: Partial<ActJwtVerifierOptions> = {}): ActJwtVerifier {
  clock = new ManualClock(NOW * 1000);
  return new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock, ...options });
}

const RS256 = { alg: 'RS256', typ: 'JWT' };

describe('ActJwtVerifier accepts', () => {
  it('a token built byte for byte as the Python reference (PyJWT) builds it', async () => {
    const payload = `{"iss":"application","sub":"application","aud":"${AUD}","exp":${NOW + 60},"iat":${NOW},"jti":"HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU","act":{"sub":"u1","email":"e","name":"Alic\\u00e9"}}`;
    const token = await craftJws('{"alg":"RS256","typ":"JWT"}', payload, app.privateKey);
    const { act, jti, exp } = await verifier().verify(token);
    expect(act).toEqual({ sub: 'u1', email: 'e', name: 'Alicé' });
    expect(jti).toBe('HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU');
    expect(exp).toBe(NOW + 60);
  });

  it("HybridSender's tokens, with the key as PEM, JWK, CryptoKey or Node KeyObject", async () => {
    const clockNow = new ManualClock(NOW * 1000);
    const sender = new HybridSender({ privateKey: app.privatePem, clock: clockNow });
    const keys = [app.publicPem, app.publicJwk, app.publicKey, createPublicKey(app.publicPem)];
    for (const publicKey of keys) {
      const token = await sender.prepareOutOfSessionAct({
        act: { sub: 'u-2' },
        agentEndpoint: AUD,
      });
      await expect(verifier({ publicKey }).verify(token)).resolves.toMatchObject({
        act: { sub: 'u-2' },
      });
    }
  });

  it('an ES256 and an EdDSA key, each fixing its own algorithm', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const pair = await testKeyPair(alg);
      const sender = new HybridSender({
        privateKey: pair.privateKey,
        algorithm: alg,
        clock: new ManualClock(NOW * 1000),
      });
      const token = await sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD });
      await expect(verifier({ publicKey: pair.publicPem }).verify(token)).resolves.toBeDefined();
      const rsaToken = await craftJws(RS256, claims(), app.privateKey);
      expect(await reasonOf(verifier({ publicKey: pair.publicPem }).verify(rsaToken))).toBe(
        'unsupported_algorithm',
      );
    }
  });

  it('an audience in a list, and a configured issuer', async () => {
    const token = await craftJws(
      RS256,
      claims({ aud: ['https://other', AUD], iss: 'https://app.example.com' }),
      app.privateKey,
    );
    const v = verifier({ expectedIssuer: 'https://app.example.com' });
    await expect(v.verify(token)).resolves.toBeDefined();
  });

  it('clock skew within the leeway, and not beyond', async () => {
    const v = verifier({ clockToleranceSeconds: 5 });
    clock.advance(63);
    expect(await reasonOf(v.verify(await craftJws(RS256, claims(), app.privateKey)))).toBe(
      'accepted',
    );
    clock.advance(3);
    expect(await reasonOf(v.verify(await craftJws(RS256, claims(), app.privateKey)))).toBe(
      'expired',
    );
  });
});

describe('ActJwtVerifier refuses, with the reason', () => {
  const cases: [string, () => Promise<string | unknown>, ActVerificationReason][] = [
    [
      'a tampered signature',
      async () => {
        const token = await craftJws(RS256, claims(), app.privateKey);
        const [h, p, s = ''] = token.split('.');
        const bytes = base64url.decode(s);
        bytes[10] = (bytes[10] ?? 0) ^ 1;
        return `${h}.${p}.${base64url.encode(bytes)}`;
      },
      'bad_signature',
    ],
    [
      'a tampered payload',
      async () => {
        const token = await craftJws(RS256, claims(), app.privateKey);
        const [h, , s] = token.split('.');
        return `${h}.${b64(JSON.stringify(claims({ act: { sub: 'admin' } })))}.${s}`;
      },
      'bad_signature',
    ],
    [
      'a signature by another key',
      () => craftJws(RS256, claims(), other.privateKey),
      'bad_signature',
    ],
    ['alg none', () => craftJws({ alg: 'none', typ: 'JWT' }, claims()), 'unsupported_algorithm'],
    [
      'HS256 signed with the RSA public key as the secret',
      () =>
        craftJws({ alg: 'HS256', typ: 'JWT' }, claims(), new TextEncoder().encode(app.publicPem)),
      'unsupported_algorithm',
    ],
    [
      'an expired token',
      () => craftJws(RS256, claims({ exp: NOW - 10, iat: NOW - 70 }), app.privateKey),
      'expired',
    ],
    [
      'nbf in the future',
      () => craftJws(RS256, claims({ nbf: NOW + 30 }), app.privateKey),
      'not_yet_valid',
    ],
    [
      'iat in the future',
      () => craftJws(RS256, claims({ iat: NOW + 30, exp: NOW + 90 }), app.privateKey),
      'issued_in_future',
    ],
    ['no exp', () => craftJws(RS256, claims({ exp: undefined }), app.privateKey), 'missing_claim'],
    ['no iat', () => craftJws(RS256, claims({ iat: undefined }), app.privateKey), 'missing_claim'],
    [
      'a lifetime over the cap',
      () => craftJws(RS256, claims({ exp: NOW + 3600 }), app.privateKey),
      'ttl_too_long',
    ],
    [
      'a wrong iss',
      () => craftJws(RS256, claims({ iss: 'https://evil.example' }), app.privateKey),
      'wrong_issuer',
    ],
    [
      'a wrong aud',
      () => craftJws(RS256, claims({ aud: 'https://other-agent/invoke' }), app.privateKey),
      'wrong_audience',
    ],
    ['no aud', () => craftJws(RS256, claims({ aud: undefined }), app.privateKey), 'missing_claim'],
    ['no jti', () => craftJws(RS256, claims({ jti: undefined }), app.privateKey), 'missing_jti'],
    ['an empty jti', () => craftJws(RS256, claims({ jti: '' }), app.privateKey), 'missing_jti'],
    ['no act', () => craftJws(RS256, claims({ act: undefined }), app.privateKey), 'missing_claim'],
    ['a string act', () => craftJws(RS256, claims({ act: 'u-1' }), app.privateKey), 'invalid_act'],
    [
      'an array act',
      () => craftJws(RS256, claims({ act: ['u-1'] }), app.privateKey),
      'invalid_act',
    ],
    [
      'an empty act.sub',
      () => craftJws(RS256, claims({ act: { sub: '' } }), app.privateKey),
      'invalid_act',
    ],
    [
      'a numeric act.sub',
      () => craftJws(RS256, claims({ act: { sub: 42 } }), app.privateKey),
      'invalid_act',
    ],
    [
      'an oversized token',
      () => craftJws(RS256, claims({ act: { sub: 'u', pad: 'x'.repeat(9000) } }), app.privateKey),
      'too_large',
    ],
    ['two segments', async () => 'eyJhbGciOiJSUzI1NiJ9.eyJ9', 'malformed'],
    ['a non-string', async () => 42, 'malformed'],
    ['an empty string', async () => '', 'malformed'],
    [
      'malformed base64 in the header',
      async () => {
        const [, p, s] = (await craftJws(RS256, claims(), app.privateKey)).split('.');
        return `e*J.${p}.${s}`;
      },
      'malformed',
    ],
    [
      'padding in the signature',
      async () => `${await craftJws(RS256, claims(), app.privateKey)}==`,
      'malformed',
    ],
    [
      'a header that is not JSON',
      async () => `${b64('{"alg":"RS256"')}.${b64('{}')}.${b64('sig')}`,
      'malformed',
    ],
    ['a payload that is not JSON', () => craftJws(RS256, '{"iss":', app.privateKey), 'malformed'],
    ['a payload that is a JSON array', () => craftJws(RS256, '[1,2]', app.privateKey), 'malformed'],
    [
      'a string exp',
      () => craftJws(RS256, claims({ exp: `${NOW + 60}` }), app.privateKey),
      'malformed',
    ],
    [
      'a nested act (act.act): here act names the human, who acts for no one',
      () =>
        craftJws(RS256, claims({ act: { sub: 'u-1', act: { sub: 'agent-0' } } }), app.privateKey),
      'invalid_act',
    ],
    [
      'an unknown critical header',
      () => craftJws({ ...RS256, crit: ['x-custom'], 'x-custom': 1 }, claims(), app.privateKey),
      'malformed',
    ],
  ];

  for (const [name, make, reason] of cases) {
    it(`${name} → ${reason}`, async () => {
      const token = (await make()) as string;
      const error = await verifier()
        .verify(token)
        .catch((e: unknown) => e);
      expect(ActVerificationError.isInstance(error)).toBe(true);
      const refused = error as ActVerificationError;
      expect(refused.reason).toBe(reason);
      expect(refused.code).toBe('ERR_ACT_VERIFICATION');
      if (typeof token === 'string' && token.length > 20) {
        for (const text of [
          String(refused),
          JSON.stringify(refused),
          inspect(refused, { depth: 5 }),
        ]) {
          for (const part of token.split('.').filter((p) => p.length > 8)) {
            expect(text).not.toContain(part);
          }
          expect(text).not.toContain('alice@');
        }
      }
    });
  }

  it('a replayed jti, and claims a jti only once the token passed every check', async () => {
    const v = verifier();
    const token = await craftJws(RS256, claims({ jti: 'once' }), app.privateKey);
    await expect(v.verify(token)).resolves.toBeDefined();
    expect(await reasonOf(v.verify(token))).toBe('replayed');
    const wrongAud = await craftJws(
      RS256,
      claims({ jti: 'fresh', aud: 'https://x' }),
      app.privateKey,
    );
    expect(await reasonOf(v.verify(wrongAud))).toBe('wrong_audience');
    const good = await craftJws(RS256, claims({ jti: 'fresh' }), app.privateKey);
    expect(await reasonOf(v.verify(good))).toBe('accepted');
  });

  it("one sending app's flood of valid act JWTs does not crowd another's out of a shared store", async () => {
    const shared = new ManualClock(NOW * 1000);
    const replayStore = new InMemoryReplayStore({ maxEntries: 3, clock: shared });
    const common = { expectedAudience: AUD, clock: shared, replayStore };
    const victim = new ActJwtVerifier({ ...common, publicKey: app.publicPem });
    const flooder = new ActJwtVerifier({
      ...common,
      publicKey: other.publicPem,
      expectedIssuer: 'flooder',
    });
    expect(await reasonOf(victim.verify(await craftJws(RS256, claims(), app.privateKey)))).toBe(
      'accepted',
    );
    for (let i = 0; i < 5; i += 1) {
      const flood = claims({ iss: 'flooder', sub: 'flooder', exp: NOW + 120 + i });
      expect(await reasonOf(flooder.verify(await craftJws(RS256, flood, other.privateKey)))).toBe(
        'accepted',
      );
    }
    // The victim's entry was not forgotten for the flood, so its next act JWT is decidable.
    expect(await reasonOf(victim.verify(await craftJws(RS256, claims(), app.privateKey)))).toBe(
      'accepted',
    );
  });

  it('replay_check_failed when the replay store fails', async () => {
    const broken: ReplayStore = {
      claim: async () => {
        throw new Error('redis down');
      },
    };
    const token = await craftJws(RS256, claims(), app.privateKey);
    expect(await reasonOf(verifier({ replayStore: broken }).verify(token))).toBe(
      'replay_check_failed',
    );
  });

  it('replay_store_unavailable when a shared replay store does not answer', async () => {
    const down: ReplayStore = {
      claim: async () => {
        throw new StoreUnavailableError('claim', 'Redis did not answer within timeoutMs (50 ms)');
      },
    };
    const token = await craftJws(RS256, claims(), app.privateKey);
    expect(await reasonOf(verifier({ replayStore: down }).verify(token))).toBe(
      'replay_store_unavailable',
    );
  });

  it("replay_check_failed naming the clock (NTP), not room, when the store's clock went back", async () => {
    const stepped: ReplayStore = {
      claim: () => Promise.reject(new ReplayStoreFullError(10, 'clock_went_back')),
    };
    const token = await craftJws(RS256, claims(), app.privateKey);
    const refused = verifier({ replayStore: stepped }).verify(token);
    await expect(refused).rejects.toMatchObject({ reason: 'replay_check_failed' });
    await expect(refused).rejects.toThrow(/replay store's clock went back.*NTP/);
  });

  it('logs the reason with the reference event names, never the token or email', async () => {
    const logger = recordingLogger();
    const v = verifier({ logger });
    const token = await craftJws(RS256, claims(), app.privateKey);
    await v.verify(token);
    await v.verify(token).catch(() => undefined);
    expect(logger.events.map((e) => e.event)).toEqual([
      'public_key_loaded',
      'jwt_verified',
      'jwt_replay_detected',
    ]);
    expect(logger.events[1]?.fields).toMatchObject({ human_id: 'u-1', audience: AUD });
    const logged = JSON.stringify(logger.events);
    expect(logged).not.toContain(token.split('.')[1]);
    expect(logged).not.toContain('alice@');
  });
});

describe('ActJwtVerifier with a signal', () => {
  it('already aborted: rejects with its reason before anything is claimed', async () => {
    const v = verifier();
    const token = await craftJws(JSON.stringify(RS256), JSON.stringify(claims()), app.privateKey);
    const gaveUp = new Error('the caller gave up');
    await expect(v.verify(token, { signal: AbortSignal.abort(gaveUp) })).rejects.toBe(gaveUp);
    // The jti is unspent: the same act JWT is still a first use.
    await expect(v.verify(token)).resolves.toMatchObject({ act: { sub: 'u-1' } });
  });

  it('aborting while the cut-off store and the replay store do not answer: rejects with its reason', async () => {
    for (const stalls of ['cutoff', 'replay'] as const) {
      const caller = new AbortController();
      const gaveUp = new Error(`the caller gave up on the ${stalls} store`);
      // Stores stalled for good (Redis stopped); the caller gives up once the verifier waits.
      const stall = <T>(): Promise<T> => {
        caller.abort(gaveUp);
        return new Promise<T>(() => undefined);
      };
      const v = verifier({
        cutoffStore: {
          endDelegation: async () => undefined,
          cutoffOf: async () => (stalls === 'cutoff' ? stall<undefined>() : undefined),
        },
        replayStore: { claim: async () => (stalls === 'replay' ? stall<boolean>() : true) },
      });
      const token = await craftJws(JSON.stringify(RS256), JSON.stringify(claims()), app.privateKey);
      await expect(v.verify(token, { signal: caller.signal })).rejects.toBe(gaveUp);
    }
  });

  it('refuses a signal that is no AbortSignal with a TypeError naming it', async () => {
    const token = await craftJws(JSON.stringify(RS256), JSON.stringify(claims()), app.privateKey);
    await expect(
      verifier().verify(token, { signal: 'abort' as unknown as AbortSignal }),
    ).rejects.toThrow(/options\.signal/);
  });
});

describe('ActJwtVerifier configuration', () => {
  it('needs exactly one key source and an audience', async () => {
    expect(() => new ActJwtVerifier({})).toThrow(TypeError);
    expect(
      () => new ActJwtVerifier({ publicKey: app.publicPem, jwksUrl: 'https://x/jwks' }),
    ).toThrow(TypeError);
    const token = await craftJws(RS256, claims(), app.privateKey);
    // It says where the audience goes: requestTokenFromJwt({ actJwt, agentId, scope }) reaches
    // here too, and "verify:" named a method the caller never called.
    await expect(new ActJwtVerifier({ publicKey: app.publicPem }).verify(token)).rejects.toThrow(
      'expectedAudience is required, the URL of this agent endpoint as the sender signed for it: pass { expectedAudience } to this call or to the constructor (new OutOfSessionTokenRequest({ …, expectedAudience }))',
    );
    const clockNow = new ManualClock(NOW * 1000);
    await expect(
      new ActJwtVerifier({ publicKey: app.publicPem, clock: clockNow }).verify(token, {
        expectedAudience: AUD,
      }),
    ).resolves.toBeDefined();
  });

  it('refuses private, symmetric and junk keys with a ConfigurationError, at construction', async () => {
    const token = await craftJws(RS256, claims(), app.privateKey);
    for (const publicKey of [
      app.privatePem,
      app.privateJwk,
      { kty: 'oct', k: 'c2VjcmV0' },
      'not a key',
    ]) {
      expect(() => verifier({ publicKey: publicKey as never })).toThrow(ConfigurationError);
    }
    expect(() => verifier({ publicKey: null as never })).toThrow(
      'publicKey must be PEM text, a JWK object or a CryptoKey, got null',
    );
    await expect(
      verifier({
        publicKey: createPublicKey(app.publicPem).export({ format: 'pem', type: 'spki' }) as string,
      }).verify(token),
    ).resolves.toBeDefined();
  });

  it('refuses an RSA-PSS (id-RSASSA-PSS) public key at construction, saying to give an rsaEncryption key', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const publicPem = pss.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    for (const algorithm of [undefined, 'PS256'] as const) {
      expect(() => verifier({ publicKey: publicPem, algorithm })).toThrow(
        new ConfigurationError({
          message:
            'publicKey holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)',
        }),
      );
    }
  });

  it('refuses a wrong algorithm, algorithms without jwksUrl and a replay store without claim()', () => {
    expect(() => verifier({ algorithm: 'HS256' as never })).toThrow(
      /algorithm must be one of RS256, PS256, ES256, EdDSA/,
    );
    expect(() => verifier({ algorithms: ['RS256'] })).toThrow(/algorithms applies to jwksUrl/);
    expect(() => verifier({ jwksCooldownSeconds: 0 })).toThrow(/applies to jwksUrl/);
    expect(() => verifier({ replayStore: {} as never })).toThrow(
      new TypeError(
        'options.replayStore must be a ReplayStore (an object with a claim() method), got object',
      ),
    );
  });

  it('refuses a non-HTTPS JWKS URL unless on loopback and allowed', () => {
    expect(() => new ActJwtVerifier({ jwksUrl: 'http://app.example.com/jwks' })).toThrow(
      ConfigurationError,
    );
    expect(
      () => new ActJwtVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks', allowInsecureLoopback: true }),
    ).not.toThrow();
  });
});

describe('ActJwtVerifier with a remote JWKS over TLS', () => {
  let server: TestHttpsServer;
  let served: { keys: unknown[] };
  let fetches = 0;

  beforeAll(async () => {
    served = { keys: [] };
    server = await startHttpsServer((req, res) => {
      fetches += 1;
      if (req.url === '/fail') {
        res.writeHead(500).end();
        return;
      }
      if (req.url === '/huge') {
        // The right key, after 1 MB of padding keys: a verifier that reads it all would accept.
        const padding = Array.from({ length: 64 }, () => ({ kty: 'oct', k: 'A'.repeat(16_000) }));
        const body = JSON.stringify({ keys: [...padding, ...served.keys] });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      if (req.url === '/huge-chunked') {
        // The same, without a Content-Length: the size is found while reading.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
        for (let i = 0; i < 64; i += 1) res.write(`{"kty":"oct","k":"${'A'.repeat(16_000)}"},`);
        res.end(`${JSON.stringify(served.keys[0])}]}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
    });
  });
  afterAll(() => server.close());

  it('verifies by kid, refetches on an unknown kid (rotation), and says unknown_key', async () => {
    const first = new HybridSender({ privateKey: { ...app.privateJwk, kid: 'k1' } });
    const second = new HybridSender({ privateKey: { ...other.privateJwk, kid: 'k2' } });
    served.keys = (await first.publicJwks()).keys;
    const v = new ActJwtVerifier({
      jwksUrl: `${server.url}/jwks`,
      expectedAudience: AUD,
      fetch: server.fetch,
    });
    const before = fetches;
    await v.verify(await first.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD }));
    await v.verify(await first.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD }));
    expect(fetches - before).toBe(1);

    served.keys = [...served.keys, ...(await second.publicJwks()).keys];
    const rotated = () => second.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD });
    // Within the cooldown (30 s by default) an unknown kid does not refetch.
    expect(await reasonOf(v.verify(await rotated()))).toBe('unknown_key');
    expect(fetches - before).toBe(1);
    // Past it, a verifier refetches once and knows the new key.
    const time = { now: Date.now() };
    const eager = new ActJwtVerifier({
      jwksUrl: `${server.url}/jwks`,
      expectedAudience: AUD,
      fetch: server.fetch,
      jwksCooldownSeconds: 1,
      clock: { now: () => time.now },
    });
    served.keys = (await first.publicJwks()).keys;
    await eager.verify(
      await first.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD }),
    );
    served.keys = [...served.keys, ...(await second.publicJwks()).keys];
    time.now += 1_000;
    const fetchesBefore = fetches;
    await expect(eager.verify(await rotated())).resolves.toMatchObject({ act: { sub: 'u' } });
    expect(fetches - fetchesBefore).toBe(1);

    const stranger = new HybridSender({
      privateKey: { ...(await testKeyPair('RS256')).privateJwk, kid: 'k9' },
    });
    const unknown = await stranger.prepareOutOfSessionAct({
      act: { sub: 'u' },
      agentEndpoint: AUD,
    });
    expect(await reasonOf(eager.verify(unknown))).toBe('unknown_key');
  });

  // Review of session 12: 0 let every made-up kid force a fetch; a cooldown past the keys' usable
  // time left the verifier refusing every act JWT after one failed refresh.
  it('refuses a jwksCooldownSeconds below 1 or past jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds', () => {
    const make = (extra: Partial<ActJwtVerifierOptions>) => () =>
      new ActJwtVerifier({ jwksUrl: `${server.url}/jwks`, expectedAudience: AUD, ...extra });
    const range = 'ActJwtVerifier: jwksCooldownSeconds must be from 1 to 4200';
    expect(make({ jwksCooldownSeconds: 0 })).toThrow(range);
    expect(make({ jwksCooldownSeconds: 0.999 })).toThrow(range);
    expect(make({ jwksCooldownSeconds: 4_200.001 })).toThrow(/pass e\.g\. 30/);
    expect(make({ jwksCooldownSeconds: 1 })).not.toThrow();
    expect(make({ jwksCooldownSeconds: 4_200 })).not.toThrow();
    const short = { jwksCacheMaxAgeSeconds: 60, jwksStaleIfErrorSeconds: 0 };
    expect(make({ ...short, jwksCooldownSeconds: 60 })).not.toThrow();
    expect(make({ ...short, jwksCooldownSeconds: 61 })).toThrow(
      'jwksCooldownSeconds must be from 1 to 60 ',
    );
  });

  // Review brk25: 0.x accepted a short max age without stale-if-error beside the default cooldown;
  // the default (30 s) must shrink to the range, not make that configuration throw.
  it('keeps a short jwksCacheMaxAgeSeconds without stale-if-error working with the default cooldown', () => {
    const options = {
      jwksUrl: `${server.url}/jwks`,
      expectedAudience: AUD,
      jwksCacheMaxAgeSeconds: 10,
      jwksStaleIfErrorSeconds: 0,
    };
    expect(() => new ActJwtVerifier(options)).not.toThrow();
  });

  it('tries every key of a JWKS that lists two keys under one kid, or one key twice', async () => {
    const signer = new HybridSender({ privateKey: { ...app.privateJwk, kid: 'k1' } });
    const [good] = (await signer.publicJwks()).keys;
    const [impostor] = (
      await new HybridSender({ privateKey: { ...other.privateJwk, kid: 'k1' } }).publicJwks()
    ).keys;
    for (const keys of [
      [impostor, good],
      [good, { ...good }],
    ]) {
      served.keys = keys as unknown[];
      const v = new ActJwtVerifier({
        jwksUrl: `${server.url}/jwks`,
        expectedAudience: AUD,
        fetch: server.fetch,
      });
      const token = await signer.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD });
      expect(await reasonOf(v.verify(token))).toBe('accepted');
    }
  });

  it('stops reading a JWKS larger than 64 KiB: key_unavailable, memory bounded', async () => {
    const sender = new HybridSender({ privateKey: { ...app.privateJwk, kid: 'k1' } });
    served.keys = (await sender.publicJwks()).keys;
    const token = await sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD });
    for (const path of ['/huge', '/huge-chunked']) {
      const v = new ActJwtVerifier({
        jwksUrl: `${server.url}${path}`,
        expectedAudience: AUD,
        fetch: server.fetch,
      });
      const error = await v.verify(token).catch((e: unknown) => e);
      expect((error as ActVerificationError).reason).toBe('key_unavailable');
      expect((error as Error).message).toContain('JWKS is larger than 65536 bytes');
    }
  });

  it('key_unavailable when the JWKS cannot be fetched, and refuses HS256 even then', async () => {
    const v = new ActJwtVerifier({
      jwksUrl: `${server.url}/fail`,
      expectedAudience: AUD,
      fetch: server.fetch,
    });
    const token = await craftJws(RS256, claims(), app.privateKey);
    expect(await reasonOf(v.verify(token))).toBe('key_unavailable');
    const hs = await craftJws({ alg: 'HS256' }, claims(), new Uint8Array(32));
    expect(await reasonOf(v.verify(hs))).toBe('unsupported_algorithm');
  });
});
