import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { ReplayStore } from '@dual-auth/core';
import { createLocalJWKSet, exportSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import { refusal } from '../test/support/refusal.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  createSigningKeys,
  ENTRA_HUMAN,
  NOW_S,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';
import type { AppKeyMap, BoundActAssertionOptions, VerificationKeys } from './verify-options.js';

const ENTRA = VENDOR_SETUP.entraid;
const OTHER_APP = '99999999-8888-7777-6666-555555555555';

let idpKey: SigningKey;
let appKey: SigningKey;
let otherAppKey: SigningKey;
let appPem: string;

beforeAll(async () => {
  [idpKey, appKey, otherAppKey] = await createSigningKeys(
    'entra-idp',
    'finance-agent-app',
    'other-app',
  );
  appPem = await exportSPKI(appKey.publicKey);
});

const options = (): VerifyDualSubjectTokenOptions => entraBoundOptions(idpKey, appPem);

const withAppKeys = (appKeys: VerificationKeys | AppKeyMap): VerifyDualSubjectTokenOptions =>
  entraBoundOptions(idpKey, appKeys);

describe('Entra ID: access token + X-Act-Assertion', () => {
  it('verifies both and takes the agent from appid/roles, the human from the assertion', async () => {
    const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      ...options(),
      actAssertion: await actAssertion(appKey),
    });
    expect(subject.vendor).toBe('entraid');
    expect(subject.agent).toEqual({ id: ENTRA.agentId, roles: ['FinanceAgent'], scopes: [] });
    expect(subject.human).toEqual({ sub: ENTRA_HUMAN.sub, oid: ENTRA_HUMAN.oid });
    expect(inspect(subject, { depth: 9 })).not.toContain(ENTRA_HUMAN.name);
  });

  it('v2 tokens: the agent comes from azp', async () => {
    const token = await accessToken('entraid', idpKey, { appid: undefined, azp: ENTRA.agentId });
    const subject = await verifyDualSubjectToken(token, {
      ...options(),
      actAssertion: await actAssertion(appKey),
    });
    expect(subject.agent.id).toBe(ENTRA.agentId);
  });

  it('assertion missing → refused, marked absent, with the guide message', async () => {
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), options()),
    );
    expect(error).toMatchObject({
      credential: 'act_assertion',
      absent: true,
      reason: 'missing_claim',
    });
    expect(error.message).toMatch(/^Missing X-Act-Assertion header/);
  });

  it('assertion from another app (signed with a key we do not trust) → bad_signature', async () => {
    const forged = await actAssertion(otherAppKey);
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...options(),
        actAssertion: forged,
      }),
    );
    expect(error).toMatchObject({ credential: 'act_assertion', reason: 'bad_signature' });
  });

  it("a valid assertion with a different agent's token → binding_mismatch", async () => {
    // Both apps' keys are trusted, each for its own app: each assertion is genuine, but it
    // belongs to another agent.
    const appKeys = new Map([
      [ENTRA.agentId, appKey.publicJwk],
      [OTHER_APP, otherAppKey.publicJwk],
    ]);
    const otherAgentsToken = await accessToken('entraid', idpKey, { appid: OTHER_APP });
    const error = await refusal(
      verifyDualSubjectToken(otherAgentsToken, {
        ...withAppKeys(appKeys),
        actAssertion: await actAssertion(otherAppKey),
      }),
    );
    expect(error).toMatchObject({ reason: 'binding_mismatch', claim: 'iss' });
    // What to do, for the migrating agent that signs with an app ID URI (docs/migrating-from-python.md).
    expect((error as Error).message).toMatch(
      /: its iss and sub must both be the token's agent \(client\) id, for Entra ID the Application \(client\) ID, not an App ID URI$/,
    );
    const ownAssertion = await actAssertion(otherAppKey, { iss: OTHER_APP, sub: OTHER_APP });
    const subject = await verifyDualSubjectToken(otherAgentsToken, {
      ...withAppKeys(appKeys),
      actAssertion: ownAssertion,
    });
    expect(subject.agent.id).toBe(OTHER_APP);
  });

  it('several apps by map: an assertion naming app A signed with app B’s key → bad_signature', async () => {
    const appKeys = new Map<string, VerificationKeys>([
      [ENTRA.agentId, appPem],
      [OTHER_APP, otherAppKey.publicJwk],
    ]);
    // App B holds a leaked access token of app A and signs "I am app A" with its own key.
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...withAppKeys(appKeys),
        actAssertion: await actAssertion(otherAppKey),
      }),
    );
    expect(error).toMatchObject({ credential: 'act_assertion', reason: 'bad_signature' });
  });

  it('several apps by map: a token of an app without keys → unknown_key', async () => {
    const appKeys = new Map([[OTHER_APP, otherAppKey.publicJwk]]);
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...withAppKeys(appKeys),
        actAssertion: await actAssertion(appKey),
      }),
    );
    expect(error).toMatchObject({ reason: 'unknown_key', claim: 'iss' });
  });

  it.each([
    ['an empty map', new Map(), /must map application \(client\) ids/],
    ['an empty app id', new Map([['', 'pem']]), /must map application \(client\) ids/],
    ['bad keys for an app', new Map([[OTHER_APP, 42]]), /appKeys\.get\("9999/],
  ])('appKeys as %s → TypeError naming it', async (_name, appKeys, message) => {
    const token = await accessToken('entraid', idpKey);
    await expect(
      verifyDualSubjectToken(token, {
        ...withAppKeys(appKeys as AppKeyMap),
        actAssertion: await actAssertion(appKey),
      }),
    ).rejects.toThrow(message);
  });

  // Documented: keys given directly are ONE application's key set, any kid or none; several
  // agent applications use the Map (whose cross-application refusals are tested above).
  describe('a JWKS given directly: one application’s key set', () => {
    let keyA: SigningKey;
    let keyB: SigningKey;
    beforeAll(async () => {
      [keyA, keyB] = await Promise.all([
        createSigningKey(ENTRA.agentId),
        createSigningKey(OTHER_APP),
      ]);
    });
    const jwksOptions = () =>
      withAppKeys(createLocalJWKSet({ keys: [keyA.publicJwk, keyB.publicJwk] }));

    it.each([
      ['a kid that is not the application id', 'key-2026-01'],
      ['no kid', undefined],
    ])('accepts the application’s assertion under %s', async (_name, kid) => {
      const jwks = createLocalJWKSet({ keys: [{ ...keyA.publicJwk, kid: 'key-2026-01' }] });
      const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...withAppKeys(jwks),
        actAssertion: await actAssertion(keyA, {}, { kid }),
      });
      expect(subject.human.sub).toBe(ENTRA_HUMAN.sub);
    });

    it('trusts every key in it for every agent application (use the Map for several apps)', async () => {
      const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...jwksOptions(),
        actAssertion: await actAssertion(keyB, {}, { kid: keyB.kid }),
      });
      expect(subject.agent.id).toBe(ENTRA.agentId);
    });

    it('refuses a key that is not in the set → bad_signature', async () => {
      const stranger = await createSigningKey('stranger');
      const error = await refusal(
        verifyDualSubjectToken(await accessToken('entraid', idpKey), {
          ...withAppKeys(createLocalJWKSet({ keys: [keyA.publicJwk] })),
          actAssertion: await actAssertion(stranger, {}, { kid: keyA.kid }),
        }),
      );
      expect(error).toMatchObject({ reason: 'bad_signature' });
    });
  });

  it('assertion whose sub differs from iss → binding_mismatch on sub', async () => {
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...options(),
        actAssertion: await actAssertion(appKey, { sub: OTHER_APP }),
      }),
    );
    expect(error).toMatchObject({ reason: 'binding_mismatch', claim: 'sub' });
  });

  it('expired assertion → expired', async () => {
    const stale = await actAssertion(appKey, { iat: NOW_S - 400, exp: NOW_S - 100 });
    const token = await accessToken('entraid', idpKey, { iat: NOW_S - 500, nbf: NOW_S - 500 });
    const error = await refusal(
      verifyDualSubjectToken(token, { ...options(), actAssertion: stale }),
    );
    expect(error).toMatchObject({ credential: 'act_assertion', reason: 'expired' });
  });

  // 60_000, a minute written in milliseconds, accepted assertions living 16 hours: an act
  // assertion lives minutes (300 s by default, what the adapter mints), an hour at most.
  it('boundActAssertion.maxLifetimeSeconds up to an hour; a larger one is milliseconds by mistake', async () => {
    const withMax = (maxLifetimeSeconds: number): VerifyDualSubjectTokenOptions => {
      const base = entraBoundOptions(idpKey, appPem);
      const bound = { ...base.boundActAssertion, maxLifetimeSeconds };
      return { ...base, boundActAssertion: bound as BoundActAssertionOptions };
    };
    const token = await accessToken('entraid', idpKey, { iat: NOW_S - 10, nbf: NOW_S - 10 });
    const hour = await actAssertion(appKey, { iat: NOW_S - 5, exp: NOW_S - 5 + 3600 });
    await expect(
      verifyDualSubjectToken(token, { ...withMax(3600), actAssertion: hour }),
    ).resolves.toBeDefined();
    for (const maxLifetimeSeconds of [3601, 60_000]) {
      await expect(
        verifyDualSubjectToken(token, { ...withMax(maxLifetimeSeconds), actAssertion: hour }),
      ).rejects.toThrow(
        new TypeError(
          'options.boundActAssertion.maxLifetimeSeconds must be at most 3600 seconds (an hour; an act assertion lives minutes): seconds, not milliseconds?',
        ),
      );
    }
  });

  it('assertion issued before the access token → binding_mismatch on iat', async () => {
    const early = await actAssertion(appKey, { iat: NOW_S - 200, exp: NOW_S + 100 });
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...options(),
        actAssertion: early,
      }),
    );
    expect(error).toMatchObject({ reason: 'binding_mismatch', claim: 'iat' });
  });

  it.each([
    ['wrong audience', { aud: 'https://other-api' }, 'wrong_audience'],
    ['lifetime over 300 s', { exp: NOW_S + 3600 }, 'ttl_too_long'],
    ['no jti', { jti: undefined }, 'missing_jti'],
    ['no act', { act: undefined }, 'missing_claim'],
    ['act without sub', { act: { oid: 'x' } }, 'invalid_act'],
  ])('%s → %s', async (_name, claims, reason) => {
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...options(),
        actAssertion: await actAssertion(appKey, claims),
      }),
    );
    expect(error).toMatchObject({ credential: 'act_assertion', reason });
  });

  it('a too long-lived assertion is refused naming the option that takes a longer one', async () => {
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...options(),
        actAssertion: await actAssertion(appKey, { exp: NOW_S + 3600 }),
      }),
    );
    expect(error.message).toMatch(/raise boundActAssertion\.maxLifetimeSeconds to accept them$/);
  });

  it('an assertion is reusable with its own token only (else replayed); refusals do not burn the jti', async () => {
    const opts = options();
    const token = await accessToken('entraid', idpKey);
    const assertion = await actAssertion(appKey);
    const badToken = await accessToken('entraid', idpKey, { appid: OTHER_APP });
    await refusal(verifyDualSubjectToken(badToken, { ...opts, actAssertion: assertion }));
    await verifyDualSubjectToken(token, { ...opts, actAssertion: assertion });
    const again = await verifyDualSubjectToken(token, { ...opts, actAssertion: assertion });
    expect(again.human.sub).toBe(ENTRA_HUMAN.sub);
    const sameAgentOtherToken = await accessToken('entraid', idpKey, { uti: 'second-token' });
    const error = await refusal(
      verifyDualSubjectToken(sameAgentOtherToken, { ...opts, actAssertion: assertion }),
    );
    expect(error).toMatchObject({ reason: 'replayed', claim: 'jti' });
    expect(error.message).toMatch(/another access token/);
  });

  it('the store is asked with the SHA-256 of the token as binding, never the token itself', async () => {
    const claims: { jti: string; binding: string | undefined }[] = [];
    const recording: ReplayStore = {
      claim: async (jti, _expiresAt, claimOptions) => {
        claims.push({ jti, binding: claimOptions?.binding });
        return true;
      },
    };
    const opts = options();
    const boundActAssertion = {
      ...(opts.boundActAssertion as NonNullable<typeof opts.boundActAssertion>),
      replayStore: recording,
    };
    const token = await accessToken('entraid', idpKey);
    await verifyDualSubjectToken(token, {
      ...opts,
      boundActAssertion,
      actAssertion: await actAssertion(appKey),
    });
    const digest = createHash('sha256').update(token).digest('base64url');
    expect(claims).toEqual([
      { jti: expect.stringMatching(/^act-assertion:[^:]+:jti-/), binding: digest },
    ]);
  });

  it('a store that ignores bindings (written for the old contract) accepts each assertion once', async () => {
    const seen = new Set<string>();
    const legacy: ReplayStore = {
      claim: async (jti: string) => {
        if (seen.has(jti)) return false;
        seen.add(jti);
        return true;
      },
    };
    const opts = options();
    const boundActAssertion = {
      ...(opts.boundActAssertion as NonNullable<typeof opts.boundActAssertion>),
      replayStore: legacy,
    };
    const token = await accessToken('entraid', idpKey);
    const assertion = await actAssertion(appKey);
    await verifyDualSubjectToken(token, { ...opts, boundActAssertion, actAssertion: assertion });
    const error = await refusal(
      verifyDualSubjectToken(token, { ...opts, boundActAssertion, actAssertion: assertion }),
    );
    expect(error.reason).toBe('replayed');
  });

  it('concurrent uses of one assertion: the same pair all win; with two tokens one token wins', async () => {
    const opts = options();
    const token = await accessToken('entraid', idpKey);
    const assertion = await actAssertion(appKey);
    const samePair = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        verifyDualSubjectToken(token, { ...opts, actAssertion: assertion }),
      ),
    );
    expect(samePair.filter((r) => r.status === 'fulfilled')).toHaveLength(5);

    const fresh = options();
    const contested = await actAssertion(appKey);
    const tokens = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((uti) => accessToken('entraid', idpKey, { uti })),
    );
    const results = await Promise.allSettled(
      tokens.map((t) => verifyDualSubjectToken(t, { ...fresh, actAssertion: contested })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('the access token alone never yields a human, even with an act claim in it', async () => {
    const token = await accessToken('entraid', idpKey, { act: { sub: 'someone-else' } });
    const error = await refusal(verifyDualSubjectToken(token, options()));
    expect(error.credential).toBe('act_assertion');
  });
});

describe('bound act assertion: layouts', () => {
  it('an access token that carries its own act beside the assertion is refused, not half-read', async () => {
    const token = await accessToken('entraid', idpKey, { act: { sub: 'someone-else' } });
    const error = await refusal(
      verifyDualSubjectToken(token, { ...options(), actAssertion: await actAssertion(appKey) }),
    );
    expect(error).toMatchObject({
      credential: 'access_token',
      reason: 'layout_mismatch',
      claim: 'act',
    });
  });
});
