import { beforeAll, describe, expect, it } from 'vitest';
import {
  STANDARD_ISSUER,
  standardGuardOptions,
  standardToken,
} from '../test/support/standard-idp.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { actorIn } from './subject-checks.js';

// Attack (session 39): an RFC 8693 §4.1 `act` may name its actor's issuer (`act.iss`): its `sub`
// is then an id of that issuer, not of the token's. `actorIn(ids, { issuer })` compared the
// token's `iss` and the actor's `sub` only, so an earlier actor `{ sub: 'planner-agent', iss:
// <another IdP> }` (a token exchange whose subject token came from a federated IdP, its act copied
// into the nested act) passed as this issuer's trusted `planner-agent`: ids are unique only within
// their issuer, and that IdP's admin may name a client of its own so.

const OTHER_IDP = 'https://other-idp.example/';

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('std-1');
});

const guardOf = (hopAllowed: ReturnType<typeof actorIn>) =>
  createDualAuthGuard({ ...standardGuardOptions(idpKey), hopAllowed });

async function decide(guard: ReturnType<typeof guardOf>, act: Record<string, unknown>) {
  const token = await standardToken(idpKey, { sub: 'user-1', client_id: 'finance-agent', act });
  return guard.checkRequest(
    new Request('https://api.test/accounts', { headers: { authorization: `Bearer ${token}` } }),
  );
}

const TRUSTED = ['finance-agent', 'planner-agent'];

describe('actorIn and an actor of another issuer (act.iss)', () => {
  it.each([
    ['scoped to the guard issuer', actorIn(TRUSTED, { issuer: STANDARD_ISSUER })],
    ['unscoped, on a guard of one issuer', actorIn(TRUSTED)],
  ])('%s: an earlier actor naming another iss is refused', async (_name, hopAllowed) => {
    const guard = guardOf(hopAllowed);
    const act = { sub: 'finance-agent', act: { sub: 'planner-agent', iss: OTHER_IDP } };
    const decision = await decide(guard, act);
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
    expect(decision.audit.reason).toBe('agent_not_authorized');
  });

  it('an actor naming the token issuer as its iss, or none, is its id as before', async () => {
    const guard = guardOf(actorIn(TRUSTED, { issuer: STANDARD_ISSUER }));
    for (const act of [
      { sub: 'finance-agent', act: { sub: 'planner-agent' } },
      {
        sub: 'finance-agent',
        iss: STANDARD_ISSUER,
        act: { sub: 'planner-agent', iss: STANDARD_ISSUER },
      },
    ]) {
      expect((await decide(guard, act)).decision, JSON.stringify(act)).toBe('ALLOW');
    }
  });

  it('a list scoped to that other issuer too admits its actor', async () => {
    const guard = guardOf(actorIn(TRUSTED, { issuer: [STANDARD_ISSUER, OTHER_IDP] }));
    const act = { sub: 'finance-agent', act: { sub: 'planner-agent', iss: OTHER_IDP } };
    expect((await decide(guard, act)).decision).toBe('ALLOW');
  });

  it('an actor whose iss is no string is refused', async () => {
    const guard = guardOf(actorIn(TRUSTED));
    const act = { sub: 'finance-agent', act: { sub: 'planner-agent', iss: [STANDARD_ISSUER] } };
    expect((await decide(guard, act)).decision).toBe('DENY');
  });
});
