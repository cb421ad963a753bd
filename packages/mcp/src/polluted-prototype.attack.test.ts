import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import type { DualSubject } from '@dual-auth/resource';
import { runWithAct } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { guardAnswering } from '../test/support/guard-answering.js';
import { offlineGuard } from '../test/support/offline-guard.js';
import { dualAuthFetch } from './client/dual-auth-fetch.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';
import { protectedResourceMetadataHandler } from './fetch/protected-resource-metadata-handler.js';
import { McpSessionBinding } from './mcp-session-binding.js';
import { withDualAuthTool } from './tools/with-dual-auth-tool.js';

// Attack (session 12): a prototype-pollution bug elsewhere in the process sets names on
// Object.prototype. dualAuthFetch read `fetch` and `allowInsecureLoopback` as plain properties
// (an inherited fetch got every credential); the metadata published an inherited
// `scopesSupported` and `resourceName`.

const tokenProvider: TokenProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () =>
    ({ accessToken: 'secret-token', tokenType: 'Bearer', expiresIn: 300 }) as DualSubjectToken,
};

/** A fetch that records the headers it is sent: any credential among them is stolen. */
function stealer(stolen: unknown[]) {
  return (_input: unknown, init?: RequestInit) => {
    stolen.push(init?.headers);
    return Promise.resolve(new Response('ok'));
  };
}

describe('a polluted Object.prototype sets no option of @dual-auth/mcp', () => {
  it('dualAuthFetch: an inherited fetch gets no credential', async () => {
    const stolen: unknown[] = [];
    const steal = stealer(stolen);
    // The global fetch it falls back to fails (nothing listens on port 1 of the loopback).
    const sent = polluted({ fetch: steal }, () =>
      dualAuthFetch({ tokenProvider, origin: 'https://127.0.0.1:1', resourceMetadata: 'off' })(
        'https://127.0.0.1:1/mcp',
      ),
    );
    await expect(sent).rejects.toThrow();
    expect(stolen).toEqual([]);
  });

  it('dualAuthFetch: an inherited allowInsecureLoopback allows no http origin', async () => {
    const made = polluted({ allowInsecureLoopback: true }, () =>
      dualAuthFetch({ tokenProvider, origin: 'http://127.0.0.1:8080', resourceMetadata: 'off' }),
    );
    await expect(made).rejects.toThrow(/HTTPS|https/);
  });

  it('protectedResourceMetadataHandler: an inherited scopesSupported or resourceName is not published', async () => {
    const handler = await polluted({ scopesSupported: ['admin'], resourceName: 'Evil' }, () =>
      protectedResourceMetadataHandler({
        resourceServerUrl: new URL('https://mcp.example.com/mcp'),
        issuer: 'https://idp.example/oauth2/default',
      }),
    );
    const answer = handler(
      new Request('https://mcp.example.com/.well-known/oauth-protected-resource/mcp'),
    );
    const metadata = await answer?.json();
    expect(metadata).not.toHaveProperty('scopes_supported');
    expect(metadata).not.toHaveProperty('resource_name');
  });

  it('McpSessionBinding and dualAuthMcpHandler: an inherited maxSessions or sessions is not taken', async () => {
    const binding = polluted({ maxSessions: 0, store: {} }, () => new McpSessionBinding());
    await expect(binding).resolves.toBeInstanceOf(McpSessionBinding);
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const guard = offlineGuard(resourceServerUrl);
    const handler = polluted({ sessions: {} }, () =>
      dualAuthMcpHandler({ guard, resourceServerUrl }, async () => new Response(null)),
    );
    await expect(handler).resolves.toBeTypeOf('function');
  });
});

// Review (wave 32, ownoptions): withDualAuthTool checked timeoutMs and clock as own options but
// read allowInsecureLoopback, fetch and context through the prototype: an inherited
// allowInsecureLoopback took an http: origin, and an inherited fetch got every bearer token.
describe('withDualAuthTool: own options only', () => {
  const tool = (origin: string) =>
    withDualAuthTool(
      { origin, tokenRequest: { tokenProvider: () => tokenProvider }, agentId: 'a', scope: [] },
      async (_input: unknown, { callApi }) => (await callApi(`${origin}/x`)).status,
    );

  it('an inherited allowInsecureLoopback allows no http origin', async () => {
    const made = polluted({ allowInsecureLoopback: true }, () => tool('http://127.0.0.1:8080'));
    await expect(made).rejects.toThrow(/HTTPS/);
  });

  it('an inherited fetch gets no bearer token', async () => {
    const stolen: unknown[] = [];
    const steal = stealer(stolen);
    // The global fetch it falls back to fails (nothing listens on port 1 of the loopback).
    const called = polluted({ fetch: steal }, () =>
      runWithAct({ sub: 'u-1' }, () => tool('https://127.0.0.1:1')({})),
    );
    await expect(called).rejects.toThrow();
    expect(stolen).toEqual([]);
  });
});

// Review (wave 32, ownoptions): the server entries read resourceMetadataUrl through the prototype:
// an inherited one sent every client that was refused to another server's metadata (and so to
// the authorization server it names).
describe('dualAuthMcpHandler: own options only', () => {
  it('an inherited resourceMetadataUrl is not the one a refusal names', async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const guard = offlineGuard(resourceServerUrl);
    const handler = await polluted({ resourceMetadataUrl: 'https://evil.example/metadata' }, () =>
      dualAuthMcpHandler({ guard, resourceServerUrl }, async () => new Response(null)),
    );
    const refused = await handler(new Request(resourceServerUrl, { method: 'POST' }));
    expect(refused.status).toBe(401);
    const challenge = refused.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(
      'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    );
  });
});

// Review (wave 32, ownoptions): the server entries read a custom guard's audience through the
// prototype: an audience list set on Object.prototype (naming this server) made a custom guard
// without one look as if it checked aud, so its tokens issued for another resource were admitted.
describe("dualAuthMcpHandler: a custom guard's audience is its own or its class's", () => {
  it('an inherited audience vouches for no token issued for another resource', async () => {
    const forApi = {
      vendor: 'oauth',
      layout: 'rfc8693',
      agent: { id: 'a', roles: [], scopes: [], raw: { aud: ['https://api.example.com/finance'] } },
      human: { sub: 'u-alice', raw: { sub: 'u-alice' } },
      chain: [{ id: 'a', raw: { sub: 'a' } }],
    } as unknown as DualSubject;
    const { guard } = guardAnswering({
      decision: 'ALLOW',
      status: 200,
      subject: forApi,
      recordStatus: async () => {},
    });
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const handler = await polluted({ audience: [resourceServerUrl.href] }, () =>
      dualAuthMcpHandler({ guard, resourceServerUrl }, async () => new Response('ran')),
    );
    const headers = { authorization: 'Bearer t' };
    const answer = await handler(new Request(resourceServerUrl, { method: 'POST', headers }));
    expect(answer.status).toBe(401);
  });
});
