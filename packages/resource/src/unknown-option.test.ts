import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { InMemoryDelegationCutoffStore, InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import { dualAuth as honoDualAuth } from './hono/index.js';
import { createTokenIntrospection } from './token-introspection.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

const allow = () => true;
const VERIFY = {
  profile: oktaTokenProfile,
  issuer: 'https://idp.example/oauth2/default',
  audience: 'https://api.example/finance',
  keys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
};
const GUARD = { ...VERIFY, agentAllowed: allow, humanAllowed: allow };
const TAIL =
  'pass only the options it takes, and install every @dual-auth package from one release line';

// Journey 11: `createDualAuthGuard({ cutofStore })` dropped the store without a word, and the API
// kept accepting tokens minted before the human's endDelegation.
describe('resource refuses options it does not know', () => {
  it('createDualAuthGuard and every middleware factory name themselves and the option meant', () => {
    const cutofStore = new InMemoryDelegationCutoffStore();
    const builds: Record<string, () => unknown> = {
      createDualAuthGuard: () => createDualAuthGuard({ ...GUARD, cutofStore } as never),
      'dualAuth (@dual-auth/resource/express)': () =>
        expressDualAuth({ ...GUARD, cutofStore } as never),
      'dualAuth (@dual-auth/resource/fastify)': () =>
        fastifyDualAuth({ ...GUARD, cutofStore } as never),
      'dualAuth (@dual-auth/resource/hono)': () => honoDualAuth({ ...GUARD, cutofStore } as never),
      withDualAuth: () => withDualAuth(() => new Response(''), { ...GUARD, cutofStore } as never),
    };
    for (const [where, build] of Object.entries(builds)) {
      expect(build, where).toThrow(
        new TypeError(`${where}: cutofStore is not an option (did you mean cutoffStore?); ${TAIL}`),
      );
    }
  });

  it("takes withDualAuth's own route, and refuses it in createDualAuthGuard", () => {
    const route = () => '/api/balance';
    expect(withDualAuth(() => new Response(''), { ...GUARD, route })).toBeTypeOf('function');
    expect(() => createDualAuthGuard({ ...GUARD, route } as never)).toThrow(
      'createDualAuthGuard: route is not an option',
    );
  });

  it('refuses an unknown key of boundActAssertion', () => {
    const boundActAssertion = {
      actAudience: 'https://api.example/finance',
      appKeys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      replayStore: new InMemoryReplayStore(),
      maxLifetime: 60,
    };
    expect(() =>
      createDualAuthGuard({ ...GUARD, profile: entraIdTokenProfile, boundActAssertion } as never),
    ).toThrow(
      'createDualAuthGuard: boundActAssertion: maxLifetime is not an option (the options are',
    );
  });

  it('verifyDualSubjectToken refuses a guard option, which it would not run', async () => {
    await expect(verifyDualSubjectToken('a.b.c', GUARD as never)).rejects.toThrow(
      /^verifyDualSubjectToken: agentAllowed is not an option/,
    );
  });

  it('cachedCheck and createTokenIntrospection refuse a misspelled option', () => {
    expect(() => cachedCheck(allow, { ttlMs: 60_000, keys: 'human' } as never)).toThrow(
      `cachedCheck: keys is not an option (did you mean key?); ${TAIL}`,
    );
    expect(() =>
      createTokenIntrospection({
        endpoint: 'https://idp.example/introspect',
        clientId: 'finance-api',
        clientSecret: 'test-only',
        timeout: 5_000,
      } as never),
    ).toThrow('createTokenIntrospection: timeout is not an option (did you mean timeoutMs?)');
  });
});
