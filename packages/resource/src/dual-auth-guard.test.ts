import { generateKeyPairSync } from 'node:crypto';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import {
  ConfigurationError,
  type DelegationCutoffStore,
  type ReplayStore,
  StoreUnavailableError,
} from '@dual-auth/core';
import { exportSPKI } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { manualSleep } from '../test/support/manual-sleep.js';
import {
  ACT_AUDIENCE,
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  HUMAN,
  type JwksServer,
  type SigningKey,
  startJwksServer,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import {
  AGENT_RULE,
  HUMAN_ID,
  recordingLogger,
  scenarioGuardOptions,
} from '../test/support/vendor-scenario.js';
import { VENDORS, type Vendor } from '../test/support/vendors.js';
import { cachedCheck } from './cached-check.js';
import {
  createDualAuthGuard,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import type { GuardAdmission } from './guard-decision.js';
import { dualAuth as honoDualAuth } from './hono/index.js';
import { humanHasRole } from './subject-checks.js';

let idpKey: SigningKey;
let appKey: SigningKey;
let appPem: string;
let jwks: JwksServer;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(async () => {
  appKey = await createSigningKey('app');
  appPem = await exportSPKI(appKey.publicKey);
});

function guardFor(vendor: Vendor, extra: Partial<DualAuthGuardOptions> = {}) {
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const onDecision = (event: DualAuthAuditEvent) => {
    audits.push(event);
  };
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions(vendor, { jwks, appPem, onDecision }),
    logger,
    ...extra,
  });
  return { guard, logger, audits };
}

async function request(
  vendor: Vendor,
  claims: Record<string, unknown> = {},
  assertionClaims: Record<string, unknown> = {},
): Promise<Request> {
  const headers = new Headers({
    authorization: `Bearer ${await accessToken(vendor, idpKey, claims)}`,
  });
  if (vendor === 'entraid')
    headers.set('x-act-assertion', await actAssertion(appKey, assertionClaims));
  return new Request('https://api.example.test/accounts/42?email=alice@example.com', { headers });
}

const otherHuman = (vendor: Vendor) =>
  vendor === 'entraid' ? {} : { act: { sub: 'intruder-9', email: 'mallory@example.com' } };
const INTRUDER_OID = '00000000-0000-0000-0000-00000000a119';
const otherHumanAssertion = (vendor: Vendor) =>
  vendor === 'entraid' ? { act: { ...ENTRA_HUMAN, sub: 'intruder-9', oid: INTRUDER_OID } } : {};

describe.each(VENDORS)('guard, %s: the four-row matrix', (vendor) => {
  it('agent ok, human ok → ALLOW', async () => {
    const { guard, audits, logger } = guardFor(vendor);
    const decision = await guard.checkRequest(await request(vendor));
    expect(decision.decision).toBe('ALLOW');
    expect(decision.subject?.human.sub).toBe(HUMAN_ID[vendor]);
    expect(audits).toEqual([
      {
        event: 'dual_auth_decision',
        audit_version: 1,
        source: 'resource',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        decision: 'ALLOW',
        status: 200,
        vendor,
        route: '/accounts/:redacted',
        method: 'GET',
        agent_id: VENDOR_SETUP[vendor].agentId,
        identities: 'verified',
        // Entra's sub is a UPN (an email): the record names the human by the object id.
        human_id: vendor === 'entraid' ? ENTRA_HUMAN.oid : HUMAN_ID[vendor],
        human_oid: vendor === 'entraid' ? ENTRA_HUMAN.oid : null,
        delegation_chain: [VENDOR_SETUP[vendor].agentId],
        audience: [expect.any(String)],
        scope: expect.any(Array),
        failed_side: null,
        reason: 'authorized',
        policy_basis: ['agent:authorized', 'human:authorized'],
      },
    ]);
    expect(logger.events.map((e) => `${e.level}:${e.event}`)).toEqual(['info:dual_auth_decision']);
  });

  it('agent not ok, human ok → DENY (agent)', async () => {
    const { guard, audits } = guardFor(vendor);
    const decision = await guard.checkRequest(await request(vendor, AGENT_RULE[vendor].revoke));
    expect(decision).toMatchObject({
      decision: 'DENY',
      status: 403,
      body: { failed_side: 'agent' },
    });
    expect(audits[0]).toMatchObject({
      decision: 'DENY',
      failed_side: 'agent',
      reason: 'agent_not_authorized',
    });
  });

  it('agent ok, human not ok → DENY (human)', async () => {
    const { guard, audits } = guardFor(vendor);
    const decision = await guard.checkRequest(
      await request(vendor, otherHuman(vendor), otherHumanAssertion(vendor)),
    );
    expect(decision).toMatchObject({
      decision: 'DENY',
      status: 403,
      body: { failed_side: 'human' },
    });
    expect(audits[0]).toMatchObject({
      failed_side: 'human',
      human_id: vendor === 'entraid' ? INTRUDER_OID : 'intruder-9',
    });
  });

  it('agent not ok, human not ok → DENY (both), with an insufficient_scope challenge', async () => {
    const { guard } = guardFor(vendor);
    const decision = await guard.checkRequest(
      await request(
        vendor,
        { ...AGENT_RULE[vendor].revoke, ...otherHuman(vendor) },
        otherHumanAssertion(vendor),
      ),
    );
    expect(decision).toMatchObject({
      decision: 'DENY',
      status: 403,
      body: { failed_side: 'both' },
    });
    if (decision.decision !== 'DENY') throw new Error('unreachable');
    expect(decision.headers['www-authenticate']).toMatch(
      /^Bearer realm="finance", error="insufficient_scope"/,
    );
  });

  it('forged, expired and wrong-audience tokens → 401 invalid_token', async () => {
    const { guard, audits } = guardFor(vendor);
    const forger = await createSigningKey('idp');
    const forged = new Headers({ authorization: `Bearer ${await accessToken(vendor, forger)}` });
    const cases = [
      new Request('https://api.example.test/a', { headers: forged }),
      await request(vendor, { iat: 1, nbf: 1, exp: 2 }),
      await request(vendor, { aud: 'https://someone-else' }),
    ];
    for (const req of cases) {
      const decision = await guard.checkRequest(req);
      expect(decision.status).toBe(401);
      if (decision.decision !== 'DENY') throw new Error('unreachable');
      expect(decision.headers['www-authenticate']).toMatch(
        /^Bearer realm="finance", error="invalid_token"/,
      );
      expect(decision.body.error).toBe('invalid_token');
    }
    expect(audits.map((a) => a.reason)).toEqual([
      'access_token.bad_signature',
      'access_token.expired',
      'access_token.wrong_audience',
    ]);
    expect(audits.every((a) => a.failed_side === 'credentials' && a.agent_id === null)).toBe(true);
  });

  it('no credentials → 401 with a bare challenge (RFC 6750 §3.1)', async () => {
    const { guard, audits } = guardFor(vendor);
    const decision = await guard.checkRequest(new Request('https://api.example.test/a'));
    expect(decision.status).toBe(401);
    if (decision.decision !== 'DENY') throw new Error('unreachable');
    expect(decision.headers['www-authenticate']).toBe('Bearer realm="finance"');
    expect(audits[0]?.reason).toBe('access_token.missing_claim');
  });
});

describe('guard: the human must come with the token', () => {
  it.each(VENDORS.filter((v) => v !== 'entraid'))(
    '%s: a token without act → 401 naming act',
    async (vendor) => {
      const { guard } = guardFor(vendor);
      const decision = await guard.checkRequest(await request(vendor, { act: undefined }));
      expect(decision.status).toBe(401);
      if (decision.decision !== 'DENY') throw new Error('unreachable');
      expect(decision.body.error_description).toMatch(/no "act" claim/);
      expect(decision.headers['www-authenticate']).toMatch(
        /error_description="Access token has no 'act' claim/,
      );
    },
  );

  it('entraid: missing, foreign, mismatched and expired assertions → 401', async () => {
    const { guard, audits } = guardFor('entraid');
    const token = `Bearer ${await accessToken('entraid', idpKey)}`;
    const foreignApp = await createSigningKey('app');
    const assertions = [
      undefined,
      await actAssertion(foreignApp),
      await actAssertion(appKey, { iss: 'other-app', sub: 'other-app' }),
      await actAssertion(appKey, { iat: 1, exp: 2 }),
    ];
    for (const assertion of assertions) {
      const headers = new Headers({ authorization: token });
      if (assertion) headers.set('x-act-assertion', assertion);
      const decision = await guard.checkRequest(
        new Request('https://api.example.test/a', { headers }),
      );
      expect(decision.status).toBe(401);
    }
    expect(audits.map((a) => a.reason)).toEqual([
      'act_assertion.missing_claim',
      'act_assertion.bad_signature',
      'act_assertion.binding_mismatch',
      'act_assertion.expired',
    ]);
  });

  it('entraid: one token + assertion pair serves several calls (cache, retries)', async () => {
    const { guard } = guardFor('entraid');
    const req = await request('entraid');
    const again = () => new Request(req.url, { headers: req.headers });
    expect((await guard.checkRequest(req)).status).toBe(200);
    expect((await guard.checkRequest(again())).status).toBe(200);
    expect((await guard.checkRequest(again())).status).toBe(200);
  });

  it("entraid: an assertion once used is refused with any other token, even its own agent's", async () => {
    const { guard } = guardFor('entraid');
    const assertion = await actAssertion(appKey);
    const send = async (token: string) =>
      guard.checkRequest(
        new Request('https://api.example.test/a', {
          headers: { authorization: `Bearer ${token}`, 'x-act-assertion': assertion },
        }),
      );
    expect((await send(await accessToken('entraid', idpKey))).status).toBe(200);
    const replay = await send(await accessToken('entraid', idpKey, { uti: 'another-token' }));
    expect(replay.status).toBe(401);
    expect(replay.audit.reason).toBe('act_assertion.replayed');
    if (replay.decision !== 'DENY') throw new Error('expected a denial');
    // The refusal says what to do, in the body and in a valid RFC 6750 quoted-string.
    const remedy =
      'Act assertion was already used with another access token (replayed "jti"): each act assertion goes with one access token; sign a new one with each new token';
    expect(replay.body).toMatchObject({ error_description: remedy });
    expect(replay.headers['www-authenticate']).toContain(
      `error_description="${remedy.replace(/"/g, "'")}"`,
    );
    expect(replay.headers['www-authenticate']).toMatch(/ error_description="[^"\\]*"$/);
  });
});

/** An okta admission from `check` with `reportsStatus`, so its record waits for the status. */
async function admittedReportingStatus(guard: DualAuthGuard): Promise<GuardAdmission> {
  const decision = await guard.check({
    authorization: (await request('okta')).headers.get('authorization'),
    actAssertion: null,
    method: 'GET',
    route: '/accounts/:id',
    reportsStatus: true,
  });
  if (decision.decision !== 'ALLOW') throw new Error('expected an admission');
  return decision;
}

describe('guard: an admission audited with the status the app answered', () => {
  it('reportsStatus: no record until recordStatus, then one with that status', async () => {
    const { guard, audits, logger } = guardFor('okta');
    const decision = await admittedReportingStatus(guard);
    expect(audits).toEqual([]);
    expect(decision.audit.status).toBeNull();
    await decision.recordStatus(404);
    await decision.recordStatus(200);
    expect(audits).toEqual([{ ...decision.audit, status: 404 }]);
    expect(logger.events.map((e) => `${e.level}:${e.event}`)).toEqual(['info:dual_auth_decision']);
  });

  it('reportsStatus: null when nothing was answered; a status out of range → TypeError', async () => {
    const { guard, audits } = guardFor('okta');
    const decision = await admittedReportingStatus(guard);
    await expect(decision.recordStatus(42)).rejects.toThrow(
      'recordStatus: status must be an HTTP status code (100-599) or null',
    );
    await decision.recordStatus(null);
    expect(audits.map((event) => event.status)).toEqual([null]);
  });

  it('without reportsStatus the record is written at decision time, recordStatus does nothing', async () => {
    const { guard, audits } = guardFor('okta');
    const decision = await guard.checkRequest(await request('okta'));
    if (decision.decision !== 'ALLOW') throw new Error('expected an admission');
    await decision.recordStatus(500);
    expect(audits.map((event) => event.status)).toEqual([200]);
  });
});

/**
 * The one answer to a human check that threw `errorClass` (or timed out: `TimeoutError`): 503 with
 * Retry-After, one audit record and one log event naming the error's class only.
 */
function expectHumanUnavailable(
  decision: unknown,
  audits: DualAuthAuditEvent[],
  logger: ReturnType<typeof recordingLogger>,
  errorClass: string,
): void {
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 503,
    headers: { 'retry-after': '5' },
    body: { error: 'temporarily_unavailable' },
  });
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({
    decision: 'DENY',
    status: 503,
    failed_side: 'human',
    reason: 'human_check_unavailable',
    human_id: HUMAN_ID.okta,
    policy_basis: ['agent:authorized', `human:check_failed ${errorClass}`],
  });
  expect(logger.events.find((e) => e.event === 'dual_auth_check_failed')?.fields).toMatchObject({
    side: 'human',
    error_type: errorClass,
  });
}

describe('guard: failures of its dependencies', () => {
  it('JWKS unreachable → 503, no challenge', async () => {
    const down = await startJwksServer([]);
    down.down = true;
    try {
      const { guard, audits } = guardFor('okta', { jwksUri: down.url, fetch: down.server.fetch });
      const decision = await guard.checkRequest(await request('okta'));
      expect(decision.status).toBe(503);
      if (decision.decision !== 'DENY') throw new Error('unreachable');
      expect(decision.headers['www-authenticate']).toBeUndefined();
      expect(decision.headers['retry-after']).toBe('5');
      expect(audits[0]?.reason).toBe('access_token.key_unavailable');
    } finally {
      await down.close();
    }
  });

  it('replay store down → 503 verification_unavailable, logged by error type only', async () => {
    const broken: ReplayStore = {
      claim: () => Promise.reject(new Error('redis: connection refused to secret-host')),
    };
    const { guard, logger, audits } = guardFor('entraid', {
      boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: appPem, replayStore: broken },
    });
    const decision = await guard.checkRequest(await request('entraid'));
    expect(decision).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(audits[0]?.reason).toBe('verification_unavailable');
    expect(logger.events[0]).toEqual({
      level: 'error',
      event: 'dual_auth_verification_unavailable',
      fields: { error_type: 'Error' },
    });
  });

  // Own options: a replayStore that boundActAssertion inherits is never the guard's. From a
  // polluted Object.prototype it is ignored (the guard claims in its own in-memory store); from a
  // prototype of the caller's own it is refused at creation, as it would be ignored.
  it('claims in its own replay store, not one boundActAssertion inherits', async () => {
    const inherited = vi.fn<ReplayStore['claim']>(() => Promise.reject(new Error('not mine')));
    const decision = await polluted({ replayStore: { claim: inherited } }, async () => {
      const bound = { actAudience: ACT_AUDIENCE, appKeys: appPem };
      const { guard } = guardFor('entraid', { boundActAssertion: bound });
      return guard.checkRequest(await request('entraid'));
    });
    expect(decision).toMatchObject({ decision: 'ALLOW' });
    expect(inherited).not.toHaveBeenCalled();
    const own = Object.assign(Object.create({ replayStore: { claim: inherited } }), {
      actAudience: ACT_AUDIENCE,
      appKeys: appPem,
    });
    expect(() => guardFor('entraid', { boundActAssertion: own })).toThrow(
      'createDualAuthGuard: boundActAssertion: replayStore is inherited, not an own property',
    );
  });

  it('shared replay store not answering → 503 act_assertion.replay_store_unavailable', async () => {
    const down: ReplayStore = {
      claim: () => Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer')),
    };
    const { guard, audits } = guardFor('entraid', {
      boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: appPem, replayStore: down },
    });
    const decision = await guard.checkRequest(await request('entraid'));
    expect(decision).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: 'temporarily_unavailable' },
    });
    expect(audits[0]?.reason).toBe('act_assertion.replay_store_unavailable');
  });

  // A store stalled for good (Redis stopped: the connection open, nothing answered); the client
  // goes away while the guard waits for it.
  it('shared replay store not answering, client gone → the claim is not waited for: 503 act_assertion.replay_store_unavailable', async () => {
    const client = new AbortController();
    const stalled: ReplayStore = {
      claim: () => {
        client.abort(new DOMException('the client went away', 'AbortError'));
        return new Promise<never>(() => undefined);
      },
    };
    const { guard, audits } = guardFor('entraid', {
      boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: appPem, replayStore: stalled },
    });
    const decision = await guard.checkRequest(
      new Request(await request('entraid'), { signal: client.signal }),
    );
    expect(decision).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(audits[0]?.reason).toBe('act_assertion.replay_store_unavailable');
  });

  it('cut-off store not answering, client gone → the read is not waited for: 503 access_token.cutoff_store_unavailable', async () => {
    const client = new AbortController();
    const stalled: DelegationCutoffStore = {
      endDelegation: async () => undefined,
      cutoffOf: () => {
        client.abort(new DOMException('the client went away', 'AbortError'));
        return new Promise<never>(() => undefined);
      },
    };
    const { guard, audits } = guardFor('okta', { cutoffStore: stalled });
    const decision = await guard.checkRequest(
      new Request(await request('okta'), { signal: client.signal }),
    );
    expect(decision).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(audits[0]?.reason).toBe('access_token.cutoff_store_unavailable');
  });

  it('a human lookup that throws → 503 human_check_unavailable (retryable), audited and logged by error class', async () => {
    const { guard, logger, audits } = guardFor('okta', {
      humanAllowed: () => Promise.reject(new TypeError('lookup of alice@example.com failed')),
    });
    const decision = await guard.checkRequest(await request('okta'));
    expectHumanUnavailable(decision, audits, logger, 'TypeError');
    expect(JSON.stringify(audits)).not.toContain('alice@example.com');
    expect(JSON.stringify(logger.events)).not.toContain('alice@example.com');
  });

  it('a human lookup that never settles → 503 human_check_unavailable with Retry-After at the (injected) deadline, its signal aborted, audited and logged as a TimeoutError', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const signals: AbortSignal[] = [];
    const { guard, logger, audits } = guardFor('okta', {
      checkTimeoutMs: 4_000,
      sleep,
      // As `directory.rolesOf(human.sub)` without a timeout, deaf to its signal.
      humanAllowed: humanHasRole('FinanceUser', ({ signal }) => {
        if (signal !== undefined) signals.push(signal);
        return new Promise<readonly string[]>(() => {});
      }),
    });
    const pending = guard.checkRequest(await request('okta'));
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(waits.map((wait) => wait.ms)).toEqual([4_000]);
    elapse();
    expectHumanUnavailable(await pending, audits, logger, 'TimeoutError');
    expect(signals[0]?.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('cachedCheck: a lookup that outlasts the deadline is not cached; its key stays held until it settles, every request answered 503 at its own deadline meanwhile', async () => {
    const { sleep, waits } = manualSleep();
    let lookups = 0;
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { guard, audits } = guardFor('okta', {
      sleep,
      humanAllowed: cachedCheck(
        // Deaf to its signal: the stuck directory call the deadline guards against.
        humanHasRole('FinanceUser', async () => {
          lookups++;
          await answered;
          return ['FinanceUser'];
        }),
        { ttlMs: 60_000, key: 'human' },
      ),
    });
    const plain = await request('okta');
    for (const i of [0, 1]) {
      const pending = guard.checkRequest(new Request(plain));
      await vi.waitFor(() => expect(waits).toHaveLength(i + 1));
      waits[i]?.end();
      expect(await pending).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    }
    // The second request did not start a lookup beside the stuck one.
    expect(lookups).toBe(1);
    release();
    // The stuck answer came for nobody: not cached, so the next request looks up afresh.
    expect((await guard.checkRequest(new Request(plain))).status).toBe(200);
    expect(lookups).toBe(2);
    expect(audits.map((audit) => audit.reason)).toEqual([
      'human_check_unavailable',
      'human_check_unavailable',
      'authorized',
    ]);
  });

  it('takes an onDecision returning anything, and awaits one returning a promise', async () => {
    const pushed: DualAuthAuditEvent[] = [];
    const returnsNumber = guardFor('okta', { onDecision: (event) => pushed.push(event) });
    await returnsNumber.guard.checkRequest(await request('okta'));
    expect(pushed.map((event) => event.decision)).toEqual(['ALLOW']);
    const stored: string[] = [];
    const returnsPromise = guardFor('okta', {
      onDecision: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return stored.push(event.decision);
      },
    });
    await returnsPromise.guard.checkRequest(await request('okta'));
    expect(stored).toEqual(['ALLOW']);
  });

  it('a check that throws → 503 with Retry-After: 5, through the fetch middleware too; a refusal has none', async () => {
    const down = () => Promise.reject(new Error('directory down'));
    const { guard } = guardFor('okta', { humanAllowed: down });
    const decision = await guard.checkRequest(await request('okta'));
    expect(decision).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    const handler = withDualAuth(() => new Response('ok'), {
      ...scenarioGuardOptions('okta', { jwks, appPem, onDecision: () => {} }),
      humanAllowed: down,
    });
    const response = await handler(await request('okta'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const refused = await guardFor('okta', { humanAllowed: () => false }).guard.checkRequest(
      await request('okta'),
    );
    expect(refused.status).toBe(403);
    expect(refused.decision === 'DENY' && refused.headers).not.toHaveProperty('retry-after');
  });

  it('an agent check that throws → 503 agent_check_unavailable; a refused human still gets 403', async () => {
    const down = () => Promise.reject(new Error('policy service down'));
    const unavailable = await guardFor('okta', { agentAllowed: down }).guard.checkRequest(
      await request('okta'),
    );
    expect(unavailable).toMatchObject({
      status: 503,
      audit: { reason: 'agent_check_unavailable' },
    });
    const refused = await guardFor('okta', {
      agentAllowed: down,
      humanAllowed: () => false,
    }).guard.checkRequest(await request('okta'));
    expect(refused).toMatchObject({
      status: 403,
      body: { failed_side: 'human' },
      audit: {
        reason: 'human_not_authorized',
        policy_basis: ['agent:check_failed Error', 'human:not_authorized'],
      },
    });
  });

  it('a request its client aborts during the human lookup is audited request_aborted (status null), not a DENY of the human', async () => {
    let lookupStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      lookupStarted = resolve;
    });
    const { guard, logger, audits } = guardFor('okta', {
      humanAllowed: ({ signal }) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          lookupStarted();
        }),
    });
    const client = new AbortController();
    const plain = await request('okta');
    const pending = guard.checkRequest(new Request(plain, { signal: client.signal }));
    await started;
    client.abort(new DOMException('client left', 'AbortError'));
    const decision = await pending;
    expect(decision.decision).toBe('DENY');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      decision: 'DENY',
      reason: 'request_aborted',
      failed_side: 'human',
      status: null,
      policy_basis: ['agent:authorized', 'human:check_aborted'],
    });
    expect(logger.events.map((e) => e.event)).not.toContain('dual_auth_check_failed');
  });

  it('5 concurrent requests for one human through cachedCheck, the first aborted by its client: the 4 others are admitted, after one lookup', async () => {
    let lookups = 0;
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const audits: DualAuthAuditEvent[] = [];
    const cached = cachedCheck(
      humanHasRole('FinanceUser', async ({ signal }) => {
        lookups++;
        await new Promise<void>((resolve, reject) => {
          void answered.then(resolve);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        return ['FinanceUser'];
      }),
      { ttlMs: 60_000, key: 'human' },
    );
    // Requests that reached the human check. The lookup's own signal aborts once every request
    // waiting for it has gone: the abort below must come after all five wait for it, or (on a
    // loaded machine, the others still verifying their tokens) it ends a lookup only the first
    // waited for, and the others rightly start a second one.
    let waiting = 0;
    const handler = withDualAuth(() => new Response('ok'), {
      ...scenarioGuardOptions('okta', {
        jwks,
        appPem,
        onDecision: (event) => {
          audits.push(event);
        },
      }),
      humanAllowed: (context) => {
        waiting++;
        return cached(context);
      },
    });
    const plain = await request('okta');
    const leaving = new AbortController();
    const responses = Array.from({ length: 5 }, (_, i) =>
      handler(new Request(plain, i === 0 ? { signal: leaving.signal } : {})),
    );
    await vi.waitFor(() => expect(waiting).toBe(5));
    expect(lookups).toBe(1);
    leaving.abort(new DOMException('client left', 'AbortError'));
    await vi.waitFor(() => expect(audits).toHaveLength(1));
    release();
    const statuses = await Promise.all(responses.map(async (r) => (await r).status));
    expect(statuses.slice(1)).toEqual([200, 200, 200, 200]);
    expect(lookups).toBe(1);
    expect(audits.filter((a) => a.reason === 'request_aborted')).toHaveLength(1);
    expect(audits.filter((a) => a.reason === 'authorized')).toHaveLength(4);
  });

  it('20 requests for one human through cachedCheck, each aborted by its client while a lookup deaf to its signal runs: one lookup at a time', async () => {
    let reached = 0;
    let lookups = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const cached = cachedCheck(
      // As `async ({ human }) => directory.rolesOf(human.sub)`: the signal is not passed on.
      humanHasRole('FinanceUser', async () => {
        lookups++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await answered;
        inFlight--;
        return ['FinanceUser'];
      }),
      { ttlMs: 60_000, key: 'human' },
    );
    const handler = withDualAuth(() => new Response('ok'), {
      ...scenarioGuardOptions('okta', { jwks, appPem, onDecision: () => {} }),
      humanAllowed: (state) => {
        reached++;
        return cached(state);
      },
    });
    const plain = await request('okta');
    for (let i = 0; i < 20; i++) {
      const leaving = new AbortController();
      const response = handler(new Request(plain, { signal: leaving.signal }));
      await vi.waitFor(() => expect(reached).toBe(i + 1), { timeout: 10_000 });
      leaving.abort(new DOMException('client left', 'AbortError'));
      await response;
    }
    expect(lookups).toBe(1);
    release();
    await vi.waitFor(() => expect(inFlight).toBe(0), { timeout: 10_000 });
    expect((await handler(new Request(plain))).status).toBe(200);
    expect(maxInFlight).toBe(1);
    expect(lookups).toBe(2);
  });

  it('an audit callback that throws does not change the decision', async () => {
    const { guard, logger } = guardFor('okta', {
      onDecision: () => {
        throw new Error('audit sink down');
      },
    });
    expect((await guard.checkRequest(await request('okta'))).decision).toBe('ALLOW');
    expect(logger.events.map((e) => e.event)).toContain('dual_auth_audit_failed');
  });
});

describe('guard: audit and logs never hold a token, an email or a name', () => {
  it.each(VENDORS)('%s', async (vendor) => {
    const { guard, logger, audits } = guardFor(vendor);
    const reqs = [
      await request(vendor),
      await request(vendor, otherHuman(vendor)),
      await request(vendor, { aud: 'x' }),
    ];
    const tokens = reqs.map((r) => r.headers.get('authorization')?.slice(7) ?? '');
    for (const req of reqs) await guard.checkRequest(req);
    const text = JSON.stringify([audits, logger.events]);
    for (const secret of [
      HUMAN.email,
      HUMAN.name,
      ENTRA_HUMAN.email,
      'mallory@example.com',
      ...tokens,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe.each([
  ['DUAL_AUTH_LOG', { DUAL_AUTH_LOG: 'jsn' }],
  ['DUAL_AUTH_LOG_LEVEL', { DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }],
])('a typo in %s, no logger given', (variable, env) => {
  const options = () => scenarioGuardOptions('okta', { jwks, appPem, onDecision: () => {} });
  it.each([
    ['createDualAuthGuard', () => createDualAuthGuard(options())],
    ['express dualAuth', () => expressDualAuth(options())],
    ['fastify dualAuth', () => fastifyDualAuth(options())],
    ['hono dualAuth', () => honoDualAuth(options())],
    ['withDualAuth', () => withDualAuth(() => new Response(), options())],
  ])('fails %s at creation with a ConfigurationError naming it', (_, build) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(expect.objectContaining({ variable }));
  });
});

describe('createDualAuthGuard options', () => {
  it.each([
    ['no checks', { agentAllowed: undefined }],
    ['both keys and jwksUri', { keys: 'x' }],
    ['no profile', { profile: undefined }],
    ['an HMAC algorithm', { algorithms: ['HS256'] }],
    ['a non-function onDecision', { onDecision: 'log' }],
    ['checkTimeoutMs in seconds', { checkTimeoutMs: 10 }],
    ['a non-function sleep', { sleep: 10_000 }],
  ])('%s → TypeError at creation', (_name, bad) => {
    expect(() => guardFor('okta', bad as never)).toThrow(TypeError);
  });

  it('neither keys, jwksUri nor introspection → a TypeError naming all three', () => {
    expect(() =>
      guardFor('okta', { keys: undefined, jwksUri: undefined, introspection: undefined } as never),
    ).toThrow(
      new TypeError(
        'Give options.keys or options.jwksUri (JWT access tokens), or options.introspection (opaque tokens), or both',
      ),
    );
  });

  it('PEM keys holding an RSA-PSS (id-RSASSA-PSS) key → ConfigurationError at creation, saying which key to give', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const keys = pss.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => guardFor('okta', { keys, jwksUri: undefined } as never)).toThrow(
      new ConfigurationError({
        message:
          'options.keys holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)',
      }),
    );
    expect(guardFor('okta', { keys: appPem, jwksUri: undefined } as never).guard).toBeDefined();
  });

  it('an http JWKS URL → ConfigurationError at creation', () => {
    expect(() => guardFor('okta', { jwksUri: 'http://idp.example.com/jwks' })).toThrow(/HTTPS/);
  });
});

describe('guard: the audited route of a request without a route template', () => {
  it('drops path parameters and replaces email- or token-like segments of the URL path', async () => {
    const { guard, audits } = guardFor('keycloak');
    const base = await request('keycloak');
    const hostile = new Request(
      'https://api.example.test/accounts/alice@example.com/balance;token=SECRET/x/eyJhbGciOiJSUzI1NiJ9abcdefghijklmnop',
      { headers: base.headers },
    );
    await guard.checkRequest(hostile);
    expect(audits.map((audit) => audit.route)).toEqual(['/accounts/:redacted/balance/x/:redacted']);
    expect(JSON.stringify(audits)).not.toMatch(/alice@|SECRET|eyJ/);
  });
});
