import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { ApiCall, OriginRefusedError as ClientOriginRefusedError } from '@dual-auth/client';
import type { DualSubjectToken, GetTokenOptions, TokenProvider } from '@dual-auth/core';
import {
  assertVendor,
  ConfigurationError,
  OriginRefusedError as CoreOriginRefusedError,
  createSubjectToken,
  getConfig,
  SubjectTokenRequiredError,
} from '@dual-auth/core';
import { InSessionTokenRequest, type TokenProviderRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { OriginRefusedError } from './index.js';

const token = (n: number): DualSubjectToken => ({
  accessToken: `access.token.${n}`,
  tokenType: 'Bearer',
  expiresIn: 300,
  scope: 'finance.read',
  expiresAt: 2_000_000_000_000,
  actAssertion: `act.assertion.${n}`,
});

/** A provider that hands out token 1, then a new one per forced refresh; records its calls. */
function provider(): TokenProvider & { calls: GetTokenOptions[]; humans: string[] } {
  let current = 1;
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    humans: [],
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    async getToken(options: GetTokenOptions = {}) {
      calls.push(options);
      if (options.forceRefresh) current++;
      return token(current);
    },
  } as TokenProvider & { calls: GetTokenOptions[]; humans: string[] };
}

/** Stands in for the MCP server: answers each request from the list, recording the headers. */
function server(...responses: (() => Response)[]) {
  const seen: Headers[] = [];
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Headers(init?.headers));
    const next = responses.shift();
    if (next === undefined) throw new Error('unexpected request');
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const invalidToken = () =>
  new Response('{}', {
    status: 401,
    headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
  });
const okResponse = () => new Response('{"ok":true}', { status: 200 });
const MCP = 'https://mcp.example.com';
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** dualAuthFetch over an adapter of OAUTH_MODE token-exchange, whose IdP is never reached. */
async function tokenExchangeFetch() {
  const config = await getConfig({
    env: {
      OAUTH_TOKEN_URL: 'https://idp.example/oauth2/token',
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: 'dual-auth-fetch-test-secret',
      OAUTH_MODE: 'token-exchange',
    },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  const mcp = server(okResponse);
  const send = dualAuthFetch({
    resourceMetadata: 'off',
    origin: MCP,
    tokenRequest: new InSessionTokenRequest({ adapter: oauthPlugin.createAdapter(config) }),
    agentId: 'finance-agent',
    scope: ['finance.read'],
    fetch: mcp.fetch,
  });
  return { mcp, send };
}

describe('dualAuthFetch', () => {
  it('sends the access token and the act assertion, replacing any the caller set', async () => {
    const mcp = server(okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenProvider: provider(),
      fetch: mcp.fetch,
    });
    await send('https://mcp.example.com/mcp', {
      method: 'POST',
      body,
      headers: { authorization: 'Bearer stolen', 'content-type': 'application/json' },
    });
    expect(mcp.seen[0]?.get('authorization')).toBe('Bearer access.token.1');
    expect(mcp.seen[0]?.get('x-act-assertion')).toBe('act.assertion.1');
    expect(mcp.seen[0]?.get('content-type')).toBe('application/json');
  });

  it("keeps a Request's own headers beside the credentials", async () => {
    const mcp = server(okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenProvider: provider(),
      fetch: mcp.fetch,
    });
    const request = new Request('https://mcp.example.com/mcp', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'mcp-session-id': 'S1' },
    });
    await send(request);
    expect(mcp.seen[0]?.get('content-type')).toBe('application/json');
    expect(mcp.seen[0]?.get('mcp-session-id')).toBe('S1');
    expect(mcp.seen[0]?.get('authorization')).toBe('Bearer access.token.1');
  });

  it('renews once on 401 invalid_token and sends the request again with the new token', async () => {
    const tokens = provider();
    const mcp = server(invalidToken, okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenProvider: tokens,
      fetch: mcp.fetch,
    });
    const response = await send('https://mcp.example.com/mcp', { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(tokens.calls.map((c) => c.forceRefresh === true)).toEqual([false, true]);
    expect(mcp.seen.map((h) => h.get('x-act-assertion'))).toEqual([
      'act.assertion.1',
      'act.assertion.2',
    ]);
  });

  it('renews at most once: a second 401 rejects with McpCallRefusedError', async () => {
    const mcp = server(invalidToken, invalidToken);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenProvider: provider(),
      fetch: mcp.fetch,
    });
    await expect(
      send('https://mcp.example.com/mcp', { method: 'POST', body }),
    ).rejects.toMatchObject({
      ...{ name: 'McpCallRefusedError', status: 401, failedSide: 'credentials' },
      error: 'invalid_token',
    });
    expect(mcp.seen).toHaveLength(2);
  });

  it('does not renew on a 401 without invalid_token (no credentials accepted at all)', async () => {
    const bare = () =>
      new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    const mcp = server(bare);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenProvider: provider(),
      fetch: mcp.fetch,
    });
    await expect(
      send('https://mcp.example.com/mcp', { method: 'POST', body }),
    ).rejects.toMatchObject({
      name: 'McpCallRefusedError',
      status: 401,
      failedSide: 'credentials',
    });
    expect(mcp.seen).toHaveLength(1);
  });

  it('takes the human of each call from runWithAct', async () => {
    const humans: string[] = [];
    const mcp = server(okResponse, okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenRequest: {
        tokenProvider: ({ act }) => {
          humans.push(act.sub);
          return provider();
        },
      },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: mcp.fetch,
    });
    await runWithAct({ sub: 'u-alice' }, () => send('https://mcp.example.com/mcp'));
    await runWithAct({ sub: 'u-bob' }, () => send('https://mcp.example.com/mcp'));
    expect(humans).toEqual(['u-alice', 'u-bob']);
  });

  it("sends the context's subject token with each token request and renewal, read again each time", async () => {
    const asked: TokenProviderRequest[] = [];
    const tokens = provider();
    const mcp = server(invalidToken, okResponse, okResponse, okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenRequest: {
        tokenProvider: (request) => {
          asked.push(request);
          return tokens;
        },
      },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: mcp.fetch,
    });
    let login = 1;
    const renewed = async () => createSubjectToken(`alice.login.${login++}`);
    await runWithAct({ sub: 'u-alice' }, () => send(`${MCP}/mcp`), { subjectToken: renewed });
    await runWithAct({ sub: 'u-bob' }, () => send(`${MCP}/mcp`), {
      subjectToken: createSubjectToken('bob.login'),
    });
    await runWithAct({ sub: 'u-carol' }, () => send(`${MCP}/mcp`));
    expect(asked.map((r) => [r.act.sub, r.subjectToken?.value])).toEqual([
      ['u-alice', 'alice.login.1'],
      ['u-alice', 'alice.login.2'],
      ['u-bob', 'bob.login'],
      ['u-carol', undefined],
    ]);
    expect(tokens.calls.map((c) => c.forceRefresh === true)).toEqual([false, true, false, false]);
  });

  it("sends the context's sign-in time with each token request (the in-session cut-off check dates the session by it)", async () => {
    const asked: TokenProviderRequest[] = [];
    const mcp = server(okResponse, okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenRequest: {
        tokenProvider: (request) => {
          asked.push(request);
          return provider();
        },
      },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: mcp.fetch,
    });
    await runWithAct({ sub: 'u-alice' }, () => send(`${MCP}/mcp`), { signedInAtMs: 1_000 });
    await runWithAct({ sub: 'u-bob' }, () => send(`${MCP}/mcp`));
    expect(asked.map((r) => [r.act.sub, r.signedInAtMs])).toEqual([
      ['u-alice', 1_000],
      ['u-bob', undefined],
    ]);
  });

  it('refuses to send without a human in context', async () => {
    const mcp = server(okResponse);
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: MCP,
      tokenRequest: { tokenProvider: () => provider() },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: mcp.fetch,
    });
    await expect(send('https://mcp.example.com/mcp')).rejects.toThrow(ConfigurationError);
    expect(mcp.seen).toHaveLength(0);
  });

  it("says, in a token-exchange mode without the human's token, to give it to runWithAct", async () => {
    const { mcp, send } = await tokenExchangeFetch();
    const refused = await runWithAct({ sub: 'u-1' }, () =>
      send('https://mcp.example.com/mcp').then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(SubjectTokenRequiredError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/needs the human's token/);
    expect((refused as Error).message).toMatch(
      /give the act context the human's token, runWithAct\(act, fn, \{ subjectToken \}\)/,
    );
    expect(SubjectTokenRequiredError.isInstance((refused as Error).cause)).toBe(true);
    expect(mcp.seen).toHaveLength(0);
  });

  // Review of session 39 (review2): the adapter also refuses a token the context did give, when the
  // IdP would plainly refuse it (unsigned, long expired); the advice said to give the context a
  // token it had been given, instead of to have it return a fresh one.
  it("says, when the context's token is unusable, to have it return a fresh one", async () => {
    const { mcp, send } = await tokenExchangeFetch();
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const unsigned = `${part({ alg: 'none' })}.${part({ sub: 'u-1', aud: 'finance-agent' })}.`;
    const refused = await runWithAct(
      { sub: 'u-1' },
      () =>
        send('https://mcp.example.com/mcp').then(
          () => undefined,
          (error: unknown) => error,
        ),
      { subjectToken: () => createSubjectToken(unsigned) },
    );
    expect(SubjectTokenRequiredError.isInstance(refused)).toBe(true);
    const message = (refused as Error).message;
    expect(message).toMatch(/^subjectToken is unsigned \(alg none\)/);
    expect(message).not.toMatch(/give the act context the human's token/);
    expect(message).toMatch(
      /: the act context's token is the one refused: have runWithAct\(act, fn, \{ subjectToken \}\) return a fresh one/,
    );
    expect(message).not.toContain(unsigned);
    expect(mcp.seen).toHaveLength(0);
  });

  // wave34/newuser: "Cannot read properties of undefined (reading 'fetch')" before.
  it.each([undefined, null, 'https://mcp.example.com'])(
    'throws a TypeError saying what to pass when given %s instead of its options',
    (given) => {
      const create = () => dualAuthFetch(given as never);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(
        /^dualAuthFetch takes its options: dualAuthFetch\(\{ origin, tokenRequest, agentId, scope \}\) or dualAuthFetch\(\{ origin, tokenProvider \}\), got (no argument|null|a string)$/,
      );
    },
  );

  it('throws a TypeError at creation without a token request or provider', () => {
    expect(() => dualAuthFetch({ resourceMetadata: 'off', origin: MCP } as never)).toThrow(
      /options\.tokenRequest must be an object/,
    );
  });

  describe('where the credentials may go', () => {
    /** Records each request's URL and headers, answering from the list. */
    function recorder(...responses: (() => Response)[]) {
      const seen: { url: string; headers: Headers; method: string; body: unknown }[] = [];
      const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push({
          url: String(input instanceof Request ? input.url : input),
          headers: new Headers(init?.headers),
          method: init?.method ?? 'GET',
          body: init?.body,
        });
        const next = responses.shift();
        if (next === undefined) throw new Error('unexpected request');
        return next();
      }) as typeof globalThis.fetch;
      return { fetch, seen };
    }
    const redirectTo =
      (location: string, status = 307) =>
      () =>
        new Response(null, { status, headers: { location } });

    it('refuses a redirect to another origin: no credential reaches it', async () => {
      const net = recorder(redirectTo('https://evil.example/after'), okResponse);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: provider(),
        fetch: net.fetch,
      });
      await expect(send('https://mcp.example.com/mcp', { method: 'POST', body })).rejects.toThrow(
        /another origin/,
      );
      expect(net.seen.map((r) => r.url)).toEqual(['https://mcp.example.com/mcp']);
    });

    it('asks fetch not to follow redirects itself', async () => {
      let redirectMode: RequestRedirect | undefined;
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: provider(),
        fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
          redirectMode = init?.redirect;
          return okResponse();
        }) as typeof globalThis.fetch,
      });
      await send('https://mcp.example.com/mcp', { method: 'POST', body });
      expect(redirectMode).toBe('manual');
    });

    it('follows a same-origin redirect with the credentials, keeping a 307 POST body', async () => {
      const net = recorder(redirectTo('/mcp/v2'), okResponse);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: provider(),
        fetch: net.fetch,
      });
      const response = await send('https://mcp.example.com/mcp', { method: 'POST', body });
      expect(response.status).toBe(200);
      expect(net.seen.map((r) => [r.url, r.method, r.body])).toEqual([
        ['https://mcp.example.com/mcp', 'POST', body],
        ['https://mcp.example.com/mcp/v2', 'POST', body],
      ]);
      expect(net.seen[1]?.headers.get('x-act-assertion')).toBe('act.assertion.1');
    });

    it('refuses a redirect from https to http, and more than 5 redirects', async () => {
      const down = recorder(redirectTo('http://mcp.example.com/mcp'));
      await expect(
        dualAuthFetch({
          resourceMetadata: 'off',
          origin: MCP,
          tokenProvider: provider(),
          fetch: down.fetch,
        })('https://mcp.example.com/mcp'),
      ).rejects.toThrow(/not an allowed HTTPS URL|downgrades/);
      const loop = recorder(...Array.from({ length: 7 }, () => redirectTo('/mcp')));
      await expect(
        dualAuthFetch({
          resourceMetadata: 'off',
          origin: MCP,
          tokenProvider: provider(),
          fetch: loop.fetch,
        })('https://mcp.example.com/mcp'),
      ).rejects.toThrow(/more than 5 redirects/);
      expect(loop.seen).toHaveLength(6);
    });

    it('refuses plain http off loopback before getting a token or sending anything', async () => {
      const tokens = provider();
      const net = recorder(okResponse);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: tokens,
        fetch: net.fetch,
      });
      await expect(send('http://192.0.2.2:8080/mcp', { method: 'POST', body })).rejects.toThrow(
        ConfigurationError,
      );
      expect(net.seen).toHaveLength(0);
      expect(tokens.calls).toHaveLength(0);
    });

    it('accepts http on loopback only with allowInsecureLoopback', async () => {
      const net = recorder(okResponse);
      const loopback = 'http://127.0.0.1:8080/mcp';
      expect(() =>
        dualAuthFetch({
          resourceMetadata: 'off',
          origin: loopback,
          tokenProvider: provider(),
          fetch: net.fetch,
        }),
      ).toThrow(/allowInsecureLoopback/);
      await expect(
        dualAuthFetch({
          resourceMetadata: 'off',
          origin: MCP,
          tokenProvider: provider(),
          fetch: net.fetch,
        })(loopback),
      ).rejects.toThrow(/allowInsecureLoopback/);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: loopback,
        tokenProvider: provider(),
        fetch: net.fetch,
        allowInsecureLoopback: true,
      });
      expect((await send(loopback)).status).toBe(200);
      expect(net.seen).toHaveLength(1);
    });
  });

  describe('bound to one origin', () => {
    it('refuses a request to another origin before a token is asked for or anything is sent', async () => {
      const tokens = provider();
      const mcp = server(okResponse);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: tokens,
        fetch: mcp.fetch,
      });
      for (const elsewhere of [
        'https://evil.example/mcp',
        'https://mcp.example.com:8443/mcp',
        'https://api.mcp.example.com/mcp',
        new Request('https://evil.example/mcp', { method: 'POST', body }),
      ]) {
        const refused = await send(elsewhere, { method: 'POST', body }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(OriginRefusedError);
        expect(String(refused)).not.toMatch(/evil|access\.token/);
      }
      expect(tokens.calls).toHaveLength(0);
      expect(mcp.seen).toHaveLength(0);
    });

    it("refuses with core's one OriginRefusedError, the class @dual-auth/client throws too", async () => {
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: MCP,
        tokenProvider: provider(),
        fetch: server().fetch,
      });
      const fromMcp = await send('https://evil.example/mcp').catch((e: unknown) => e);
      const fromClient = await new ApiCall({ allowedOrigins: [MCP] })
        .callApi({ apiUrl: 'https://evil.example/api', tokenResponse: token(1) })
        .catch((e: unknown) => e);
      for (const refused of [fromMcp, fromClient]) {
        expect(refused).toBeInstanceOf(OriginRefusedError);
        expect(refused).toBeInstanceOf(ClientOriginRefusedError);
        expect(refused).toBeInstanceOf(CoreOriginRefusedError);
        expect(CoreOriginRefusedError.isInstance(refused)).toBe(true);
      }
    });

    it('takes the origin of a full server URL, and sends to any path there', async () => {
      const mcp = server(okResponse, okResponse);
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: new URL('https://mcp.example.com/mcp'),
        tokenProvider: provider(),
        fetch: mcp.fetch,
      });
      expect((await send('https://mcp.example.com/mcp', { method: 'POST', body })).status).toBe(
        200,
      );
      expect((await send(new URL('https://MCP.example.com:443/other'))).status).toBe(200);
      expect(mcp.seen).toHaveLength(2);
    });

    it('throws a TypeError at creation without an origin, naming options.origin', () => {
      for (const origin of [undefined, 42]) {
        expect(() =>
          dualAuthFetch({ resourceMetadata: 'off', origin, tokenProvider: provider() } as never),
        ).toThrow(/options\.origin/);
        expect(() =>
          dualAuthFetch({ resourceMetadata: 'off', origin, tokenProvider: provider() } as never),
        ).toThrow(TypeError);
      }
      expect(() =>
        dualAuthFetch({ resourceMetadata: 'off', origin: 'not a url', tokenProvider: provider() }),
      ).toThrow(/options\.origin is not a URL: it must be an absolute HTTPS URL/);
    });
  });
});
