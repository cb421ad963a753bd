import { type Act, createSubjectToken } from '@dual-auth/core';
import type { DualAuthGuard } from '@dual-auth/resource';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import {
  type LocalIdp,
  startHttpsServer,
  type TestCa,
  type TestHttpsServer,
} from '@dual-auth/testing';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalMcp } from '../../test/support/local-mcp.js';
import { actOf as humanOf, tokenExchangeAdapter } from '../../test/support/token-exchange-idp.js';
import { callWhoami, serveWhoami, startWhoamiMcp } from '../../test/support/whoami-mcp.js';
import { type DualAuthFetchOptions, dualAuthFetch } from './dual-auth-fetch.js';
import { ResourceRefusedError } from './resource-refused-error.js';

// dualAuthFetch reads the MCP server's RFC 9728 metadata before a token goes to it (MCP
// authorization, "Token Audience Binding and Validation"): a real MCP server on loopback TLS, tokens
// from the local IdP by token exchange (RFC 8693).

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

let idp: LocalIdp;
let server: TestHttpsServer;
/** Another origin, serving only the metadata of `/bare/mcp` (a docs host). */
let docs: TestHttpsServer;
let mcpUrl: URL;
/** Every request that reached the server: path, and whether it carried a token. */
const received: { path: string; withToken: boolean }[] = [];
/** The requests of `received` that carried a token. */
const tokensReceived = () => received.filter((r) => r.withToken);
const metadataReads = () => received.filter((r) => r.path.startsWith(WELL_KNOWN)).length;

beforeAll(async () => {
  const app = express();
  app.use((req, _res, next) => {
    received.push({ path: req.path, withToken: req.headers.authorization !== undefined });
    next();
  });
  let guard: DualAuthGuard;
  let ca: TestCa;
  ({ server, mcpUrl, idp, guard, ca } = await startWhoamiMcp(app));
  // An MCP server whose metadata names another resource of the same origin (RFC 9728 §3.3).
  app.get(`${WELL_KNOWN}/impostor/mcp`, (_req, res) => {
    res.json({ resource: mcpUrl.href, authorization_servers: [idp.issuer] });
  });
  serveWhoami(app, '/impostor/mcp', { resourceServerUrl: mcpUrl, guard });
  // An MCP server without metadata (404 there and at the root) that checks the audience itself.
  serveWhoami(app, '/bare/mcp', { resourceServerUrl: mcpUrl, guard });
  // Hostile metadata: 1 MiB of it, or none ever.
  app.get(`${WELL_KNOWN}/huge/mcp`, (_req, res) => {
    res.type('json').send(`{"resource":"${server.url}/huge/mcp","pad":"${'x'.repeat(1 << 20)}"}`);
  });
  app.get(`${WELL_KNOWN}/slow/mcp`, () => {
    // never answers: the server's close() destroys the socket
  });
  // Metadata of /bare/mcp served where only resourceMetadataUrl finds it.
  const bare = () => ({ resource: `${server.url}/bare/mcp`, authorization_servers: [idp.issuer] });
  app.get('/docs/bare.json', (_req, res) => void res.json(bare()));
  app.get('/docs/names-mcp.json', (_req, res) => {
    res.json({ resource: mcpUrl.href, authorization_servers: [idp.issuer] });
  });
  app.get('/docs/moved.json', (_req, res) => void res.redirect(302, '/docs/bare.json'));
  const docsApp = express();
  docsApp.get('/prm/bare.json', (_req, res) => void res.json(bare()));
  docs = await startHttpsServer((req, res) => docsApp(req as never, res as never), { ca });
}, 60_000);
afterAll(async () => {
  await docs?.close();
  await closeLocalMcp({ server, idp });
});
beforeEach(() => {
  received.length = 0;
});

const actOf = (username: string): Act => humanOf(idp, username);

/** A shared fetch for `finance-agent`, its tokens for `audience` (default the IdP's: this server). */
async function agentFetch(
  options: { audience?: string } & Partial<DualAuthFetchOptions> = {},
): Promise<typeof fetch> {
  const { audience, ...rest } = options;
  const inSession = new InSessionTokenRequest({
    adapter: await tokenExchangeAdapter(idp, 'finance-agent', { audience }),
  });
  return dualAuthFetch({
    origin: mcpUrl,
    tokenRequest: inSession,
    agentId: 'finance-agent',
    scope: ['finance.read'],
    fetch: server.fetch,
    ...rest,
  } as DualAuthFetchOptions);
}

/** Connects an MCP client at `url` through `fetch`, as `act`, and asks whom the token names. */
async function whoami(fetch: typeof globalThis.fetch, act: Act, url = mcpUrl): Promise<string> {
  const login = await idp.issueSubjectToken({ human: act.sub, audience: 'finance-agent' });
  return runWithAct(act, () => callWhoami(fetch, url), { subjectToken: createSubjectToken(login) });
}

/** The error `promise` rejects with, unwrapped from the SDK's transport error when wrapped. */
async function refusal(promise: Promise<unknown>): Promise<ResourceRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  const found = error instanceof ResourceRefusedError ? error : (error as Error)?.cause;
  expect(found).toBeInstanceOf(ResourceRefusedError);
  return found as ResourceRefusedError;
}

describe("dualAuthFetch checks the MCP server's protected-resource metadata (RFC 9728)", () => {
  it('calls a server whose metadata names it, with tokens for it (the happy path)', async () => {
    const alice = actOf('alice');
    expect(await whoami(await agentFetch(), alice)).toBe(alice.sub);
    expect(tokensReceived().length).toBeGreaterThan(0);
  });

  it('reads the metadata once for many calls of one fetch, and again after an hour', async () => {
    let nowMs = Date.UTC(2026, 11, 2);
    const send = await agentFetch({ clock: { now: () => nowMs } });
    const [alice, bob] = [actOf('alice'), actOf('bob')];
    await Promise.all([whoami(send, alice), whoami(send, bob), whoami(send, alice)]);
    expect(tokensReceived().length).toBeGreaterThanOrEqual(6);
    expect(metadataReads()).toBe(1);
    nowMs += 60 * 60 * 1000 + 1;
    await whoami(send, bob);
    expect(metadataReads()).toBe(2);
  });

  it('never sends a token issued for another resource: refused after the IdP answers, before the server', async () => {
    const send = await agentFetch({ audience: 'intern-agent' });
    const refused = await refusal(whoami(send, actOf('alice')));
    expect(refused.reason).toBe('token-audience');
    expect(refused.message).toMatch(/set tokenAudience/);
    expect(tokensReceived()).toEqual([]);
  });

  it('sends it when tokenAudience names what the IdP writes for this server (Entra style)', async () => {
    // The server here expects its URL: it refuses the token, but only once it got it.
    const send = await agentFetch({ audience: 'intern-agent', tokenAudience: 'intern-agent' });
    await whoami(send, actOf('alice')).catch(() => undefined);
    expect(tokensReceived().length).toBeGreaterThan(0);
  });

  it('refuses a server whose metadata names another resource, before a token is asked for', async () => {
    const from = idp.requests.length;
    const url = new URL(`${server.url}/impostor/mcp`);
    const refused = await refusal(whoami(await agentFetch(), actOf('alice'), url));
    expect(refused.reason).toBe('resource-mismatch');
    expect(refused.message).toMatch(/RFC 9728 metadata .* names another resource \(§3\.3\)/);
    expect(tokensReceived()).toEqual([]);
    expect(idp.requests.length).toBe(from);
  });

  it("refuses a server without metadata, saying to serve it or set resourceMetadata: 'off'", async () => {
    const url = new URL(`${server.url}/bare/mcp`);
    const refused = await refusal(whoami(await agentFetch(), actOf('alice'), url));
    expect(refused.reason).toBe('no-metadata');
    expect(refused.message).toMatch(/resourceMetadata: 'off'/);
    expect(tokensReceived()).toEqual([]);
  });

  it("calls a server without metadata with resourceMetadata: 'off'", async () => {
    const url = new URL(`${server.url}/bare/mcp`);
    const send = await agentFetch({ resourceMetadata: 'off' });
    const alice = actOf('alice');
    expect(await whoami(send, alice, url)).toBe(alice.sub);
    expect(metadataReads()).toBe(0);
  });

  it('refuses oversized metadata without buffering it, and sends nothing', async () => {
    const url = new URL(`${server.url}/huge/mcp`);
    const refused = await refusal(whoami(await agentFetch(), actOf('alice'), url));
    expect(refused.reason).toBe('unreadable-metadata');
    expect(refused.message).toMatch(/over 65536 bytes/);
    expect(tokensReceived()).toEqual([]);
  });

  it('gives up on metadata that never comes, at resourceMetadataTimeoutMs', async () => {
    const url = new URL(`${server.url}/slow/mcp`);
    const send = await agentFetch({ resourceMetadataTimeoutMs: 300 });
    const refused = await refusal(whoami(send, actOf('alice'), url));
    expect(refused.reason).toBe('unreadable-metadata');
    expect(refused.message).toMatch(/no answer in 300 ms/);
    expect(tokensReceived()).toEqual([]);
  });
});

describe('dualAuthFetch with resourceMetadataUrl (metadata the well-known URLs do not serve)', () => {
  const bareUrl = () => new URL(`${server.url}/bare/mcp`);
  // The IdP writes this server's /mcp into aud; /bare/mcp's guard expects the same.
  const bareFetch = (resourceMetadataUrl: string) =>
    agentFetch({ resourceMetadataUrl, tokenAudience: mcpUrl.href });

  it('reads the metadata where resourceMetadataUrl says, and calls the server it names', async () => {
    const send = await bareFetch(`${server.url}/docs/bare.json`);
    const alice = actOf('alice');
    expect(await whoami(send, alice, bareUrl())).toBe(alice.sub);
    expect(received.filter((r) => r.path.startsWith(WELL_KNOWN))).toEqual([]);
    expect(received.filter((r) => r.path === '/docs/bare.json')).toHaveLength(1);
  });

  it('reads it on another HTTPS origin too: the caller chose it', async () => {
    const send = await bareFetch(`${docs.url}/prm/bare.json`);
    const alice = actOf('alice');
    expect(await whoami(send, alice, bareUrl())).toBe(alice.sub);
  });

  it('refuses a document there that names another resource (§3.3), before a token is asked for', async () => {
    const from = idp.requests.length;
    const send = await bareFetch(`${server.url}/docs/names-mcp.json`);
    const refused = await refusal(whoami(send, actOf('alice'), bareUrl()));
    expect(refused.reason).toBe('resource-mismatch');
    expect(tokensReceived()).toEqual([]);
    expect(idp.requests.length).toBe(from);
  });

  it('refuses a redirect there, and a URL with nothing at it, naming the option', async () => {
    const moved = await refusal(
      whoami(await bareFetch(`${server.url}/docs/moved.json`), actOf('alice'), bareUrl()),
    );
    expect(moved.reason).toBe('unreadable-metadata');
    expect(moved.message).toMatch(/resourceMetadataUrl .* redirects/);
    const missing = await refusal(
      whoami(await bareFetch(`${server.url}/docs/none.json`), actOf('alice'), bareUrl()),
    );
    expect(missing.reason).toBe('no-metadata');
    expect(missing.message).toMatch(/at resourceMetadataUrl/);
    expect(received.filter((r) => r.path === '/docs/bare.json')).toEqual([]);
    expect(tokensReceived()).toEqual([]);
  });

  it("refuses at creation a non-HTTPS resourceMetadataUrl, or one with resourceMetadata: 'off'", async () => {
    await expect(bareFetch('http://docs.example.com/prm.json')).rejects.toMatchObject({
      name: 'ConfigurationError',
    });
    await expect(
      agentFetch({ resourceMetadataUrl: `${docs.url}/prm/bare.json`, resourceMetadata: 'off' }),
    ).rejects.toThrow(
      new TypeError("options.resourceMetadataUrl needs resourceMetadata: 'require'"),
    );
  });
});
