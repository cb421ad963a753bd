import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import {
  ActVerificationError,
  createAdapter,
  createSubjectToken,
  type IamAdapter,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import {
  type AttemptState,
  BaseAdapter,
  type FormFields,
  jwtBearerForm,
  type VendorProfile,
} from '@dual-auth/core/adapter-kit';
import { encodeBase64url } from '@dual-auth/core/jwt';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

/** A third party's adapter built on the kit, for a Keycloak realm; it declares no `layout`. */
class ThirdPartyAdapter extends BaseAdapter {
  static readonly PROFILE: VendorProfile = {
    vendor: 'keycloak',
    label: 'Keycloak',
    defaultExpiresInSeconds: 300,
    messages: { byStatus: {}, other: ({ status }) => `Keycloak error (${status})` },
  };

  constructor(env: Record<string, string>, fetch: typeof globalThis.fetch) {
    const tokenUrl = env.KEYCLOAK_TOKEN_URL ?? '';
    super(
      {
        tokenUrl,
        clientId: env.AGENT_CLIENT_ID ?? '',
        clientSecret: env.AGENT_CLIENT_SECRET ?? '',
      },
      { fetch },
      { profile: ThirdPartyAdapter.PROFILE, audience: undefined, details: {} },
    );
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: request.agentId,
      audience: this.tokenUrl.replace(/\/protocol\/openid-connect\/token$/, ''),
      act: request.act,
      secret: clientSecret,
      event: 'client_assertion_created',
    });
    return jwtBearerForm([['scope', request.scope.join(' ')]], assertion);
  }
}

/** An unsigned JWT (`alg` none) naming `sub`, issued now: what anyone can write. */
function forgedSubjectToken(sub: string) {
  const header = encodeBase64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = encodeBase64url(JSON.stringify({ sub, iat: Math.floor(Date.now() / 1000) }));
  return createSubjectToken(`${header}.${payload}.`);
}

// Attack: with a legacy-layout adapter (the client assertion carries `act`; the human's subject
// token never reaches the IdP), InSessionTokenRequest dated the session by the subject token's
// `iat`, which nobody verifies there. Any JWT-shaped string with a fresh `iat` (another human's,
// unsigned) passed the cut-off check of a human whose delegations were ended, and the IdP minted
// a new delegation for that human.
describe.each([
  {
    name: 'the Keycloak adapter (legacy layout)',
    adapterOf: (idp: LocalIdp, fetch: typeof globalThis.fetch): Promise<IamAdapter> =>
      createAdapter(undefined, { env: idp.env('finance-agent'), plugins: [keycloakPlugin], fetch }),
  },
  {
    name: 'a kit adapter that declares no layout',
    adapterOf: (idp: LocalIdp, fetch: typeof globalThis.fetch): Promise<IamAdapter> =>
      Promise.resolve(new ThirdPartyAdapter(idp.env('finance-agent'), fetch)),
  },
])('attack: in session with $name, a forged subject token after endDelegation', ({ adapterOf }) => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
  }, 60_000);
  afterAll(() => idp?.close());

  it('is refused before any IdP request; a sign-in time after the cut-off gets a token', async () => {
    let idpRequests = 0;
    const adapter = await adapterOf(idp, (input, init) => {
      if (String(input) === idp.tokenUrl) idpRequests += 1;
      return idp.fetch(input, init);
    });
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const inSession = new InSessionTokenRequest({ adapter, cutoffStore, cache: false });
    const [alice, bob] = [...idp.humans.values()];
    if (alice === undefined || bob === undefined) throw new Error('two humans expected');
    const act = { sub: alice.sub };
    // Alice's delegations were ended a minute ago (beyond the 15 s clock tolerance).
    await endDelegation({ human: act, cutoffStore, clock: { now: () => Date.now() - 60_000 } });
    const request = {
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
      subjectToken: forgedSubjectToken(bob.sub),
    };

    const refused = await inSession.requestToken(request).then(
      () => 'a token',
      (error: unknown) => (ActVerificationError.isInstance(error) ? error : String(error)),
    );
    expect(typeof refused === 'string' ? refused : refused.reason).toBe('revoked');
    expect(String(refused)).toContain("pass the human's sign-in time (signedInAtMs");
    expect(idpRequests).toBe(0);

    // Alice signed in again after the cut-off, as the web app recorded it.
    const token = await inSession.requestToken({ ...request, signedInAtMs: Date.now() });
    expect(token.accessToken).not.toBe('');
    expect(idpRequests).toBe(1);
  }, 30_000);
});
