// The exported helpers that check an options object's fields run on the copy they checked: a
// getter that answers the check, then something else (or throws) when the helper reads it again,
// can neither slip past the check (an issued-token check without its audience took any API's
// token; one whose profile changed skipped the human) nor surface its own error.
import { describe, expect, it } from 'vitest';
import * as kit from './adapter-kit/index.js';
import * as core from './index.js';
import { encodeBase64url } from './jwt/index.js';
import * as secretsKit from './secrets-kit/index.js';

/** `first` on the first read of `name`, `later` on every read after it. */
function changing<T>(fields: Record<string, unknown>, name: string, first: T, later: () => T) {
  let reads = 0;
  return Object.defineProperty({ ...fields }, name, {
    enumerable: true,
    get: () => (reads++ === 0 ? first : later()),
  });
}

const readTwice = (): never => {
  throw new Error('read twice');
};

/** An unsigned JWT of `claims`, as the issued-token checks decode it (they never verify). */
const jwtOf = (claims: Record<string, unknown>): string => {
  const encode = (value: unknown) =>
    encodeBase64url(new TextEncoder().encode(JSON.stringify(value)));
  return `${encode({ alg: 'none' })}.${encode(claims)}.sig`;
};

const profile = { clientIdClaims: ['azp'], legacyHuman: 'act-claim' };
const request = { agentId: 'finance-agent', act: { sub: 'alice' }, scope: [] };

describe("core's exported helpers run on the options they checked", () => {
  it("apiTokenCheck: an audience that reads empty after the check still refuses another API's token", () => {
    const expected = changing(
      { vendor: 'auth0', actSetting: 'the act rule', audienceCheck: 'the API' },
      'audience',
      'https://finance.example',
      () => undefined,
    );
    const check = kit.apiTokenCheck(expected as never);
    const accessToken = jwtOf({
      azp: 'finance-agent',
      act: { sub: 'alice' },
      aud: 'https://hr.example',
    });
    expect(() => check({ accessToken } as never, request as never, { profile } as never)).toThrow(
      /issued a token for another API/,
    );
  });

  it("checkIssuedToken: a profile swapped after the check still refuses another human's token", () => {
    const expected = changing(
      { agentId: 'finance-agent', human: 'alice', vendor: 'keycloak' },
      'profile',
      profile,
      () => ({ clientIdClaims: ['azp'], legacyHuman: 'bound-act-assertion' }),
    );
    const accessToken = jwtOf({ azp: 'finance-agent', act: { sub: 'mallory' } });
    expect(() => kit.checkIssuedToken(accessToken, expected as never)).toThrow(/another human/);
  });

  it("dpopAnswerProblem: a jkt that changes after the check still refuses another key's token", () => {
    const dpop = changing({}, 'jkt', 'our-thumbprint', () => 'their-thumbprint');
    const json = { token_type: 'DPoP', access_token: jwtOf({ cnf: { jkt: 'their-thumbprint' } }) };
    expect(kit.dpopAnswerProblem(json, dpop as never)).toMatch(/bound to another key/);
  });

  it('signClientAssertion and createClientAssertion read their options once', async () => {
    const key = changing(
      { alg: 'HS256' },
      'secret',
      'a-client-secret-of-32-characters!',
      readTwice,
    );
    const claims = kit.clientAssertionClaims({ agentId: 'a', audience: 'https://idp.example' });
    await expect(kit.signClientAssertion(claims, key as never)).resolves.toMatch(/^ey/);
    const options = changing(
      { agentId: 'a', audience: 'https://idp.example' },
      'secret',
      'a-client-secret-of-32-characters!',
      readTwice,
    );
    await expect(kit.createClientAssertion(options as never)).resolves.toMatch(/^ey/);
  });

  it('delegationCutoffVerdict: a human swapped after the check is not the one judged', async () => {
    const store = new core.InMemoryDelegationCutoffStore({
      clock: { now: () => 1_700_000_000_000 },
    });
    await store.endDelegation('alice', 1_700_000_000_000, 3_600_000);
    const check = changing({ store, iatSeconds: 1_699_999_000 }, 'human', { sub: 'alice' }, () => ({
      sub: 'bob',
    }));
    await expect(core.delegationCutoffVerdict(check as never)).resolves.toMatchObject({
      state: 'ended',
    });
  });

  it('describeNetworkFailure, deriveLoadTimeoutMs and constructSdkClient read their options once', () => {
    const endpoint = changing({}, 'url', 'https://idp.example/token', readTwice);
    expect(kit.describeNetworkFailure(new TypeError('fetch failed'), endpoint as never)).toMatch(
      /idp\.example/,
    );
    const parts = changing({ requests: 2 }, 'timeoutMs', 1_000, readTwice);
    expect(secretsKit.deriveLoadTimeoutMs(parts as never)).toBeGreaterThanOrEqual(2_000);
    const failure = changing(
      { backend: 'vault', client: 'the Vault client' },
      'hint',
      'fix it',
      readTwice,
    );
    const construct = () => {
      throw new Error('no client');
    };
    expect(() => secretsKit.constructSdkClient(construct, failure as never)).toThrow(
      core.SecretsBackendError,
    );
  });
});
