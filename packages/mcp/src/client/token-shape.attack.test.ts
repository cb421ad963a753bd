import { createDualSubjectToken, type DualSubjectToken, type TokenProvider } from '@dual-auth/core';
import { runWithAct } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import { withDualAuthTool } from '../tools/with-dual-auth-tool.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// Attack (session 33 review): dualAuthFetch and withDualAuthTool sent whatever the provider gave,
// skipping the client's token checks. A token revived by JSON.parse(JSON.stringify(token)) (a
// cache keeping JSON) went out as `Authorization: Bearer ***REDACTED***`, and a token asked for
// another human than the provider's identity names went out for that other human.

const MCP = 'https://mcp.example.com';
const API = 'https://api.example.com';
const fresh = (humanId = 'u-1') =>
  createDualSubjectToken({
    accessToken: 'access.token.1',
    tokenType: 'Bearer',
    expiresIn: 300,
    scope: 'finance.read',
    issuedAt: Date.now(),
    actAssertion: 'act.assertion.1',
    humanId,
    agentId: 'finance-agent',
  });
const revived = (): DualSubjectToken => JSON.parse(JSON.stringify(fresh()));

function recording() {
  const seen: (string | null)[] = [];
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Headers(init?.headers).get('authorization'));
    return new Response('{"ok":true}', { status: 200 });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const providerOf = (token: () => DualSubjectToken): TokenProvider => ({
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => token(),
});

describe('dualAuthFetch checks the token before sending it', () => {
  const send = (tokenProvider: TokenProvider, fetch: typeof globalThis.fetch) =>
    dualAuthFetch({ resourceMetadata: 'off', origin: MCP, tokenProvider, fetch })(`${MCP}/mcp`, {
      method: 'POST',
      body: '{}',
    });

  it('refuses a token revived from JSON, sending nothing', async () => {
    const mcp = recording();
    // Before: resolved, the server got "Bearer ***REDACTED***".
    await expect(send(providerOf(revived), mcp.fetch)).rejects.toThrow(
      /accessToken is the redaction placeholder: pass the token itself/,
    );
    expect(mcp.seen).toEqual([]);
  });

  it("refuses a token asked for another human than the provider's identity, sending nothing", async () => {
    const mcp = recording();
    await expect(
      send(
        providerOf(() => fresh('u-2')),
        mcp.fetch,
      ),
    ).rejects.toThrow(/identity\.humanId is not the one/);
    expect(mcp.seen).toEqual([]);
  });

  it('sends a token made for the identity', async () => {
    const mcp = recording();
    expect(
      (
        await send(
          providerOf(() => fresh()),
          mcp.fetch,
        )
      ).status,
    ).toBe(200);
    expect(mcp.seen).toEqual(['Bearer access.token.1']);
  });
});

describe('withDualAuthTool checks the token before the tool runs', () => {
  const tool = (token: () => DualSubjectToken, fetch: typeof globalThis.fetch) => {
    let ran = false;
    const wrapped = withDualAuthTool(
      {
        origin: API,
        tokenRequest: { tokenProvider: () => providerOf(token) },
        agentId: 'finance-agent',
        scope: ['finance.read'],
        fetch,
      },
      async (_input: unknown, { callApi }) => {
        ran = true;
        return (await callApi(`${API}/x`)).status;
      },
    );
    return { run: () => runWithAct({ sub: 'u-1' }, () => wrapped({})), ran: () => ran };
  };

  it('refuses a token revived from JSON: the tool never runs, nothing is sent', async () => {
    const api = recording();
    const { run, ran } = tool(revived, api.fetch);
    // Before: 200, the API got "Bearer ***REDACTED***".
    await expect(run()).rejects.toThrow(/redaction placeholder/);
    expect(ran()).toBe(false);
    expect(api.seen).toEqual([]);
  });

  it('refuses a token asked for another human than the one in context', async () => {
    const api = recording();
    const { run } = tool(() => fresh('u-2'), api.fetch);
    await expect(run()).rejects.toThrow(/identity\.humanId is not the one/);
    expect(api.seen).toEqual([]);
  });
});
