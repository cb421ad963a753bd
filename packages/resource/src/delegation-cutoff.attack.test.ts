import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  ENTRA_HUMAN,
  fixedClock,
  NOW,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole, agentHasScope } from './subject-checks.js';

// Attack (a revocation that silently does nothing): `endDelegation` takes ONE id, and its own
// example passes `session.act.sub`. The same human's Entra ID credentials carry different `sub`s:
// the session (and the legacy act assertion) names her by UPN or her ID token's `sub`, while an
// Entra access token's `sub` is pairwise per resource application; only `oid` is common. So in the
// rfc8693 layout (Agent ID on-behalf-of) a cut-off recorded the documented way is kept under an id
// the token never carries, and the human's still-valid tokens keep working at the API after she
// logged out or was disabled. (The local Entra IdP reused the session's `sub` in delegated tokens,
// so the cut-off tests did not see it.) The fix: `endDelegation` takes the act and cuts off every
// id of the human (`cutoffIdsOf`: `sub` and `oid`), the ones the guard looks the token's up by.
let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

/** The guard's decision on `GET /accounts/42` with `token` and no act assertion. */
const getAccount = (guard: ReturnType<typeof createDualAuthGuard>, token: string) =>
  guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/accounts/42',
  });

const ISSUER = 'https://sts.windows.net/tenant-id/';
const AUDIENCE = 'api://finance';

describe('Entra rfc8693 layout: ending the session human’s delegations', () => {
  it('refuses her on-behalf-of token minted before endDelegation({ human: act })', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock: fixedClock });
    const guard = createDualAuthGuard({
      profile: PROFILE.entraid,
      layout: 'rfc8693',
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: idpKey.publicKey,
      clock: fixedClock,
      cutoffStore,
      agentAllowed: agentHasScope('access_as_user'),
      humanAllowed: () => true,
    });
    // Minted a minute before the cut-off, dated 5 minutes earlier still as Entra dates `iat`: her
    // oid, the API-pairwise sub Entra writes.
    const token = await signJwt(
      {
        iss: ISSUER,
        aud: AUDIENCE,
        iat: NOW_S - 60 - 300,
        exp: NOW_S + 3000,
        sub: 'api-pairwise-sub-of-alice',
        oid: ENTRA_HUMAN.oid,
        idtyp: 'user',
        appid: 'agent-identity-app-id',
        azp: 'agent-identity-app-id',
        scp: 'access_as_user',
        xms_act_fct: '3 9 11',
      },
      idpKey,
    );
    const check = () => getAccount(guard, token);
    expect((await check()).decision).toBe('ALLOW');

    // The session's act, as UserSession builds it: { sub: UPN, oid }.
    const sessionAct = { sub: ENTRA_HUMAN.sub, oid: ENTRA_HUMAN.oid };
    await endDelegation({ human: sessionAct, cutoffStore, clock: { now: () => NOW } });

    const after = await check();
    expect(after.decision).toBe('DENY');
    expect(after.audit.reason).toBe('access_token.revoked');
  });
});

// Attack (time): `endDelegation` keeps the cut-off for `keepMs` (default 24 h) + 30 s, "twice the
// guard's default clock tolerance". But the guard allows three tolerances past the cut-off, not
// two: it refuses a token whose `iat` is up to 15 s after the cut-off (the IdP's clock may be
// ahead), accepts an `exp - iat` of its `maxTokenLifetimeSeconds` (24 h) + 15 s, and accepts the
// token 15 s past its `exp`. Such a token, refused as minted before the cut-off, is accepted again
// in the last 15 s of its life, once the cut-off has been forgotten.

/** A Keycloak guard and a cut-off store on one settable clock (`time.ms`), starting at `ms`. */
function keycloakGuardAt(ms: number, clockToleranceSeconds?: number) {
  const time = { ms };
  const clock = { now: () => time.ms };
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const setup = VENDOR_SETUP.keycloak;
  const guard = createDualAuthGuard({
    profile: PROFILE.keycloak,
    issuer: setup.issuer,
    audience: setup.audience,
    keys: idpKey.publicKey,
    clock,
    ...(clockToleranceSeconds === undefined ? {} : { clockToleranceSeconds }),
    cutoffStore,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: () => true,
  });
  return { time, clock, cutoffStore, guard };
}

describe('attack: the cut-off forgotten before the last token it refused has expired', () => {
  it('still refuses, at its last accepted second, a token refused as minted before the cut-off', async () => {
    const { time, clock, cutoffStore, guard } = keycloakGuardAt(NOW);
    const { cutoffMs } = await endDelegation({ human: 'user-123', cutoffStore, clock });
    // Minted by an IdP whose clock runs 15 s ahead, at the cut-off: 24 h + 15 s of life, each
    // within what the guard accepts with its defaults.
    const iat = NOW_S + 15;
    const token = await accessToken('keycloak', idpKey, {
      iat,
      nbf: iat,
      exp: iat + 86_400 + 15,
    });
    const check = () => getAccount(guard, token);
    time.ms = cutoffMs + 16_000;
    const first = await check();
    expect(first.audit.reason).toBe('access_token.revoked');
    // In its last accepted seconds (the guard takes it until 15 s past exp), after the cut-off's
    // 24 h + 30 s: refused as revoked still, not accepted.
    time.ms = (iat + 86_400 + 15 + 14) * 1000;
    const last = await check();
    expect(last.audit.reason).toBe('access_token.revoked');
  });

  // The same with the largest clockToleranceSeconds a guard takes (300 s): endDelegation kept the
  // cut-off for keepMs + 3 × 15 s, so from 45 s after its keepMs the token, 855 s from its last
  // accepted second, was accepted again. endDelegation cannot know the guard's tolerance (another
  // process), so it keeps the cut-off for three times the largest one.
  it('still refuses it at a guard with the largest clockToleranceSeconds (300 s)', async () => {
    const { time, clock, cutoffStore, guard } = keycloakGuardAt(NOW, 300);
    const { cutoffMs } = await endDelegation({ human: 'user-123', cutoffStore, clock });
    // Minted by an IdP whose clock runs 300 s ahead, at the cut-off: 24 h + 300 s of life.
    const iat = NOW_S + 300;
    const token = await accessToken('keycloak', idpKey, {
      iat,
      nbf: iat,
      exp: iat + 86_400 + 300,
    });
    const check = () => getAccount(guard, token);
    time.ms = cutoffMs + 301_000;
    expect((await check()).audit.reason).toBe('access_token.revoked');
    for (const sinceCutoffSeconds of [86_400 + 46, 86_400 + 600, 86_400 + 899]) {
      time.ms = cutoffMs + sinceCutoffSeconds * 1000;
      expect((await check()).audit.reason).toBe('access_token.revoked');
    }
  });
});

// Review (wave 30, cutoffread): the guard read cut-offs by calling `cutoffStore.cutoffOf` at each
// check, and handed the store out (`delegationCutoff.store`): patching its `cutoffOf` later (by
// whoever held the guard) changed the guard's own check. The guard reads with the `cutoffOf` it
// was made with, the same one its `delegationCutoff.cutoffOf` hands out.
describe('attack: the cut-off store patched after the guard was made', () => {
  it('still refuses a token of an ended delegation, with the read the guard was made with', async () => {
    const { clock, cutoffStore, guard } = keycloakGuardAt(NOW);
    const token = await accessToken('keycloak', idpKey, { iat: NOW_S - 60, exp: NOW_S + 3000 });
    await endDelegation({ human: 'user-123', cutoffStore, clock });
    cutoffStore.cutoffOf = async () => undefined;
    const decision = await getAccount(guard, token);
    expect(decision.audit.reason).toBe('access_token.revoked');
    expect(await guard.delegationCutoff?.cutoffOf('user-123')).toBe(NOW);
  });
});
