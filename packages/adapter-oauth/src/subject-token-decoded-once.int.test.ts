import { assertVendor, createSubjectToken, getConfig } from '@dual-auth/core';
import * as kit from '@dual-auth/core/adapter-kit';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { oauthPlugin } from './index.js';

// Counts the decodes of each token: the adapter reads the kit's jwtPayloadOf, which stays real.
vi.mock('@dual-auth/core/adapter-kit', async (original) => {
  const real = await original<typeof kit>();
  return { ...real, jwtPayloadOf: vi.fn(real.jwtPayloadOf) };
});

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
}, 60_000);
afterAll(() => idp?.close());

describe("OAuthAdapter: the human's subject token is decoded once per request", () => {
  it.each(['token-exchange', 'on-behalf-of'])('%s', async (mode) => {
    const alice = [...idp.humans.values()][0]?.sub as string;
    const env = { ...idp.env('finance-agent'), OAUTH_MODE: mode, OAUTH_ISSUER: idp.issuer };
    const config = await getConfig({ env, plugins: [oauthPlugin] });
    assertVendor(config, 'oauth');
    const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: { limit: 0 } });
    const subject = await idp.issueSubjectToken({ human: alice });
    const decode = vi.mocked(kit.jwtPayloadOf);
    decode.mockClear();
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act: { sub: alice },
      scope: ['finance.read'],
      subjectToken: createSubjectToken(subject),
    });
    expect(token.accessToken).not.toBe(subject);
    // The checks before the request and of the answer (askedHumans) share one decode.
    expect(decode.mock.calls.filter(([value]) => value === subject)).toHaveLength(1);
    expect(decode.mock.calls.filter(([value]) => value === token.accessToken)).toHaveLength(1);
  });
});
