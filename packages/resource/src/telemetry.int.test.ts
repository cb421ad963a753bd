import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InSessionApiCall } from '@dual-auth/client';
import {
  createAdapter,
  createSubjectToken,
  type DualSubjectToken,
  humanIdForLogging,
  type Logger,
  type SubjectToken,
} from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';
import { HybridSender, InSessionTokenRequest, OutOfSessionTokenRequest } from '@dual-auth/session';
import { createRecordingLogger, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { serve } from '@hono/node-server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IdpVendor, idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, headersOf, PLUGINS } from '../test/support/local-idp-scenario.js';
import { runningApp } from '../test/support/running-app.js';
import { recordTelemetry, type TelemetryRecorder } from '../test/support/telemetry-recorder.js';
import { VENDORS } from '../test/support/vendors.js';
import { getDualSubject, withDualAuth } from './fetch/index.js';

const SCOPE = ['finance.read'];
const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateAudit = ajv.compile(
  JSON.parse(readFileSync(require.resolve('@dual-auth/core/audit-event.schema.json'), 'utf8')),
);
const AGENT_ENDPOINT = 'https://agent.example/invoke';
// The stable HTTP semantic conventions' attributes of http.client.request.duration (no url.full).
const HTTP_DURATION_ATTRIBUTES = [
  'http.request.method',
  'server.address',
  'server.port',
  'http.response.status_code',
  'error.type',
];
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/**
 * One run of the scenario: a vendor's adapter in one delegation mode. `exchange`: the standards
 * adapter's RFC 8693 token exchange (the human's own token is exchanged; the API reads the
 * rfc8693 layout), else the act-in-assertion recipe (legacy layout).
 */
interface Case {
  readonly vendor: IdpVendor;
  readonly exchange: boolean;
}
const CASES: readonly (Case & { readonly name: string })[] = [
  ...VENDORS.map((vendor) => ({ name: vendor, vendor, exchange: false })),
  { name: 'oauth act-in-assertion', vendor: 'oauth', exchange: false },
  { name: 'oauth RFC 8693 token exchange', vendor: 'oauth', exchange: true },
];

/** The agent's adapter: the vendor's own, or the standards adapter in token-exchange mode. */
function agentAdapter(idp: LocalIdp, { exchange }: Case) {
  if (!exchange) return adapterFor(idp, 'finance-agent');
  const env = { ...idp.env('finance-agent'), OAUTH_MODE: 'token-exchange' };
  return createAdapter(undefined, { env, plugins: PLUGINS, fetch: idp.fetch });
}

let telemetry: TelemetryRecorder;
beforeAll(() => {
  telemetry = recordTelemetry();
});
afterAll(() => telemetry.stop());
beforeEach(() => telemetry.reset());

async function startApi(
  idp: LocalIdp,
  allowedHuman: string,
  logger: Logger,
  layout: DelegationLayout,
) {
  const handler = withDualAuth(
    (request) => Response.json({ human: getDualSubject(request)?.human.sub }),
    {
      ...idpGuardOptions(idp),
      layout,
      agentAllowed: () => true,
      humanAllowed: ({ subject }) => subject.human.sub === allowedHuman,
      logger,
    },
  );
  const app = await runningApp(serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }));
  return {
    url: `${app.url}/api/balance`,
    close: app.close,
  };
}

describe.each(CASES)('OpenTelemetry, local IdP: $name', (scenario) => {
  let idp: LocalIdp | undefined;
  afterAll(async () => idp?.close());

  it('in-session, out-of-session and resource paths: spans, metrics, and IAM ids only in any attribute', async () => {
    idp = await startLocalIdp({ vendor: scenario.vendor });
    const alice = actOf(idp, 'alice');
    const bob = actOf(idp, 'bob');
    const logger = createRecordingLogger();
    const api = await startApi(idp, alice.sub, logger, scenario.exchange ? 'rfc8693' : 'legacy');
    try {
      const adapter = await agentAdapter(idp, scenario);
      const secrets: string[] = [idp.app.privateKeyPem];
      const secret = idp.env('finance-agent').AGENT_CLIENT_SECRET;
      if (secret) secrets.push(secret);
      // Token exchange: each human's own token, held by the web app's session and exchanged.
      const subjectTokenOf = async (human: string): Promise<{ subjectToken?: SubjectToken }> => {
        if (!scenario.exchange || idp === undefined) return {};
        const value = await idp.issueSubjectToken({ human });
        secrets.push(value);
        return { subjectToken: createSubjectToken(value) };
      };
      const aliceSubject = await subjectTokenOf(alice.sub);
      const bobSubject = await subjectTokenOf(bob.sub);
      for (const act of [alice, bob]) {
        for (const value of [act.email, act.name]) {
          // Entra's act.sub is the UPN, an IAM id that may equal the email.
          if (typeof value === 'string' && value !== act.sub) secrets.push(value);
        }
      }

      // In session: the second request for alice is a cache hit.
      const inSession = new InSessionTokenRequest({ adapter, logger });
      const aliceToken = await inSession.requestToken({
        agentId: 'finance-agent',
        act: alice,
        scope: SCOPE,
        ...aliceSubject,
      });
      await inSession.requestToken({
        agentId: 'finance-agent',
        act: alice,
        scope: SCOPE,
        ...aliceSubject,
      });
      const bobToken = await inSession.requestToken({
        agentId: 'finance-agent',
        act: bob,
        scope: SCOPE,
        ...bobSubject,
      });

      // Out of session: a signed act JWT, verified once; its replay is refused.
      const sender = new HybridSender({
        privateKey: idp.app.privateKeyPem,
        includeEmail: true,
        includeName: true,
      });
      const actJwt = await sender.prepareOutOfSessionAct({
        act: alice,
        agentEndpoint: AGENT_ENDPOINT,
      });
      const outOfSession = new OutOfSessionTokenRequest({
        adapter,
        publicKey: idp.app.publicKeyPem,
        cache: false,
        logger,
      });
      const jwtRequest = {
        actJwt,
        agentId: 'finance-agent',
        scope: SCOPE,
        expectedAudience: AGENT_ENDPOINT,
      };
      // Token exchange: the verified act names the human whose own token came along with it.
      const outToken = scenario.exchange
        ? await outOfSession.requestToken({
            agentId: 'finance-agent',
            act: await outOfSession.receiveAndVerifyActJwt(actJwt, {
              expectedAudience: AGENT_ENDPOINT,
            }),
            scope: SCOPE,
            ...aliceSubject,
          })
        : await outOfSession.requestTokenFromJwt(jwtRequest);
      await expect(outOfSession.requestTokenFromJwt(jwtRequest)).rejects.toMatchObject({
        reason: 'replayed',
      });
      // Three token requests reached the IdP: the cache hit and the replay sent none.
      const grants = idp.requests.map((r) => r.fields.grant_type);
      expect(grants).toHaveLength(3);
      if (scenario.exchange) expect(new Set(grants)).toEqual(new Set([TOKEN_EXCHANGE_GRANT]));

      // Resource: two admissions through the client, a 403 for bob, a 401 for a bad token.
      const client = new InSessionApiCall({ allowInsecureLoopback: true, logger });
      const call = (token: DualSubjectToken, humanId: string) =>
        client.callApi({
          apiUrl: api.url,
          tokenResponse: token,
          identity: { agentId: 'finance-agent', humanId },
          throwHttpErrors: false,
        });
      expect((await call(aliceToken, alice.sub)).status).toBe(200);
      expect((await call(outToken, alice.sub)).status).toBe(200);
      expect((await call(bobToken, bob.sub)).status).toBe(403);
      const forged = await fetch(api.url, {
        headers: headersOf({ ...aliceToken, accessToken: 'not-a-jwt' }),
      });
      expect(forged.status).toBe(401);
      for (const token of [aliceToken, bobToken, outToken]) {
        secrets.push(token.accessToken, ...(token.actAssertion ? [token.actAssertion] : []));
      }
      secrets.push(actJwt);

      const spans = telemetry.spans();
      const named = (name: string) => spans.filter((s) => s.name === name);
      expect(named('dual_auth.token_request')).toHaveLength(3);
      expect(named('dual_auth.token_request')[0]?.attributes).toMatchObject({
        'dual_auth.vendor': adapter.vendor,
        'dual_auth.agent.id': 'finance-agent',
        'dual_auth.human.id': humanIdForLogging(alice),
      });
      const tokenPosts = named('POST');
      expect(tokenPosts.length).toBeGreaterThanOrEqual(3);
      expect(tokenPosts[0]?.kind).toBe(2);
      expect(tokenPosts[0]?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'server.address': new URL(idp.tokenUrl).hostname,
        'http.response.status_code': 200,
      });
      // The cache key holds act.sub alone: a UPN is named by its digest, on the hit too.
      expect(
        named('dual_auth.token_cache.lookup').map((s) => [
          s.attributes['dual_auth.cache.result'],
          s.attributes['dual_auth.agent.id'],
          s.attributes['dual_auth.human.id'],
        ]),
      ).toEqual([
        ['miss', 'finance-agent', humanIdForLogging({ sub: alice.sub })],
        ['hit', 'finance-agent', humanIdForLogging({ sub: alice.sub })],
        ['miss', 'finance-agent', humanIdForLogging({ sub: bob.sub })],
      ]);
      expect(named('dual_auth.act_jwt.verify').map((s) => s.attributes['error.type'])).toEqual([
        undefined,
        'replayed',
      ]);
      const apiCalls = named('GET');
      expect(apiCalls.map((s) => s.attributes['http.response.status_code'])).toEqual([
        200, 200, 403,
      ]);
      expect(apiCalls[0]?.attributes).toMatchObject({
        'url.full': api.url,
        'dual_auth.agent.id': 'finance-agent',
        // The client knows the id it was given (here act.sub): a UPN is logged as its digest.
        'dual_auth.human.id': humanIdForLogging({ sub: alice.sub }),
      });
      const decisions = named('dual_auth.decision');
      expect(
        decisions.map((s) => [
          s.attributes['http.route'],
          s.attributes['http.response.status_code'],
          s.attributes['dual_auth.failed_side'],
        ]),
      ).toEqual([
        // An admission's answer is the app's (the framework's server span): no status here.
        ['/api/balance', undefined, undefined],
        ['/api/balance', undefined, undefined],
        ['/api/balance', 403, 'human'],
        ['/api/balance', 401, 'credentials'],
      ]);
      expect(named('dual_auth.access_token.verify').map((s) => s.attributes['error.type'])).toEqual(
        [undefined, undefined, undefined, 'access_token.malformed'],
      );

      expect(
        await telemetry.count('dual_auth.token.requests', { 'dual_auth.outcome': 'success' }),
      ).toBe(3);
      expect(
        await telemetry.count('dual_auth.token_cache.lookups', { 'dual_auth.cache.result': 'hit' }),
      ).toBe(1);
      expect(
        await telemetry.count('dual_auth.token_cache.lookups', {
          'dual_auth.cache.result': 'miss',
        }),
      ).toBe(2);
      expect(
        await telemetry.count('dual_auth.verification.failures', {
          'dual_auth.credential': 'act_jwt',
          'dual_auth.reason': 'replayed',
        }),
      ).toBe(1);
      expect(
        await telemetry.count('dual_auth.verification.failures', {
          'dual_auth.credential': 'access_token',
          'dual_auth.reason': 'malformed',
        }),
      ).toBe(1);
      expect(await telemetry.count('dual_auth.decisions', { 'dual_auth.decision': 'ALLOW' })).toBe(
        2,
      );
      expect(
        await telemetry.count('dual_auth.decisions', { 'dual_auth.failed_side': 'human' }),
      ).toBe(1);
      expect(
        await telemetry.count('dual_auth.decisions', { 'dual_auth.failed_side': 'credentials' }),
      ).toBe(1);

      // Durations in seconds: one per token-endpoint attempt, per API-call attempt, per decision.
      const durations = (await telemetry.points()).filter((p) => p.name.endsWith('.duration'));
      expect(new Set(durations.map((p) => `${p.name} ${p.unit}`))).toEqual(
        new Set(['http.client.request.duration s', 'dual_auth.decision.duration s']),
      );
      expect(
        durations
          .filter((p) => p.name === 'http.client.request.duration')
          .flatMap((p) => Object.keys(p.attributes))
          .filter((key) => !HTTP_DURATION_ATTRIBUTES.includes(key)),
      ).toEqual([]);
      const httpDurations = (url: string, more: Record<string, unknown>) =>
        telemetry.count('http.client.request.duration', {
          'server.address': new URL(url).hostname,
          'server.port': Number(new URL(url).port),
          ...more,
        });
      expect(await telemetry.count('http.client.request.duration')).toBe(
        tokenPosts.length + apiCalls.length,
      );
      expect(await httpDurations(idp.tokenUrl, { 'http.request.method': 'POST' })).toBe(
        tokenPosts.length,
      );
      expect(await httpDurations(api.url, { 'http.response.status_code': 200 })).toBe(2);
      expect(
        await httpDurations(api.url, { 'http.response.status_code': 403, 'error.type': '403' }),
      ).toBe(1);
      const decisionDurations = (match: Record<string, unknown>) =>
        telemetry.count('dual_auth.decision.duration', match);
      expect(await decisionDurations({ 'dual_auth.decision': 'ALLOW' })).toBe(2);
      expect(await decisionDurations({ 'dual_auth.failed_side': 'human' })).toBe(1);
      expect(await decisionDurations({ 'dual_auth.failed_side': 'credentials' })).toBe(1);

      // One audit event from session, client and resource, each valid against the schema.
      const audits = logger.records
        .filter((r) => r.event === 'dual_auth_decision')
        .map((r) => ({ event: r.event, ...r.fields }) as Record<string, unknown>);
      expect(audits.map((a) => `${a.source}:${a.decision}:${a.reason}`)).toEqual([
        'session:ALLOW:token_issued',
        'session:ALLOW:token_issued',
        'session:ALLOW:token_issued',
        'session:ALLOW:token_issued',
        'session:DENY:act_jwt.replayed',
        'resource:ALLOW:authorized',
        'client:ALLOW:authorized',
        'resource:ALLOW:authorized',
        'client:ALLOW:authorized',
        'resource:DENY:human_not_authorized',
        'client:DENY:http_403',
        'resource:DENY:access_token.malformed',
      ]);
      const invalid = audits.filter((a) => !validateAudit(a)).map((a) => [a, validateAudit.errors]);
      expect(invalid).toEqual([]);
      expect(audits.find((a) => a.source === 'resource')).toMatchObject({
        agent_id: 'finance-agent',
        human_id: humanIdForLogging(alice),
        delegation_chain: ['finance-agent'],
        audience: [idp.audience],
        policy_basis: ['agent:authorized', 'human:authorized'],
      });

      // The leak scan: every attribute of every span, span event and metric point.
      const attributes = [
        ...spans.flatMap((s) => [
          ['span', s.name, s.status.message ?? ''],
          ...Object.entries(s.attributes).map(([k, v]) => [s.name, k, JSON.stringify(v)]),
          ...s.events.flatMap((e) =>
            Object.entries(e.attributes ?? {}).map(([k, v]) => [e.name, k, JSON.stringify(v)]),
          ),
        ]),
        ...audits.flatMap((a) =>
          Object.entries(a).map(([k, v]) => ['audit', k, JSON.stringify(v)]),
        ),
        ...(await telemetry.points()).flatMap((p) =>
          Object.entries(p.attributes).map(([k, v]) => [p.name, k, JSON.stringify(v)]),
        ),
      ];
      expect(attributes.length).toBeGreaterThan(100);
      const leaks = attributes.filter(([, , value]) =>
        secrets.some((s) => value?.includes(s) || value?.includes(s.slice(0, 40))),
      );
      expect(leaks).toEqual([]);
      expect(attributes.filter(([, , v]) => /eyJ[\w-]+\.[\w-]+\.[\w-]*/.test(v ?? ''))).toEqual([]);
      expect(
        attributes.filter(
          ([, , v]) =>
            /[\w.+-]+@[\w-]+\.[\w.]+/.test(v ?? '') &&
            !v?.includes(alice.sub) &&
            !v?.includes(bob.sub),
        ),
      ).toEqual([]);
    } finally {
      await api.close();
    }
  }, 60_000);
});
