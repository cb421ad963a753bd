import { inspect } from 'node:util';
import { type Act, createSubjectToken, SubjectTokenRequiredError } from '@dual-auth/core';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { createRecordingLogger, type LocalIdp, type TestHttpsServer } from '@dual-auth/testing';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalMcp } from '../../test/support/local-mcp.js';
import { actOf as humanOf, tokenExchangeAdapter } from '../../test/support/token-exchange-idp.js';
import { callWhoami, startWhoamiMcp } from '../../test/support/whoami-mcp.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// An MCP client whose agent exchanges the human's token (RFC 8693) at the local IdP, the token
// given per act context: runWithAct(act, fn, { subjectToken }).

const SCOPE = ['finance.read'];
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

let idp: LocalIdp;
let server: TestHttpsServer;
let mcpUrl: URL;
let inSession: InSessionTokenRequest;
/** Requests that reached the MCP endpoint. */
let served = 0;
const logger = createRecordingLogger();

beforeAll(async () => {
  const app = express();
  // The MCP endpoint only: the metadata is read, without credentials, before any token is asked for.
  app.use('/mcp', (_req, _res, next) => {
    served++;
    next();
  });
  ({ server, mcpUrl, idp } = await startWhoamiMcp(app));
  inSession = new InSessionTokenRequest({
    adapter: await tokenExchangeAdapter(idp, 'finance-agent', { logger }),
    logger,
  });
}, 60_000);
afterAll(() => closeLocalMcp({ server, idp }));
beforeEach(() => {
  logger.records.length = 0;
});

const actOf = (username: string): Act => humanOf(idp, username);

/** The human's token from a login to the agent's client: what a token exchange takes. */
const loginOf = (act: Act) => idp.issueSubjectToken({ human: act.sub, audience: 'finance-agent' });

/** One shared fetch, as an agent serving many humans has: the human comes from the context. */
const sharedFetch = () =>
  dualAuthFetch({
    origin: mcpUrl,
    tokenRequest: inSession,
    agentId: 'finance-agent',
    scope: SCOPE,
    fetch: server.fetch,
  });

/** Connects an MCP client through `fetch` and asks the server whom the token names. */
const whoami = (fetch: typeof globalThis.fetch) => callWhoami(fetch, mcpUrl);

/** The subject tokens of the token exchanges the IdP got from request `from` on. */
const exchangedFrom = (from: number) =>
  idp.requests
    .slice(from)
    .filter((r) => r.fields.grant_type === EXCHANGE)
    .map((r) => r.fields.subject_token);

describe("dualAuthFetch with the human's token in the act context (local IdP, token exchange)", () => {
  it("sends the context's token to the IdP's token exchange, and never logs it", async () => {
    const alice = actOf('alice');
    const login = await loginOf(alice);
    const from = idp.requests.length;
    const human = await runWithAct(alice, () => whoami(sharedFetch()), {
      subjectToken: createSubjectToken(login),
    });
    expect(human).toBe(alice.sub);
    const exchanged = exchangedFrom(from);
    expect(exchanged.length).toBeGreaterThan(0);
    expect(new Set(exchanged)).toEqual(new Set([login]));
    expect(inspect(logger.records, { depth: null })).not.toContain(login);
  });

  it("keeps two humans' tokens apart, in concurrent and in nested contexts", async () => {
    const [alice, bob] = [actOf('alice'), actOf('bob')];
    const [aliceLogin, bobLogin] = await Promise.all([loginOf(alice), loginOf(bob)]);
    const send = sharedFetch();
    const from = idp.requests.length;
    const asAlice = { subjectToken: createSubjectToken(aliceLogin) };
    const asBob = { subjectToken: createSubjectToken(bobLogin) };
    const humans = await Promise.all([
      runWithAct(
        alice,
        async () => {
          const outer = await whoami(send);
          const nested = await runWithAct(bob, () => whoami(send), asBob);
          return [outer, nested, await whoami(send)];
        },
        asAlice,
      ),
      runWithAct(bob, () => whoami(send), asBob),
      runWithAct(alice, () => whoami(send), asAlice),
    ]).then((all) => all.flat());
    // The nested context is Bob's, with his token; Alice's outer calls keep hers.
    expect(humans).toEqual([alice.sub, bob.sub, alice.sub, bob.sub, alice.sub]);
    expect(new Set(exchangedFrom(from))).toEqual(new Set([aliceLogin, bobLogin]));
  });

  it('calls a subject-token function on every token request, so a renewed login is exchanged', async () => {
    const alice = actOf('alice');
    const logins = [await loginOf(alice), await loginOf(alice)];
    let current = logins[0] as string;
    const send = sharedFetch();
    const from = idp.requests.length;
    await runWithAct(
      alice,
      async () => {
        await whoami(send);
        current = logins[1] as string;
        await whoami(send);
      },
      { subjectToken: () => createSubjectToken(current) },
    );
    const exchanged = exchangedFrom(from);
    expect(exchanged[0]).toBe(logins[0]);
    expect(exchanged.at(-1)).toBe(logins[1]);
    expect(new Set(exchanged)).toEqual(new Set(logins));
  });

  it("says, without the human's token, to pass it to runWithAct; nothing reaches the IdP or the server", async () => {
    const [from, servedBefore] = [idp.requests.length, served];
    const refused = await runWithAct(actOf('alice'), () => whoami(sharedFetch())).then(
      () => undefined,
      (error: unknown) => error,
    );
    const error = SubjectTokenRequiredError.isInstance(refused)
      ? refused
      : (refused as { cause?: unknown } | undefined)?.cause;
    expect(SubjectTokenRequiredError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/runWithAct\(act, fn, \{ subjectToken \}\)/);
    expect(idp.requests.length).toBe(from);
    expect(served).toBe(servedBefore);
  });
});
