import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { describe, expect, it } from 'vitest';
import { ownIssuerPerFile } from '../test/support/own-issuer.js';
import { refusal } from '../test/support/refusal.js';
import type { SubjectCheckState } from './authorize.js';
import { humanIn } from './subject-checks.js';

// The legacy layout where the IdP copies `act` from the agent's request (`legacyHuman:
// 'act-claim'`): the human is who `act.sub` names. An `act.oid` beside it is the agent's own
// text, never checked by an IdP that knows object ids; shown as the human's oid, a check by oid
// (humanIn) would pass for one person while the audit names another.
const AGENT = 'agent-b';
// A Keycloak service-account token's sub is the service-account user's id, not the client id.
const AGENT_SUB = '5b0c2e8e-2f6a-4c7e-9d1a-7a1f0e3b9c41';

const { verify } = ownIssuerPerFile({
  kid: 'kc-1',
  issuer: 'https://sso.example.com/realms/finance',
  audience: 'finance-api',
  claims: { azp: AGENT, client_id: AGENT, sub: AGENT_SUB },
  options: { profile: keycloakTokenProfile },
});

describe('legacy act-claim layout: the human is act.sub alone', () => {
  it('an act.oid beside act.sub is not shown as the human oid, nor kept in raw', async () => {
    const subject = await verify({ act: { sub: 'u-bob', oid: 'oid-of-alice' } });
    expect(subject.human.sub).toBe('u-bob');
    expect(subject.human.oid).toBeUndefined();
    expect(subject.human.raw).not.toHaveProperty('oid');
  });

  it("humanIn does not match the oid the agent wrote beside another person's sub", async () => {
    const subject = await verify({ act: { sub: 'u-bob', oid: 'oid-of-alice' } });
    const state = { subject } as SubjectCheckState;
    expect(humanIn(['oid-of-alice'])(state)).toBe(false);
    expect(humanIn(['u-bob'])(state)).toBe(true);
  });

  it("an act naming the token's own sub (the agent as its own human) is refused", async () => {
    const error = await refusal(verify({ act: { sub: AGENT_SUB } }));
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
    expect(error?.message).toMatch(/own subject/);
  });

  it("an act naming the token's own sub in another case is refused too (ids read without case)", async () => {
    const error = await refusal(verify({ act: { sub: AGENT_SUB.toUpperCase() } }));
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
  });
});
