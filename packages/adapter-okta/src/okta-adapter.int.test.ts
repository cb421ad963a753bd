import { inspect } from 'node:util';
import { getConfig, TokenRequestError } from '@dual-auth/core';
import { createRecordingLogger, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaPlugin } from './index.js';
import type { OktaAdapterOptions } from './okta-adapter.js';
import { OktaAdapter } from './okta-adapter.js';
import type { OktaConfig } from './okta-config.js';
import { oktaLocalIdp } from './testing/index.js';

// The reference's assertion aud (the authorization server URL), against an org that takes only it.
runIamAdapterConformance({
  plugin: oktaPlugin,
  profile: oktaLocalIdp,
  idp: { vendorOptions: { assertionAudience: 'issuer' } },
});

let documented: LocalIdp;
let config: OktaConfig;
beforeAll(async () => {
  documented = await startLocalIdp({
    vendor: 'okta',
    vendorOptions: { assertionAudience: 'token-endpoint' },
  });
  config = await getConfig({ vendor: 'okta', env: documented.env(), plugins: [oktaPlugin] });
});
afterAll(() => documented.close());

function adapter(options: OktaAdapterOptions = {}) {
  const merged = { ...config, clientSecret: config.clientSecret };
  return new OktaAdapter(merged, { fetch: documented.fetch, retry: false, ...options });
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.catch((e: unknown) => e);
  if (!TokenRequestError.isInstance(error)) throw new Error(`expected TokenRequestError: ${error}`);
  return error;
}

const request = { agentId: 'finance-agent', act: { sub: '00u1alice' }, scope: ['finance.read'] };

describe('OktaAdapter against an Okta-shaped org that wants the token endpoint as aud', () => {
  it("works with assertionAudience: 'token-endpoint'; the reference aud is refused", async () => {
    const token = await adapter({ assertionAudience: 'token-endpoint' }).requestToken(request);
    expect(token.accessToken).not.toBe('');
    expect(await failure(adapter().requestToken(request))).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('keeps Okta errorCode and Retry-After on a rate limit', async () => {
    documented.failNext({ status: 429, retryAfter: 1 });
    const error = await failure(
      adapter({ assertionAudience: 'token-endpoint' }).requestToken(request),
    );
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1000, retryable: true });
    expect(error.vendorCodes?.length).toBe(1);
  });
});

describe('OktaAdapter: an IdP error that echoes the human it was asked about', () => {
  // withoutPersonalText blanks every email; a display name or login the IdP quotes back passed.
  // The adapter knows who it asked for (the request's act): those are blanked wherever they stand.
  it("blanks the act's name, login and id in error_description, in every form of the error", async () => {
    const logger = createRecordingLogger();
    const human = {
      sub: '00u7q2w9',
      name: 'Alice Liddell',
      email: 'alice.liddell@corp.example',
      preferred_username: 'aliddell',
    };
    documented.failNext({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description:
          'User Alice Liddell (aliddell, 00u7q2w9) is suspended; ask alice liddell to call the help desk',
      },
    });
    const error = await failure(
      adapter({ assertionAudience: 'token-endpoint', logger }).requestToken({
        ...request,
        act: human,
      }),
    );
    expect(error.errorDescription).toBe(
      'User ***REDACTED*** (***REDACTED***, ***REDACTED***) is suspended; ask ***REDACTED*** to call the help desk',
    );
    const forms = [
      error.message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
    ];
    for (const text of [...forms, JSON.stringify(logger.records)]) {
      expect(text).not.toMatch(/alice|liddell/i);
    }
  });
});
