import { oauthPlugin, oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { ConfigurationError, createAdapter } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler } from './fetch/index.js';

// The attack review's #7: the guard copied from the REST API's setup (audience = the API), the MCP
// server's own URL given elsewhere, admitted the API's tokens and told the tool
// `authInfo.resource` = this server.
describe("an MCP server whose guard does not check this server's audience (attack review #7)", () => {
  let idp: LocalIdp;
  const resourceServerUrl = new URL('https://mcp.example.com/mcp');
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'oauth' });
  }, 60_000);
  afterAll(() => idp?.close());

  const guardFor = (audience: string | string[]) =>
    createDualAuthGuard({
      profile: oauthTokenProfile,
      issuer: idp.issuer,
      audience,
      jwksUri: idp.jwksUrl,
      fetch: idp.fetch,
      agentAllowed: () => true,
      humanAllowed: () => true,
    });
  const handle = async () => Response.json({ ok: true });

  it.each([
    ['the API audience only', () => idp.audience],
    ['this server and the API', () => [resourceServerUrl.href, idp.audience]],
  ])('a guard accepting %s is refused at creation, saying what to set', (_, audience) => {
    const guard = guardFor(audience());
    const expected = new ConfigurationError({
      message: `options.guard accepts tokens for ${idp.audience}: give this MCP server a guard with audience: '${resourceServerUrl.href}' (RFC 8707), or set tokenAudience to the aud your IdP writes for this server`,
    });
    expect(() => dualAuthMcpHandler({ guard, resourceServerUrl }, handle)).toThrow(expected);
    expect(() => requireDualAuth({ guard, resourceServerUrl })).toThrow(expected);
  });

  // Entra ID v2 access tokens carry the resource app's client id as `aud`, never a URL.
  it('a guard for the audience the IdP writes for this server (tokenAudience) is accepted; without it, refused', () => {
    const tokenAudience = 'api://6f1c4d2e-mcp-server';
    const guard = guardFor(tokenAudience);
    expect(() =>
      dualAuthMcpHandler({ guard, resourceServerUrl, tokenAudience }, handle),
    ).not.toThrow();
    expect(() => requireDualAuth({ guard, resourceServerUrl, tokenAudience })).not.toThrow();
    expect(() => requireDualAuth({ guard, resourceServerUrl })).toThrow(
      `options.guard accepts tokens for ${tokenAudience}: give this MCP server a guard with audience: '${resourceServerUrl.href}' (RFC 8707), or set tokenAudience`,
    );
    expect(() =>
      requireDualAuth({
        guard: guardFor(resourceServerUrl.href),
        resourceServerUrl,
        tokenAudience,
      }),
    ).toThrow(`give this MCP server a guard with audience: '${tokenAudience}'`);
  });

  it("with the guard's audience this server, the API's token is refused 401 invalid_token", async () => {
    const guard = guardFor(resourceServerUrl.href);
    const handler = dualAuthMcpHandler({ guard, resourceServerUrl }, handle);
    expect(() => requireDualAuth({ guard, resourceServerUrl })).not.toThrow();
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [oauthPlugin],
      fetch: idp.fetch,
    });
    const human = [...idp.humans.values()][0]?.sub as string;
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act: { sub: human },
      scope: ['finance.read'],
    });
    const response = await handler(
      new Request(resourceServerUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.accessToken}` },
        body: '{}',
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  }, 30_000);
});
