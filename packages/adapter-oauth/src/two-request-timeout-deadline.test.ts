import type { ServerResponse } from 'node:http';
import { createDualAuthConfig, createSubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import { heldClock, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOW_SECONDS, unsignedJwt } from '../test/support/token-exchange-adapter.js';
import { OAuthAdapter, type OAuthAdapterOptions } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

// An ID-JAG grant and a token exchange with an actor token send two token requests one after the
// other under one totalTimeoutMs. Sized for a slow IdP with timeoutMs: 45_000 and no
// totalTimeoutMs, the default deadline must give each request its whole timeoutMs, not the
// second only what the first left of timeoutMs + 10 s.

const RESOURCE_ISSUER = 'https://rs.example/';
const TIMEOUT_MS = 45_000;

/** A token request the server holds: its path and grant, answered with `answer`. */
interface Held {
  readonly path: string;
  readonly grant: string | null;
  answer(body: object): void;
}
const held: Held[] = [];
let server: TestHttpsServer;
beforeAll(async () => {
  server = await startHttpsServer(async (req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    held.push({
      path: new URL(req.url ?? '/', 'https://x').pathname,
      grant: new URLSearchParams(Buffer.concat(chunks).toString()).get('grant_type'),
      answer(body) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
    });
  });
});
afterAll(() => server.close());

const accessToken = () =>
  unsignedJwt({
    iss: RESOURCE_ISSUER,
    sub: 'u-1',
    act: { sub: 'agent-1' },
    client_id: 'agent-1',
    exp: NOW_SECONDS + 3600,
  });

/** agent-1's adapter in `fields`' mode on a clock the test moves; its request, not awaited. */
function heldAdapter(fields: Partial<OAuthConfig>, options: OAuthAdapterOptions = {}) {
  const clock = heldClock(NOW_SECONDS * 1000);
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: 'oauth-secret-0123456789abcdef0123456789',
    ...fields,
  });
  const adapter = new OAuthAdapter(config, {
    fetch: server.fetch,
    clock,
    retry: false,
    timeoutMs: TIMEOUT_MS,
    ...options,
  });
  const subjectToken =
    fields.mode === 'id-jag'
      ? createSubjectToken(unsignedJwt({ sub: 'u-1', aud: 'agent-1' }, 'JWT'), TOKEN_TYPE.idToken)
      : createSubjectToken(unsignedJwt({ sub: 'u-1', aud: 'agent-1', exp: NOW_SECONDS + 3600 }));
  const outcome = adapter
    .requestToken({
      agentId: 'agent-1',
      act: { sub: 'u-1' },
      scope: ['finance.read'],
      subjectToken,
    })
    .then(
      (token) => token.accessToken,
      (error: unknown) => error,
    );
  const first = held.length;
  /** The `n`-th request (0 first) this adapter sent, once the server holds it. */
  const request = async (n: number) => {
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(first + n), { timeout: 30_000 });
    return held[first + n] as Held;
  };
  return { clock, outcome, request };
}

/** A mode that sends two token requests: its config, the first answer and the second's fields. */
interface TwoRequests {
  readonly fields: Partial<OAuthConfig>;
  readonly first: object;
  readonly second: object;
}
const MODES: Readonly<Record<string, () => TwoRequests>> = {
  'id-jag': () => ({
    fields: {
      mode: 'id-jag',
      idpTokenUrl: `${server.url}/idp/token`,
      resourceIssuer: RESOURCE_ISSUER,
    },
    first: {
      access_token: unsignedJwt(
        { sub: 'u-1', aud: RESOURCE_ISSUER, client_id: 'agent-1' },
        'oauth-id-jag+jwt',
      ),
      token_type: 'N_A',
      issued_token_type: TOKEN_TYPE.idJag,
    },
    second: { token_type: 'Bearer' },
  }),
  'token-exchange with an actor token': () => ({
    fields: { mode: 'token-exchange', actorToken: 'client-credentials' },
    first: { access_token: 'AGENT-AT', token_type: 'Bearer', expires_in: 300 },
    second: { token_type: 'Bearer', issued_token_type: TOKEN_TYPE.accessToken },
  }),
};
const modeNames = Object.keys(MODES);
const modeOf = (name: string) => (MODES[name] as () => TwoRequests)();

/** The `name` mode's first request answered after 40 s, and its second request, held. */
async function secondRequestHeld(name: string, options: OAuthAdapterOptions = {}) {
  const mode = modeOf(name);
  const { clock, outcome, request } = heldAdapter(mode.fields, options);
  const first = await request(0);
  clock.advance(40_000);
  first.answer(mode.first);
  return { mode, clock, outcome, second: await request(1) };
}

describe('two token requests under the default totalTimeoutMs, timeoutMs 45 s', () => {
  it.each(modeNames)(
    '%s: each request may take 40 s (80 s in all)',
    async (name) => {
      const { mode, clock, outcome, second } = await secondRequestHeld(name);
      clock.advance(40_000);
      second.answer({ access_token: accessToken(), ...mode.second });
      expect(await outcome).toBe(accessToken());
    },
    30_000,
  );

  it.each(modeNames)(
    '%s: ends at 2 × timeoutMs + 10 s by default',
    async (name) => {
      const { clock, outcome } = await secondRequestHeld(name);
      clock.advance(60_000);
      expect(await outcome).toMatchObject({
        name: 'TokenRequestError',
        message: expect.stringContaining('within totalTimeoutMs (100000 ms)'),
      });
    },
    30_000,
  );

  it('keeps a totalTimeoutMs given: the second request gets what the first left', async () => {
    const { clock, outcome } = await secondRequestHeld('id-jag', { totalTimeoutMs: 60_000 });
    clock.advance(20_000);
    expect(await outcome).toMatchObject({
      name: 'TokenRequestError',
      message: expect.stringContaining('within totalTimeoutMs (60000 ms)'),
    });
  }, 30_000);
});
