import type { IncomingMessage } from 'node:http';
import { createSubjectToken, type Logger, TOKEN_TYPE, type TokenRequest } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import type { OAuthAdapter } from '../../src/oauth-adapter.js';
import { NOW_SECONDS, tokenExchangeAdapter, unsignedJwt } from './token-exchange-adapter.js';

/** The human every ID-JAG of {@link startIdJagServers} names, and its resource's issuer. */
export const ALICE = 'u-alice';
export const RESOURCE_ISSUER = 'https://rs.example/';

/** Both servers of `id-jag` on one test HTTPS server, and what they were asked. */
export interface IdJagServers {
  readonly server: TestHttpsServer;
  /** The paths asked, in order (`/idp/token` is step one, `/oauth2/token` step two). */
  readonly paths: string[];
  /** The `assertion` (the ID-JAG) each step-two request carried. */
  readonly sentAssertions: string[];
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/**
 * The enterprise IdP (`/idp/token`: an ID-JAG for {@link ALICE} and client `agent-1`, with the
 * claims `jagClaims()` gives at each request) and the resource's authorization server
 * (`/oauth2/token`: an access token for alice acted for by `agent-1`).
 */
export async function startIdJagServers(
  jagClaims: () => Record<string, unknown>,
): Promise<IdJagServers> {
  const paths: string[] = [];
  const sentAssertions: string[] = [];
  const server = await startHttpsServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    paths.push(path);
    const form = await formOf(req);
    const body =
      path === '/idp/token'
        ? {
            access_token: unsignedJwt(
              { sub: ALICE, client_id: 'agent-1', ...jagClaims() },
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
  return { server, paths, sentAssertions };
}

/** An `id-jag` adapter over `server`'s two endpoints, with `logger`. */
export function idJagAdapter(server: TestHttpsServer, logger: Logger): OAuthAdapter {
  const fields = {
    mode: 'id-jag' as const,
    idpTokenUrl: `${server.url}/idp/token`,
    resourceIssuer: RESOURCE_ISSUER,
  };
  return tokenExchangeAdapter(server, fields, { logger });
}

/** `agent-1`'s request for {@link ALICE}, with her ID token of a login to `agent-1`. */
export const idJagRequest = (): TokenRequest => ({
  agentId: 'agent-1',
  act: { sub: ALICE },
  scope: ['finance.read'],
  subjectToken: createSubjectToken(
    unsignedJwt({ sub: ALICE, aud: 'agent-1' }, 'JWT'),
    TOKEN_TYPE.idToken,
  ),
});
