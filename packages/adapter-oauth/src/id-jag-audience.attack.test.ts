import type { IncomingMessage } from 'node:http';
import { createSubjectToken, TOKEN_TYPE, TokenRequestError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NOW_SECONDS,
  tokenExchangeAdapter,
  unsignedJwt,
} from '../test/support/token-exchange-adapter.js';
import type { OAuthAdapter } from './oauth-adapter.js';

// Attack: in `id-jag` the agent asks the enterprise IdP for an ID-JAG with `audience` =
// OAUTH_RESOURCE_ISSUER, then sends the ID-JAG it gets as its `assertion` to OAUTH_TOKEN_URL. The
// ID-JAG is a grant for the authorization server its `aud` names (draft-ietf-oauth-identity-
// assertion-authz-grant §3: `aud` is that server's issuer identifier). An IdP answering with an
// ID-JAG for another server (a mapping gone wrong, or whoever answers for it) had that grant sent
// to OAUTH_TOKEN_URL, which could redeem it where it is valid; only its human was compared.
const RESOURCE_ISSUER = 'https://rs.example/';
const ALICE = 'u-alice';

let server: TestHttpsServer;
/** The paths asked, in order, and the ID-JAG each step-two request carried. */
let paths: string[];
let sentAssertions: string[];
/** The `aud` of the ID-JAG the enterprise IdP answers with (left out when `undefined`). */
let jagAudience: unknown;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

beforeAll(async () => {
  server = await startHttpsServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    paths.push(path);
    const form = await formOf(req);
    const body =
      path === '/idp/token'
        ? {
            access_token: unsignedJwt(
              {
                sub: ALICE,
                client_id: 'agent-1',
                ...(jagAudience === undefined ? {} : { aud: jagAudience }),
              },
              'oauth-id-jag+jwt',
            ),
            token_type: 'N_A',
            issued_token_type: TOKEN_TYPE.idJag,
          }
        : {
            access_token: unsignedJwt({
              iss: RESOURCE_ISSUER,
              sub: ALICE,
              act: { sub: 'agent-1' },
              client_id: 'agent-1',
              exp: NOW_SECONDS + 300,
            }),
            token_type: 'Bearer',
          };
    if (path !== '/idp/token') sentAssertions.push(form.get('assertion') ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  paths = [];
  sentAssertions = [];
  jagAudience = RESOURCE_ISSUER;
});

function idJagAdapter(logger = createRecordingLogger()): OAuthAdapter {
  const fields = {
    mode: 'id-jag' as const,
    idpTokenUrl: `${server.url}/idp/token`,
    resourceIssuer: RESOURCE_ISSUER,
  };
  return tokenExchangeAdapter(server, fields, { logger });
}

const request = () => ({
  agentId: 'agent-1',
  act: { sub: ALICE },
  scope: ['finance.read'],
  subjectToken: createSubjectToken(
    unsignedJwt({ sub: ALICE, aud: 'agent-1' }, 'JWT'),
    TOKEN_TYPE.idToken,
  ),
});

describe('attack: the enterprise IdP answers an ID-JAG for another authorization server', () => {
  it.each([
    ['names the resource server', RESOURCE_ISSUER],
    ['lists it among others', ['https://other-as.example/', RESOURCE_ISSUER]],
  ])(
    'sends on an ID-JAG whose aud %s',
    async (_what, aud) => {
      jagAudience = aud;
      await expect(idJagAdapter().requestToken(request())).resolves.toMatchObject({
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
    await expect(idJagAdapter().requestToken(request())).resolves.toMatchObject({
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
      const refused = await idJagAdapter(logger)
        .requestToken(request())
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
