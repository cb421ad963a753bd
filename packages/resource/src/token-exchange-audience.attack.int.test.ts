import { inspect } from 'node:util';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import {
  assertVendor,
  createSubjectToken,
  getConfig,
  SubjectTokenRequiredError,
  TokenRequestError,
} from '@dual-auth/core';
import type { LocalIdp } from '@dual-auth/testing';
import { base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { startedTokenExchangeIdp } from '../test/support/token-exchange-idp.js';
import { type DualSubjectVerifyOptions, verifyDualSubjectToken } from './index.js';

// An attacker with an agent client and a human account of their own, against the local IdP's
// RFC 8693 token exchange and the guard reading its tokens: a token exchanged for one audience
// presented where another is expected, and subject tokens the attacker forged (alg none, HS256
// keyed with the IdP's public key). Each is refused, typed, and no token reaches an error.

let idp: LocalIdp;
let alice: string;
let api: DualSubjectVerifyOptions;

startedTokenExchangeIdp((started) => {
  ({ idp, alice, verifyOptions: api } = started);
});

async function exchange(subjectToken: string, extra: Record<string, string> = {}) {
  const config = await getConfig({
    env: { ...idp.env('finance-agent'), OAUTH_MODE: 'token-exchange', ...extra },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  return oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false }).requestToken({
    agentId: 'finance-agent',
    act: { sub: alice },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(subjectToken),
  });
}

const refusedReason = (token: string, options: DualSubjectVerifyOptions) =>
  verifyDualSubjectToken(token, options).then(
    () => 'admitted',
    (error: unknown) => (error as { reason?: string }).reason,
  );

describe('a token exchanged for one audience, presented elsewhere', () => {
  it('is refused by an API of another audience, and a hop token for another agent by the API', async () => {
    const forApi = await exchange(await idp.issueSubjectToken({ human: alice }));
    expect(await refusedReason(forApi.accessToken, api)).toBe('admitted');
    expect(
      await refusedReason(forApi.accessToken, { ...api, audience: 'https://other-api.example' }),
    ).toBe('wrong_audience');

    const forAgent = await exchange(await idp.issueSubjectToken({ human: alice }), {
      API_AUDIENCE: 'sub-agent',
    });
    expect(decodeJwt(forAgent.accessToken).aud).toBe('sub-agent');
    expect(await refusedReason(forAgent.accessToken, api)).toBe('wrong_audience');
  });

  it('is refused under another trusted issuer whose keys are not this IdP’s (no mix-up)', async () => {
    const token = await exchange(await idp.issueSubjectToken({ human: alice }));
    const other = 'https://other-idp.example';
    const keys = new Map([[other, api.keys as NonNullable<typeof api.keys>]]);
    expect(
      await refusedReason(token.accessToken, {
        ...api,
        issuer: [other, idp.issuer],
        keys,
      } as never),
    ).toBe('unknown_key');
    expect(await refusedReason(token.accessToken, { ...api, issuer: other })).toBe('wrong_issuer');
  });
});

describe('subject tokens forged by the attacker', () => {
  const forge = async (
    header: Record<string, unknown>,
    sign: (input: string) => Promise<string>,
  ) => {
    const genuine = await idp.issueSubjectToken({ human: alice });
    const payload = genuine.split('.')[1] as string;
    const input = `${base64url.encode(JSON.stringify(header))}.${payload}`;
    return `${input}.${await sign(input)}`;
  };

  it('alg none is refused before it is sent, HS256 keyed with the IdP’s public key invalid_grant by the IdP, neither shown', async () => {
    const genuine = await idp.issueSubjectToken({ human: alice });
    const { kid } = decodeProtectedHeader(genuine);
    const publicJwk = idp.jwks().keys.find((key) => key.kid === kid);
    const publicKeyText = new TextEncoder().encode(JSON.stringify(publicJwk));
    const hmac = async (input: string) => {
      const key = await crypto.subtle.importKey(
        'raw',
        publicKeyText,
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input));
      return base64url.encode(new Uint8Array(mac));
    };
    const cases = {
      none: await forge({ alg: 'none', typ: 'JWT' }, async () => ''),
      hs256: await forge({ alg: 'HS256', typ: 'JWT', kid }, hmac),
    };
    for (const [name, subjectToken] of Object.entries(cases)) {
      const error = await exchange(subjectToken).catch((e: unknown) => e);
      if (name === 'none') {
        // The adapter kit refuses an unsigned subject token before any request (refuseUnusableSubjectToken).
        expect(SubjectTokenRequiredError.isInstance(error), name).toBe(true);
        expect(String(error), name).toMatch(/alg none/);
      } else {
        expect(TokenRequestError.isInstance(error), name).toBe(true);
        expect(error, name).toMatchObject({ status: 400, error: 'invalid_grant' });
      }
      for (const shown of [String(error), JSON.stringify(error), inspect(error)]) {
        expect(shown, name).not.toContain(subjectToken.split('.')[1]);
      }
    }
  });
});
