import { inspect } from 'node:util';
import type { DelegationClaims, TokenProfile } from '@dual-auth/core/jwt';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../test/support/refusal.js';
import {
  STANDARD_AUDIENCE,
  STANDARD_ISSUER,
  STANDARD_PROFILE,
} from '../test/support/standard-idp.js';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { actorIn, agentHasRole, agentHasScope, agentIn, humanIn } from './subject-checks.js';
import {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';

const ISSUER = STANDARD_ISSUER;
const AUDIENCE = STANDARD_AUDIENCE;
const STANDARD = STANDARD_PROFILE;

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('std-1');
});

function token(claims: Record<string, unknown>): Promise<string> {
  return signJwt({ iss: ISSUER, aud: AUDIENCE, iat: NOW_S, exp: NOW_S + 300, ...claims }, idpKey);
}

function options(
  extra: Partial<VerifyDualSubjectTokenOptions> = {},
): VerifyDualSubjectTokenOptions {
  return {
    profile: STANDARD,
    layout: 'rfc8693',
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: idpKey.publicKey,
    clock: fixedClock,
    ...extra,
  };
}

/** An RFC 8693 token: the human in `sub`, `actors[0]` acting now, each next one nested earlier. */
function exchanged(actors: string[], extra: Record<string, unknown> = {}) {
  const act = actors.reduceRight<Record<string, unknown> | undefined>(
    (inner, sub) => (inner === undefined ? { sub } : { sub, act: inner }),
    undefined,
  );
  return token({
    sub: 'user-1',
    email: 'alice@example.com',
    client_id: actors[0],
    scope: 'finance.read',
    act,
    ...extra,
  });
}

const LEGACY_CLAIMS = {
  sub: 'service-account-agent-b',
  client_id: 'agent-b',
  scope: 'finance.read',
  act: { sub: 'user-1', email: 'alice@example.com' },
};

describe('RFC 8693 layout: the agent’s grants never come from the human’s claims', () => {
  const guardFor = (profile: TokenProfile, agentAllowed: ReturnType<typeof agentIn>) =>
    createDualAuthGuard({
      ...options({ profile }),
      agentAllowed,
      humanAllowed: () => true,
    });
  const check = async (guard: ReturnType<typeof guardFor>, extra: Record<string, unknown>) =>
    guard.check({
      authorization: `Bearer ${await exchanged(['agent-b'], extra)}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts/42',
    });

  it('reads only rfc8693AgentGrantClaims: the human’s roles stay out, roles are unknown', async () => {
    const subject = await verifyDualSubjectToken(
      await exchanged(['agent-b'], { roles: ['FinanceAgent'] }),
      options(),
    );
    expect(subject.agent).toMatchObject({ roles: [], scopes: ['finance.read'] });
    expect(subject.agent.unknownGrants).toEqual(['roles']);
  });

  it('agentHasRole refuses with roles_not_in_token even when the human holds the role', async () => {
    const decision = await check(guardFor(STANDARD, agentHasRole('FinanceAgent')), {
      roles: ['FinanceAgent'],
    });
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
    expect(decision.audit.policy_basis).toContain('agent:roles_not_in_token');
  });

  it('a profile naming no agent grant claims leaves scopes unknown: agentHasScope refuses', async () => {
    const { rfc8693AgentGrantClaims: _, ...noGrants } = STANDARD;
    const decision = await check(guardFor(noGrants, agentHasScope('finance.read')), {});
    expect(decision.subject?.agent.scopes).toEqual([]);
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
    expect(decision.audit.policy_basis).toContain('agent:scopes_not_in_token');
  });

  it('a scope the profile records for the client passes; agentIn authorizes by the agent’s id', async () => {
    expect((await check(guardFor(STANDARD, agentHasScope('finance.read')), {})).decision).toBe(
      'ALLOW',
    );
    expect((await check(guardFor(STANDARD, agentIn(['agent-b'])), {})).decision).toBe('ALLOW');
    expect((await check(guardFor(STANDARD, agentIn(['agent-a'])), {})).decision).toBe('DENY');
  });

  it('refuses a profile whose rfc8693AgentGrantClaims are not lists, at creation', () => {
    const broken = { ...STANDARD, rfc8693AgentGrantClaims: { scopeClaims: 'scope' } };
    expect(() => guardFor(broken as unknown as TokenProfile, agentIn(['agent-b']))).toThrow(
      /rfc8693AgentGrantClaims must be/,
    );
  });

  it('the legacy layout still reads the agent’s own token’s roles', async () => {
    const subject = await verifyDualSubjectToken(
      await token({ ...LEGACY_CLAIMS, roles: ['FinanceAgent'] }),
      options({ layout: 'legacy' }),
    );
    expect(subject.agent).toMatchObject({ roles: ['FinanceAgent'], scopes: ['finance.read'] });
    expect(subject.agent.unknownGrants).toBeUndefined();
  });
});

describe('RFC 8693 layout: one DualSubject, chain exposed in order', () => {
  it('reads the human from sub and the agent from act.sub, the chain caller first', async () => {
    const subject = await verifyDualSubjectToken(
      await exchanged(['agent-b', 'agent-a']),
      options(),
    );
    expect(subject).toMatchObject({
      vendor: 'standard-idp',
      layout: 'rfc8693',
      agent: { id: 'agent-b', scopes: ['finance.read'] },
      human: { sub: 'user-1' },
    });
    expect(subject.chain.map((hop) => hop.id)).toEqual(['agent-b', 'agent-a']);
    expect(subject.human.raw.email).toBe('alice@example.com');
    const shown = `${JSON.stringify(subject)} ${inspect(subject, { depth: 9 })}`;
    expect(shown).not.toContain('alice@example.com');
    expect(shown).toContain('agent-a');
  });

  it('refuses a chain deeper than the limit (default 4), with a typed reason', async () => {
    const four = ['agent-d', 'agent-c', 'agent-b', 'agent-a'];
    expect((await verifyDualSubjectToken(await exchanged(four), options())).chain).toHaveLength(4);
    const error = await refusal(
      verifyDualSubjectToken(await exchanged(['agent-e', ...four]), options()),
    );
    expect(error).toMatchObject({ reason: 'chain_too_deep', credential: 'access_token' });
    const limited = await refusal(
      verifyDualSubjectToken(
        await exchanged(['agent-b', 'agent-a']),
        options({ maxChainDepth: 1 }),
      ),
    );
    expect(limited.reason).toBe('chain_too_deep');
  });

  it('refuses a hostile chain thousands deep without reading it whole', async () => {
    // Written as text: a JWT library would copy so deep an object recursively.
    const depth = 2000;
    const act = `${'{"sub":"agent","act":'.repeat(depth)}{"sub":"agent-0"}${'}'.repeat(depth)}`;
    const claims = `{"iss":"${ISSUER}","aud":"${AUDIENCE}","iat":${NOW_S},"exp":${NOW_S + 300},"sub":"user-1","client_id":"agent","act":${act}}`;
    const deep = await new CompactSign(new TextEncoder().encode(claims))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(idpKey.privateKey);
    const error = await refusal(verifyDualSubjectToken(deep, options({ maxTokenLength: 200_000 })));
    expect(error).toMatchObject({ reason: 'chain_too_deep', claim: 'act.act.act.act.act' });
  });

  it.each([
    ['no act', { act: undefined }, 'missing_claim', 'act'],
    [
      'an actor without sub',
      { act: { sub: 'agent-b', act: { client: 'x' } } },
      'invalid_act',
      'act.act.sub',
    ],
    ['an act that is a string', { act: 'agent-b' }, 'invalid_act', 'act.sub'],
    ['no sub', { sub: undefined }, 'missing_claim', 'sub'],
  ])('%s → %s', async (_name, claims, reason, claim) => {
    const error = await refusal(
      verifyDualSubjectToken(await exchanged(['agent-b'], claims), options()),
    );
    expect(error).toMatchObject({ reason, claim });
  });

  it('a vendor facet can read the delegation; the same checks apply to what it returns', async () => {
    const faceted: TokenProfile = {
      ...STANDARD,
      readDelegation: (claims): DelegationClaims => ({
        human: { sub: claims.sub },
        actors: (claims.actors as string[]).map((sub) => ({ sub })),
      }),
    };
    const ok = await token({ sub: 'user-1', client_id: 'agent-b', actors: ['agent-b', 'agent-a'] });
    const subject = await verifyDualSubjectToken(ok, options({ profile: faceted }));
    expect(subject.chain.map((hop) => hop.id)).toEqual(['agent-b', 'agent-a']);
    const deep = await token({
      sub: 'user-1',
      client_id: 'a1',
      actors: ['a1', 'a2', 'a3', 'a4', 'a5'],
    });
    const error = await refusal(verifyDualSubjectToken(deep, options({ profile: faceted })));
    expect(error.reason).toBe('chain_too_deep');
  });
});

describe('layouts are chosen by configuration, never guessed: the other layout is refused', () => {
  it('a legacy token presented to an API configured for RFC 8693 → layout_mismatch, not swapped', async () => {
    const legacy = await token(LEGACY_CLAIMS);
    expect((await verifyDualSubjectToken(legacy, options({ layout: 'legacy' }))).human.sub).toBe(
      'user-1',
    );
    const error = await refusal(verifyDualSubjectToken(legacy, options()));
    expect(error).toMatchObject({ reason: 'layout_mismatch', claim: 'act.sub' });
  });

  it.each([
    ['no client claim', {}],
    ['an empty client claim', { client_id: '' }],
    ['a client claim that is not a string', { client_id: ['agent-b'] }],
  ])(
    'RFC 8693: a legacy-shaped token with %s → missing_claim, not swapped',
    async (_name, client) => {
      const legacyShaped = await token({ sub: 'agent-b', act: { sub: 'user-1' }, ...client });
      const error = await refusal(verifyDualSubjectToken(legacyShaped, options()));
      expect(error).toMatchObject({ reason: 'missing_claim', claim: 'client_id' });
    },
  );

  it('RFC 8693: a well-shaped token without its client claim is refused too (missing_claim)', async () => {
    const noClient = await exchanged(['agent-b'], { client_id: undefined });
    const error = await refusal(verifyDualSubjectToken(noClient, options()));
    expect(error).toMatchObject({ reason: 'missing_claim', claim: 'client_id' });
  });

  it('RFC 8693: a Keycloak token without azp → missing_claim, not swapped', async () => {
    const keycloak = await token({ sub: 'service-account-uuid', act: { sub: 'user-1' } });
    const error = await refusal(
      verifyDualSubjectToken(keycloak, options({ profile: PROFILE.keycloak })),
    );
    expect(error).toMatchObject({ reason: 'missing_claim', claim: 'azp' });
  });

  it.each([
    ['the agent delegating to itself (sub = act.sub)', ['user-1'], 'act.sub'],
    ['the human as an earlier actor (act.act.sub = sub)', ['agent-b', 'user-1'], 'act.act.sub'],
  ])('RFC 8693: %s → layout_mismatch', async (_name, actors, claim) => {
    const error = await refusal(verifyDualSubjectToken(await exchanged(actors), options()));
    expect(error).toMatchObject({ reason: 'layout_mismatch', claim });
  });

  it('an RFC 8693 token presented to an API configured for legacy → layout_mismatch', async () => {
    const error = await refusal(
      verifyDualSubjectToken(await exchanged(['agent-b']), options({ layout: 'legacy' })),
    );
    expect(error).toMatchObject({ reason: 'layout_mismatch', claim: 'act.sub' });
  });

  it('legacy: a nested act (act.act) is refused, never ignored', async () => {
    const nested = await accessToken('okta', idpKey, {
      act: { sub: '00uUser123', act: { sub: 'someone-else' } },
    });
    const error = await refusal(
      verifyDualSubjectToken(nested, {
        profile: PROFILE.okta,
        issuer: 'https://example.okta.test/oauth2/aus123',
        audience: 'https://api.example.com/finance',
        keys: idpKey.publicKey,
        clock: fixedClock,
      }),
    );
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.act' });
  });

  it('a layout the profile does not issue is a TypeError at configuration time', async () => {
    await expect(
      // A legacy-only profile (Okta's own now issues both layouts: Cross App Access).
      verifyDualSubjectToken('a.b.c', {
        ...options(),
        profile: { ...PROFILE.okta, layouts: ['legacy'] },
      }),
    ).rejects.toThrow(/layout "rfc8693" is not one the okta token profile issues/);
  });
});

describe('authorization over a chain', () => {
  const guardOptions = {
    profile: STANDARD,
    layout: 'rfc8693' as const,
    issuer: ISSUER,
    audience: AUDIENCE,
    clock: fixedClock,
    agentAllowed: () => true,
    humanAllowed: humanIn(['user-1']),
  };
  const request = async (actors: string[]) =>
    new Request('https://api.test/accounts', {
      headers: { authorization: `Bearer ${await exchanged(actors)}` },
    });

  it('hopAllowed requires every actor of the chain to be allowed', async () => {
    const guard = createDualAuthGuard({
      ...guardOptions,
      keys: idpKey.publicKey,
      hopAllowed: actorIn(['agent-b', 'agent-a']),
    });
    expect((await guard.checkRequest(await request(['agent-b', 'agent-a']))).decision).toBe(
      'ALLOW',
    );
    const denied = await guard.checkRequest(await request(['agent-b', 'agent-x']));
    expect(denied).toMatchObject({ decision: 'DENY', status: 403, body: { failed_side: 'agent' } });
    expect(denied.audit.reason).toBe('agent_not_authorized');
    if (denied.decision === 'DENY') {
      expect(denied.subject?.chain.map((hop) => hop.id)).toEqual(['agent-b', 'agent-x']);
    }
  });

  it('without hopAllowed only the calling agent is checked; earlier actors are exposed', async () => {
    const guard = createDualAuthGuard({ ...guardOptions, keys: idpKey.publicKey });
    const decision = await guard.checkRequest(await request(['agent-b', 'agent-x']));
    expect(decision.decision).toBe('ALLOW');
    expect(decision.subject?.chain.map((hop) => hop.id)).toEqual(['agent-b', 'agent-x']);
  });
});

describe('identifiers with control or bidirectional characters are refused in both layouts', () => {
  // Each can rewrite a log line or an audit record: a line break, NUL, DEL, C1 NEL, a
  // right-to-left override, an isolate, the line separator.
  const FORGERIES = ['\r\nX: y', '\u0000', '\u007f', '\u0085', '\u202e', '\u2066', '\u2028'];

  it.each(FORGERIES)('act.sub (legacy: the human) holding %j → invalid_act', async (bad) => {
    const claims = { ...LEGACY_CLAIMS, act: { sub: `user-1${bad}` } };
    const error = await refusal(
      verifyDualSubjectToken(await token(claims), options({ layout: 'legacy' })),
    );
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
  });

  it.each(FORGERIES)('the client id (legacy: the agent) holding %j → malformed', async (bad) => {
    const claims = { ...LEGACY_CLAIMS, client_id: `agent-b${bad}` };
    const error = await refusal(
      verifyDualSubjectToken(await token(claims), options({ layout: 'legacy' })),
    );
    expect(error).toMatchObject({ reason: 'malformed', claim: 'client_id' });
  });

  it.each(FORGERIES)('sub (rfc8693: the human) holding %j → malformed', async (bad) => {
    const error = await refusal(
      verifyDualSubjectToken(await exchanged(['agent-b'], { sub: `user-1${bad}` }), options()),
    );
    expect(error).toMatchObject({ reason: 'malformed', claim: 'sub' });
  });

  it.each(FORGERIES)('act.sub (rfc8693: the agent) holding %j → invalid_act', async (bad) => {
    const error = await refusal(
      verifyDualSubjectToken(await exchanged([`agent-b${bad}`, 'agent-a']), options()),
    );
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
  });
});

describe('access-token lifetime: exp - iat has an upper bound', () => {
  const lived = (seconds: number) =>
    token({ ...LEGACY_CLAIMS, iat: NOW_S - 10, exp: NOW_S - 10 + seconds });

  it('accepts a 24 h token (Auth0 default 86 400 s) and refuses one past 24 h + the leeway as ttl_too_long', async () => {
    const legacy = options({ layout: 'legacy' });
    await expect(verifyDualSubjectToken(await lived(86_400), legacy)).resolves.toMatchObject({
      agent: { id: 'agent-b' },
    });
    await expect(verifyDualSubjectToken(await lived(86_415), legacy)).resolves.toBeDefined();
    const error = await refusal(verifyDualSubjectToken(await lived(86_416), legacy));
    expect(error).toMatchObject({
      credential: 'access_token',
      reason: 'ttl_too_long',
      claim: 'exp',
    });
    const forever = await refusal(verifyDualSubjectToken(await lived(1e12), legacy));
    expect(forever.reason).toBe('ttl_too_long');
  });

  it('takes maxTokenLifetimeSeconds, checked as a positive number', async () => {
    const hour = options({ layout: 'legacy', maxTokenLifetimeSeconds: 3600 });
    await expect(verifyDualSubjectToken(await lived(3600), hour)).resolves.toBeDefined();
    const error = await refusal(verifyDualSubjectToken(await lived(3700), hour));
    expect(error).toMatchObject({ reason: 'ttl_too_long', claim: 'exp' });
    // The remedy names this option: `maxLifetimeSeconds` (the act-JWT verifier's) is refused here.
    expect(error.message).toBe(
      'Access token lives longer than 3615 seconds (exp - iat): have its issuer sign shorter-lived tokens, or raise maxTokenLifetimeSeconds to accept them',
    );
    await expect(
      verifyDualSubjectToken(await lived(60), options({ maxTokenLifetimeSeconds: -1 } as never)),
    ).rejects.toThrow(new TypeError('options.maxTokenLifetimeSeconds must be a finite number > 0'));
  });

  // 86_400_000, a day written in milliseconds, honoured tokens minted to live 2.7 years. The bound
  // is Auth0's longest configurable access-token lifetime, 30 days (2 592 000 s).
  it('takes maxTokenLifetimeSeconds up to 30 days (2 592 000); a larger one is milliseconds by mistake', async () => {
    const month = options({ layout: 'legacy', maxTokenLifetimeSeconds: 2_592_000 });
    await expect(verifyDualSubjectToken(await lived(2_592_000), month)).resolves.toBeDefined();
    const error = await refusal(verifyDualSubjectToken(await lived(2_592_100), month));
    expect(error).toMatchObject({ reason: 'ttl_too_long', claim: 'exp' });
    for (const maxTokenLifetimeSeconds of [2_592_001, 86_400_000]) {
      await expect(
        verifyDualSubjectToken(await lived(60), options({ maxTokenLifetimeSeconds })),
      ).rejects.toThrow(
        new TypeError(
          "options.maxTokenLifetimeSeconds must be at most 2592000 seconds (30 days: access for longer is a refresh token's job): seconds, not milliseconds?",
        ),
      );
    }
  });
});
