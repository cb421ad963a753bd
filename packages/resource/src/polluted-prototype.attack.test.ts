import { exportSPKI } from 'jose';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  fixedClock,
  NOW_S,
  VENDOR_SETUP,
  vendorVerifyOptions,
} from '../test/support/token-kit.js';
import { AGENT_RULE, humanRule } from '../test/support/vendor-scenario.js';
import type { SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { createTokenIntrospection } from './token-introspection.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (session 12): a prototype-pollution bug elsewhere in the process sets names on
// Object.prototype. The guard and verifyDualSubjectToken read them as options: an inherited
// clockToleranceSeconds admitted expired tokens, an inherited jwksUri broke a guard given keys.

const idpKey = await createSigningKey('idp');
const { audience } = VENDOR_SETUP.okta;
const verifyOptions = () => vendorVerifyOptions('okta', idpKey.publicJwk);
const expired = () => accessToken('okta', idpKey, { iat: NOW_S - 7200, exp: NOW_S - 3600 });
const request = (token: string) =>
  new Request('https://api.example.test/accounts', {
    headers: { authorization: `Bearer ${token}` },
  });

describe('a polluted Object.prototype sets no option of the guard or the verifier', () => {
  it('createDualAuthGuard: an inherited clockToleranceSeconds admits no expired token', async () => {
    const token = await expired();
    const decision = await polluted({ clockToleranceSeconds: 10 ** 9 }, async () => {
      const guard = createDualAuthGuard({
        ...verifyOptions(),
        agentAllowed: AGENT_RULE.okta.check,
        humanAllowed: humanRule('okta'),
        onDecision: () => {},
      });
      return guard.checkRequest(request(token));
    });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  });

  it('createDualAuthGuard: an inherited jwksUri does not turn a guard given keys into a refusal', async () => {
    const guard = await polluted({ jwksUri: 'https://evil.example/keys' }, () =>
      createDualAuthGuard({
        ...verifyOptions(),
        agentAllowed: AGENT_RULE.okta.check,
        humanAllowed: humanRule('okta'),
      }),
    );
    expect(guard.audience).toEqual([audience]);
  });

  it('verifyDualSubjectToken: an inherited clockToleranceSeconds admits no expired token', async () => {
    const token = await expired();
    const verified = polluted({ clockToleranceSeconds: 10 ** 9 }, () =>
      verifyDualSubjectToken(token, verifyOptions()),
    );
    await expect(verified).rejects.toMatchObject({ auditReason: 'access_token.expired' });
  });

  // Review (wave 33, dedupe): verifyDualSubjectToken copied boundActAssertion as read through the
  // prototype, so one set on Object.prototype became the options of a verifier given none: its
  // act assertions were checked with keys of the polluter's choice, where its configuration must
  // be refused.
  it('verifyDualSubjectToken: an inherited boundActAssertion is none', async () => {
    const entraKey = await createSigningKey('entra-idp');
    const appKey = await createSigningKey('polluter-app');
    const { boundActAssertion, ...withoutBound } = entraBoundOptions(
      entraKey,
      await exportSPKI(appKey.publicKey),
    );
    const token = await accessToken('entraid', entraKey);
    const assertion = await actAssertion(appKey);
    const verified = polluted({ boundActAssertion }, () =>
      verifyDualSubjectToken(token, { ...withoutBound, actAssertion: assertion }),
    );
    await expect(verified).rejects.toThrow(
      'options.boundActAssertion is required for a profile whose human comes from a bound act assertion',
    );
  });
});

// Review (wave 32, ownoptions): createTokenIntrospection checked allowInsecureLoopback and fetch
// as own options, then read them through the prototype: an inherited allowInsecureLoopback took
// an http: endpoint, and an inherited fetch got the API's client secret with every token.
describe('createTokenIntrospection: own options only', () => {
  const given = { clientId: 'finance-api', clientSecret: 'api-secret' };

  it('an inherited allowInsecureLoopback allows no http endpoint', async () => {
    const made = polluted({ allowInsecureLoopback: true }, () =>
      createTokenIntrospection({ ...given, endpoint: 'http://127.0.0.1:8080/introspect' }),
    );
    await expect(made).rejects.toThrow(/HTTPS/);
  });

  it('an inherited fetch gets neither the client secret nor the token', async () => {
    const stolen: unknown[] = [];
    const steal = (_input: unknown, init?: RequestInit) => {
      stolen.push(init?.headers, init?.body);
      return Promise.resolve(Response.json({ active: true }));
    };
    // The global fetch it falls back to fails (nothing listens on port 1 of the loopback).
    const introspected = polluted({ fetch: steal }, () =>
      createTokenIntrospection({ ...given, endpoint: 'https://127.0.0.1:1/introspect' }).introspect(
        'opaque-token',
      ),
    );
    await expect(introspected).rejects.toMatchObject({ reason: 'introspection_unavailable' });
    expect(stolen).toEqual([]);
  });
});

// Review (wave 32, ownoptions): cachedCheck read key through the prototype: an inherited
// key: 'agent' filed a human check's answer under the agent alone, so one allowed human let every
// human that agent acts for through until the answer expired.
describe('cachedCheck: own options only', () => {
  it("an inherited key: 'agent' hands no human another human's answer", async () => {
    const subject = (sub: string) =>
      ({
        vendor: 'okta',
        agent: { id: 'agent', raw: { iss: 'https://idp' } },
        human: { sub },
      }) as never;
    const onlyAlice: SubjectCheck = ({ subject: s }) => s.human.sub === 'alice';
    const check = await polluted({ key: 'agent' }, () =>
      cachedCheck(onlyAlice, { ttlMs: 60_000, clock: fixedClock }),
    );
    const ask = (sub: string) =>
      check({ subject: subject(sub), signal: new AbortController().signal } as never);
    expect(await ask('alice')).toBe(true);
    expect(await ask('mallory')).toBe(false);
  });
});
