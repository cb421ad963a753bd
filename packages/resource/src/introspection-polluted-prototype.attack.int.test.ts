import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasScope, humanIn } from './subject-checks.js';

// Attack (wave 29): a prototype-pollution bug elsewhere in the process sets claims on
// Object.prototype. A JWT's claims are read on a null prototype (core's parseJsonObject, Session
// 12), but an introspection answer was a plain JSON.parse result: a claim the IdP's answer lacks
// was read off the prototype. An opaque token without `act` named the polluted human, one without
// the agent's scope gained it, and an answer without `active` was an active token. The answer's objects are now on a null prototype too (core's readJsonBody reads it).

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

/** The local IdP's introspection answer without `members`, as an IdP that omits them writes it. */
function answeringWithout(...members: string[]): typeof fetch {
  return async (input, init) => {
    const response = await idp.fetch(input as string, init);
    if (String(input) !== idp.introspectionUrl) return response;
    const answer = (await response.json()) as Record<string, unknown>;
    for (const member of members) delete answer[member];
    return Response.json(answer);
  };
}

/**
 * The guard's decision on a fresh token of alice's, introspected through `send`; only the check
 * runs under `pollution` (the token request and the guard are made before it).
 */
async function decision(
  send: typeof fetch,
  pollution: Record<string, unknown>,
  options: { agentScope?: string; humans?: string[] } = {},
) {
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    introspection: idpIntrospection(idp, send),
    ...(options.agentScope === undefined
      ? {}
      : { agentAllowed: agentHasScope(options.agentScope) }),
    humanAllowed: options.humans === undefined ? () => true : humanIn(options.humans),
  });
  const token = await (await adapterFor(idp, 'finance-agent')).requestToken({
    agentId: 'finance-agent',
    act: actOf(idp, 'alice'),
    scope: ['finance.read'],
  });
  return polluted(pollution, () => checkHeaders(guard, headersOf(token)));
}

describe('a polluted Object.prototype supplies no claim an introspection answer lacks', () => {
  it('an answer without act names no polluted human', async () => {
    const result = await decision(
      answeringWithout('act'),
      { act: { sub: 'mallory' } },
      { humans: ['mallory'] },
    );
    expect(result).toMatchObject({ decision: 'DENY', status: 401 });
    expect(result.audit.reason).toBe('access_token.missing_claim');
  });

  it("an answer's act without sub takes none from the prototype", async () => {
    const withoutActSub: typeof fetch = async (input, init) => {
      const response = await idp.fetch(input as string, init);
      if (String(input) !== idp.introspectionUrl) return response;
      const answer = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...answer, act: { client_id: 'finance-agent' } });
    };
    const result = await decision(withoutActSub, { sub: 'mallory' }, { humans: ['mallory'] });
    expect(result).toMatchObject({ decision: 'DENY', status: 401 });
    expect(result.audit.reason).toBe('access_token.invalid_act');
  });

  it("an answer without the agent's scopes gains none from the prototype", async () => {
    const result = await decision(
      answeringWithout('scp', 'scope'),
      { scp: ['finance.admin'], scope: 'finance.admin' },
      { agentScope: 'finance.admin' },
    );
    expect(result).toMatchObject({ decision: 'DENY', status: 403 });
  });

  it('an answer without active is no answer, whatever the prototype says', async () => {
    const result = await decision(answeringWithout('active'), { active: true });
    expect(result).toMatchObject({ decision: 'DENY', status: 503 });
    expect(result.audit.reason).toBe('access_token.introspection_unavailable');
  });

  it('the same token with its claims is admitted (held)', async () => {
    expect((await decision(answeringWithout(), {})).status).toBe(200);
  });
});
