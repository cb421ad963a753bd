// The dual-subject path end to end, written only against web standards, run INSIDE each runtime
// that tools/check-runtimes.mjs checks (Bun, Deno, workerd) on the packed packages it installed
// beside this file, once per vendor: Keycloak, Auth0, Okta and a standards-based OAuth server
// (act in the access token) and Entra ID (an act assertion signed with the app key beside the
// token). The agent side gets a token from the vendor's local IdP (its TLS CA trusted by the
// runtime's own means), the API side verifies it with @dual-auth/resource's fetch guard and
// answers the agent and the human it saw. Then the MCP part (runtime-mcp-scenario.mjs), the DPoP
// part (runtime-dpop-scenario.mjs), the agent's typed refusals of a replayed and of an expired
// act JWT, and runWithAct/currentAct on the runtime's own AsyncLocalStorage.
// Every line the packages log meanwhile (their default logger, set here) is summed up in `logs`:
// off Node only Web Crypto digests, so Entra's UPN (alice@contoso.example) must show as `sha256:`.
import { auth0Plugin, auth0TokenProfile } from '@dual-auth/adapter-auth0';
import { entraIdPlugin, entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { oauthPlugin, oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { oktaPlugin, oktaTokenProfile } from '@dual-auth/adapter-okta';
import { InSessionApiCall } from '@dual-auth/client';
import {
  ActVerificationError,
  ConfigurationError,
  createAdapter,
  createDualSubjectToken,
  DualAuthError,
  setDefaultLogger,
} from '@dual-auth/core';
import { agentHasRole, agentHasScope, humanIn } from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import { dualAuth } from '@dual-auth/resource/hono';
import {
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  UserSession,
} from '@dual-auth/session';
import { currentAct, runWithAct } from '@dual-auth/session/context';
import { Hono } from 'hono';
import { BUSY_ONCE_PATH, busyOnce, runOutOfSessionCall } from './runtime-client-scenario.mjs';
import { createDpopApi, DPOP_PATH, runDpop } from './runtime-dpop-scenario.mjs';
import { createMcpApi, MCP_PATHS, mcpMetadata, runMcp } from './runtime-mcp-scenario.mjs';
import { refusedNetAccess } from './runtime-permission-scenario.mjs';

// Counts Web Crypto signature checks, so the output shows which crypto verified the tokens.
let webCryptoVerifies = 0;
const subtleVerify = crypto.subtle.verify;
crypto.subtle.verify = function verify(...args) {
  webCryptoVerifies += 1;
  return subtleVerify.apply(this, args);
};

// The Keycloak API again, behind @dual-auth/resource/hono's middleware.
const HONO_PATH = '/keycloak/hono';

// How each vendor marks the pre-approved agent (the resource README's "Per vendor").
const VENDORS = {
  keycloak: {
    plugin: keycloakPlugin,
    profile: keycloakTokenProfile,
    agent: agentHasRole('FinanceAgent'),
  },
  auth0: {
    plugin: auth0Plugin,
    profile: auth0TokenProfile,
    agent: agentHasScope('read:finance-data'),
  },
  okta: { plugin: oktaPlugin, profile: oktaTokenProfile, agent: agentHasScope('finance.read') },
  entraid: {
    plugin: entraIdPlugin,
    profile: entraIdTokenProfile,
    agent: agentHasRole('FinanceAgent'),
  },
  // A standards-based server (RFC 7523, RFC 9068), the adapter's default client-credentials mode.
  oauth: { plugin: oauthPlugin, profile: oauthTokenProfile, agent: agentHasScope('finance.read') },
};

/**
 * The protected API, `/<vendor>/api` for each vendor of `input.vendors` (what check-runtimes.mjs
 * hands over: each IdP's issuer, audience, JWKS URL and app key): answers 200 with the human only
 * when the agent is the vendor's pre-approved one and the human is in `financeUsers`; the MCP
 * servers at `MCP_PATHS` (`/keycloak/mcp`, `/keycloak/mcp-stream`) with their RFC 9728 metadata. Each answer carries `x-web-crypto-verifies`: the Web Crypto
 * signature checks made while the guard handled it.
 */
export function createApi(input) {
  const guardOptions = (vendor, idp) => ({
    profile: VENDORS[vendor].profile,
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    agentAllowed: VENDORS[vendor].agent,
    humanAllowed: humanIn(idp.financeUsers),
    ...(vendor === 'entraid'
      ? { boundActAssertion: { actAudience: idp.audience, appKeys: idp.appPublicKeyPem } }
      : {}),
  });
  const guards = new Map(
    Object.entries(input.vendors).map(([vendor, idp]) => [
      `/${vendor}/api`,
      withDualAuth(
        (request) => {
          const subject = getDualSubject(request);
          return Response.json({ human: subject?.human.sub, agent: subject?.agent.id });
        },
        guardOptions(vendor, idp),
      ),
    ]),
  );
  // The resource README's Hono middleware, on the runtime's own fetch (no @hono/node-server).
  const hono = new Hono();
  hono.use(HONO_PATH, dualAuth(guardOptions('keycloak', input.vendors.keycloak)));
  hono.get(HONO_PATH, (c) =>
    c.json({ human: c.var.dualSubject.human.sub, agent: c.var.dualSubject.agent.id }),
  );
  guards.set(HONO_PATH, (request) => hono.fetch(request));
  guards.set(DPOP_PATH, createDpopApi(input.vendors.keycloak));
  guards.set(BUSY_ONCE_PATH, busyOnce(guards.get('/keycloak/api')));
  guards.set(MCP_PATHS.refusesGet, createMcpApi(input.vendors.keycloak));
  guards.set(MCP_PATHS.streamsGet, createMcpApi(input.vendors.keycloak, { streamsGet: true }));
  return async (request) => {
    const metadata = mcpMetadata(input.vendors.keycloak, request);
    if (metadata !== undefined) return metadata;
    const guarded = guards.get(new URL(request.url).pathname);
    if (guarded === undefined) return Response.json({ error: 'not_found' }, { status: 404 });
    const before = webCryptoVerifies;
    const response = await guarded(request);
    const headers = new Headers(response.headers);
    headers.set('x-web-crypto-verifies', String(webCryptoVerifies - before));
    return new Response(response.body, { status: response.status, headers });
  };
}

async function answer(response) {
  const body = await response.json();
  return {
    status: response.status,
    human: body.human,
    agent: body.agent,
    error: body.error,
    failedSide: body.failed_side,
    webCryptoVerifies: Number(response.headers.get('x-web-crypto-verifies')),
  };
}

// The events synchronous before any async step, which docs/logging.md lets name an email-shaped
// human `sha256:unavailable` off Node (never the email).
const UNDIGESTED_ALLOWED = new Set(['act_extracted', 'act_prepared_in_session']);

/**
 * Records every line the packages write through their default logger (no `logger` is passed
 * anywhere in the scenario), the API's too where it runs in this isolate. `summary()`: how many
 * lines, the events whose fields hold an `@` (an email), how many human ids are `sha256:` digests,
 * and the events that wrote `sha256:unavailable` where an async step could have prepared it.
 */
function recordLogs() {
  const lines = [];
  const at = (level) => (event, fields) => {
    lines.push({ level, event, fields });
  };
  setDefaultLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
  return {
    summary() {
      const ids = lines.flatMap(({ event, fields }) =>
        [fields?.human_id, fields?.human_oid]
          .filter((id) => typeof id === 'string')
          .map((id) => ({ event, id })),
      );
      return {
        lines: lines.length,
        emails: [
          ...new Set(
            lines.filter((l) => JSON.stringify(l.fields ?? {}).includes('@')).map((l) => l.event),
          ),
        ],
        digests: ids.filter(({ id }) => /^sha256:[0-9a-f]{32}$/.test(id)).length,
        undigested: [
          ...new Set(
            ids
              .filter(
                ({ event, id }) => id === 'sha256:unavailable' && !UNDIGESTED_ALLOWED.has(event),
              )
              .map(({ event }) => event),
          ),
        ],
      };
    },
  };
}

/**
 * The agent side against the API at `apiOrigin` (through `fetch`, the runtime's own unless
 * given), for each vendor in turn. Resolves with what each vendor's API answered.
 */
export async function runScenario(input, apiOrigin, fetch) {
  const logs = recordLogs();
  const results = {};
  for (const [vendor, idp] of Object.entries(input.vendors)) {
    results[vendor] = await runVendor(vendor, idp, `${apiOrigin}/${vendor}/api`, fetch);
  }
  const keycloak = input.vendors.keycloak;
  const adapter = await createAdapter(undefined, { env: keycloak.env, plugins: [keycloakPlugin] });
  results.mcp = await runMcp(keycloak, adapter, apiOrigin, fetch);
  results.actJwtRefusals = await refuseActJwts(keycloak, adapter);
  results.dpop = await runDpop(keycloak, `${apiOrigin}${DPOP_PATH}`, fetch);
  results.actContext = await actContextAcrossAwaits(keycloak);
  results.configFromProcessEnv = await adapterFromProcessEnv();
  results.netRefused = await refusedNetAccess(keycloak);
  results.logs = logs.summary();
  return results;
}

/**
 * One vendor: alice's act goes out of session as an act JWT signed with the app key and verified
 * by the agent, which gets her token from the IdP; bob's in session. Resolves with what the API
 * answered to alice's token, bob's token and alice's token with a tampered signature.
 */
export async function runVendor(vendor, input, apiUrl, fetch) {
  const adapter = await createAdapter(undefined, {
    env: input.env,
    plugins: [VENDORS[vendor].plugin],
  });
  const sender = new HybridSender({ privateKey: input.appPrivateKeyPem });
  const agentEndpoint = 'https://agent.example/invoke';
  const actJwt = await sender.prepareOutOfSessionAct({
    act: sender.extractActFromSession(new UserSession({ userId: input.alice })),
    agentEndpoint,
  });
  const aliceToken = await new OutOfSessionTokenRequest({
    adapter,
    publicKey: input.appPublicKeyPem,
  }).requestTokenFromJwt({
    actJwt,
    agentId: 'finance-agent',
    scope: ['finance.read'],
    expectedAudience: agentEndpoint,
  });
  const bobToken = await new InSessionTokenRequest({ adapter }).requestToken({
    agentId: 'finance-agent',
    act: sender.extractActFromSession(new UserSession({ userId: input.bob })),
    scope: ['finance.read'],
  });
  const [header, payload, signature] = aliceToken.accessToken.split('.');
  const middle = Math.floor(signature.length / 2);
  const flipped = signature[middle] === 'A' ? 'B' : 'A';
  const tamperedToken = createDualSubjectToken({
    accessToken: `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`,
    ...(aliceToken.actAssertion === undefined ? {} : { actAssertion: aliceToken.actAssertion }),
    tokenType: 'Bearer',
    expiresIn: 300,
    issuedAt: Date.now(),
  });

  const api = new InSessionApiCall({ allowInsecureLoopback: true, ...(fetch ? { fetch } : {}) });
  const call = async (tokenResponse) =>
    answer(await api.callApi({ apiUrl, tokenResponse, throwHttpErrors: false }));
  const results = {
    allowed: await call(aliceToken),
    humanRefused: await call(bobToken),
    tampered: await call(tamperedToken),
  };
  if (vendor !== 'keycloak') return results;
  results.outOfSession = await runOutOfSessionCall(
    new URL(BUSY_ONCE_PATH, apiUrl).href,
    { tampered: tamperedToken, alice: aliceToken, bob: bobToken },
    fetch,
  );
  const honoUrl = new URL(HONO_PATH, apiUrl).href;
  const viaHono = async (tokenResponse) =>
    answer(await api.callApi({ apiUrl: honoUrl, tokenResponse, throwHttpErrors: false }));
  return {
    ...results,
    honoAllowed: await viaHono(aliceToken),
    honoRefused: await viaHono(bobToken),
  };
}

/** What a refusal was, as the caller sees it: its class (by `instanceof` too) and reason. */
function refusal(error) {
  return {
    name: error?.name,
    code: error?.code,
    reason: error?.reason,
    instanceOfActVerificationError: error instanceof ActVerificationError,
    isInstance: ActVerificationError.isInstance(error),
  };
}

/**
 * The agent's refusals of act JWTs (the session README's "Verification"): the act JWT it already
 * spent on alice's token, sent again (`replayed`), and one whose `exp` passed (signed by a sender
 * whose clock is 10 minutes behind: `expired`). Each must reject with a typed
 * `ActVerificationError` before any token request.
 */
async function refuseActJwts(input, adapter) {
  const agentEndpoint = 'https://agent.example/invoke';
  const request = new OutOfSessionTokenRequest({ adapter, publicKey: input.appPublicKeyPem });
  const act = new HybridSender({ privateKey: input.appPrivateKeyPem }).extractActFromSession(
    new UserSession({ userId: input.alice }),
  );
  const ask = async (actJwt) => {
    try {
      await request.requestTokenFromJwt({
        actJwt,
        agentId: 'finance-agent',
        scope: ['finance.read'],
        expectedAudience: agentEndpoint,
      });
      return { accepted: true };
    } catch (error) {
      // The message must not carry the act JWT.
      return { ...refusal(error), messageHoldsToken: String(error?.message).includes(actJwt) };
    }
  };
  const fresh = await new HybridSender({
    privateKey: input.appPrivateKeyPem,
  }).prepareOutOfSessionAct({ act, agentEndpoint });
  const first = await ask(fresh);
  const replayed = await ask(fresh);
  const tenMinutesAgo = { now: () => Date.now() - 600_000 };
  const stale = await new HybridSender({
    privateKey: input.appPrivateKeyPem,
    clock: tenMinutesAgo,
  }).prepareOutOfSessionAct({ act, agentEndpoint, ttlSeconds: 60 });
  return { first, replayed, expired: await ask(stale) };
}

/**
 * `runWithAct`/`currentAct` of `@dual-auth/session/context` on the runtime's own
 * `AsyncLocalStorage`: alice's and bob's runs, interleaved, each see their own human after a
 * timer, a promise and a microtask; outside a run there is none. On a runtime without
 * `AsyncLocalStorage` (workerd without `nodejs_compat`: runtime-worker.mjs's older Worker)
 * `runWithAct` must refuse with a typed `ConfigurationError` instead.
 */
async function actContextAcrossAwaits(input) {
  const seen = (sub, delayMs) =>
    runWithAct({ sub }, async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const afterTimer = currentAct()?.sub;
      await Promise.resolve();
      await new Promise((resolve) => queueMicrotask(resolve));
      return [afterTimer, currentAct()?.sub];
    });
  try {
    const [alice, bob] = await Promise.all([seen(input.alice, 30), seen(input.bob, 1)]);
    return { alice, bob, outside: currentAct() ?? null };
  } catch (error) {
    return {
      refused: {
        name: error?.name,
        code: error?.code,
        instanceOfConfigurationError: error instanceof ConfigurationError,
      },
    };
  }
}

/**
 * The README's `createAdapter(undefined, { plugins })`, which reads the process environment: the
 * runtimes run without the agent's variables (and Deno without `--allow-env`), so it must refuse
 * with a typed error whose message says what to do. Resolves with what it threw.
 */
async function adapterFromProcessEnv() {
  try {
    await createAdapter(undefined, { plugins: [keycloakPlugin] });
    return { accepted: true };
  } catch (error) {
    return {
      name: error?.name,
      typed: DualAuthError.isInstance(error),
      variable: error?.variable ?? error?.key,
      message: error?.message,
    };
  }
}
