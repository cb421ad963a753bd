import { TokenRequestError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  type IdJagServers,
  idJagAdapter,
  idJagRequest,
  RESOURCE_ISSUER,
  startIdJagServers,
} from '../test/support/id-jag-servers.js';

// Attack: in `id-jag` the agent asks the enterprise IdP for an ID-JAG with `audience` =
// OAUTH_RESOURCE_ISSUER, then sends the ID-JAG it gets as its `assertion` to OAUTH_TOKEN_URL. The
// ID-JAG is a grant for the authorization server its `aud` names (draft-ietf-oauth-identity-
// assertion-authz-grant §3: `aud` is that server's issuer identifier). An IdP answering with an
// ID-JAG for another server (a mapping gone wrong, or whoever answers for it) had that grant sent
// to OAUTH_TOKEN_URL, which could redeem it where it is valid; only its human was compared.

let servers: IdJagServers;
let server: IdJagServers['server'];
/** The paths asked, in order, and the ID-JAG each step-two request carried. */
let paths: string[];
let sentAssertions: string[];
/** The `aud` of the ID-JAG the enterprise IdP answers with (left out when `undefined`). */
let jagAudience: unknown;

beforeAll(async () => {
  servers = await startIdJagServers(() => (jagAudience === undefined ? {} : { aud: jagAudience }));
  server = servers.server;
});
afterAll(() => server.close());
beforeEach(() => {
  servers.paths.length = 0;
  servers.sentAssertions.length = 0;
  ({ paths, sentAssertions } = servers);
  jagAudience = RESOURCE_ISSUER;
});

const adapterWith = (logger = createRecordingLogger()) => idJagAdapter(server, logger);

describe('attack: the enterprise IdP answers an ID-JAG for another authorization server', () => {
  it.each([
    ['names the resource server', RESOURCE_ISSUER],
    ['lists it among others', ['https://other-as.example/', RESOURCE_ISSUER]],
  ])(
    'sends on an ID-JAG whose aud %s',
    async (_what, aud) => {
      jagAudience = aud;
      await expect(adapterWith().requestToken(idJagRequest())).resolves.toMatchObject({
        tokenType: 'Bearer',
      });
      expect(paths).toEqual(['/idp/token', '/oauth2/token']);
      expect(sentAssertions).toHaveLength(1);
    },
    30_000,
  );

  // RFC 7523 §3: a JWT grant may name the token endpoint it is sent to instead of the issuer.
  it('sends on an ID-JAG whose aud is OAUTH_TOKEN_URL, where it goes', async () => {
    jagAudience = `${server.url}/oauth2/token`;
    await expect(adapterWith().requestToken(idJagRequest())).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    expect(paths).toEqual(['/idp/token', '/oauth2/token']);
    expect(sentAssertions).toHaveLength(1);
  }, 30_000);

  it.each([
    ['another server', 'https://other-as.example/'],
    ['the issuer with another trailing slash', 'https://rs.example'],
    ['no aud', undefined],
    ['a list without it', ['https://other-as.example/']],
    ['a number', 42],
  ])(
    'refuses, before step two, an ID-JAG whose aud is %s: the grant is never sent to OAUTH_TOKEN_URL',
    async (_what, aud) => {
      jagAudience = aud;
      const logger = createRecordingLogger();
      const refused = await adapterWith(logger)
        .requestToken(idJagRequest())
        .catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ status: 200 });
      expect((refused as Error).message).toMatch(
        /ID-JAG for another authorization server .*OAUTH_RESOURCE_ISSUER/,
      );
      expect(paths).toEqual(['/idp/token']);
      expect(sentAssertions).toEqual([]);
      expect(logger.records).toContainEqual({
        level: 'error',
        event: 'token_subject_mismatch',
        fields: { vendor: 'oauth', agent_id: 'agent-1', mismatch: 'claims', token: 'id-jag' },
      });
      expect(JSON.stringify(logger.records)).not.toContain(ALICE);
    },
    30_000,
  );
});
