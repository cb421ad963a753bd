import { assertVendor, createSubjectToken, getConfig } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';

// Mend (Session 21, mend21): the README's delegation example passed `act: { sub }` for every
// preset. At Entra the human's token names them by a pairwise `sub` and their `oid`, so with
// OAUTH_PRESET=entraid the act must carry the `oid` (a UserSession's act does), and the refusal of
// `act: { sub }` must say so.
let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'entraid' });
}, 60_000);
afterAll(() => idp?.close());

async function oboAdapter() {
  const env = idp.env();
  const config = await getConfig({
    env: {
      DUAL_AUTH_VENDOR: 'oauth',
      OAUTH_PRESET: 'entraid',
      OAUTH_TOKEN_URL: idp.tokenUrl,
      OAUTH_ISSUER: idp.issuer,
      AGENT_CLIENT_ID: env.AGENT_CLIENT_ID as string,
      AGENT_CLIENT_SECRET: env.AGENT_CLIENT_SECRET as string,
    },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  return { config, adapter: oauthPlugin.createAdapter(config, { fetch: idp.fetch }) };
}

describe('OAUTH_PRESET=entraid (on-behalf-of) against the local Entra IdP', () => {
  it("refuses act: { sub } with a TypeError saying to pass the human's oid; act: { sub, oid } gets the token", async () => {
    const human = [...idp.humans.values()][0];
    if (human?.oid === undefined) throw new Error('the local Entra IdP has a human with an oid');
    const { config, adapter } = await oboAdapter();
    const subjectToken = createSubjectToken(await idp.issueSubjectToken({ human: human.sub }));
    const request = { agentId: config.clientId, scope: ['finance.read'], subjectToken };
    const refused = await adapter.requestToken({ ...request, act: { sub: human.sub } }).then(
      () => expect.unreachable('act without oid should be refused'),
      (error: unknown) => error as Error,
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused.message).toContain(
      "its oid is not in act: pass act: { sub, oid } with the human's Entra object id",
    );
    expect(refused.message).not.toContain(human.oid);
    expect(refused.message).not.toContain(human.sub);
    const token = await adapter.requestToken({
      ...request,
      act: { sub: human.sub, oid: human.oid },
    });
    expect(token.accessToken).not.toBe('');
  });
});
