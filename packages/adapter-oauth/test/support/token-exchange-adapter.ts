import { type Act, createDualAuthConfig, createSubjectToken } from '@dual-auth/core';
import { base64url } from 'jose';
import { OAuthAdapter, type OAuthAdapterOptions } from '../../src/oauth-adapter.js';
import type { OAuthConfig } from '../../src/oauth-config.js';

/** The fixed time of these tests, in seconds since the epoch: the adapter's clock stands still. */
export const NOW_SECONDS = 1_795_421_725;

/** An unsigned-looking JWT (decoded, never verified, by the adapter) with `claims` and `typ`. */
export const unsignedJwt = (claims: Record<string, unknown>, typ = 'at+jwt'): string =>
  `${base64url.encode(JSON.stringify({ alg: 'RS256', typ }))}.${base64url.encode(JSON.stringify(claims))}.c2ln`;

/** A token endpoint a test runs: the stub of `@dual-auth/testing`, or an HTTPS server of its own. */
export interface TestTokenEndpoint {
  readonly url: string;
  readonly fetch: typeof globalThis.fetch;
}

/**
 * agent-1's `token-exchange` adapter against `endpoint` (`/oauth2/token`, a client secret),
 * with `fields` over that config, a clock fixed at {@link NOW_SECONDS} and no retry: each test
 * sees exactly the one answer it set up. `options` add to the adapter's (a logger).
 */
export function tokenExchangeAdapter(
  endpoint: TestTokenEndpoint,
  fields: Partial<OAuthConfig> = {},
  options: OAuthAdapterOptions = {},
): OAuthAdapter {
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${endpoint.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: 'oauth-secret-0123456789abcdef0123456789',
    mode: 'token-exchange',
    ...fields,
  });
  return new OAuthAdapter(config, {
    fetch: endpoint.fetch,
    clock: { now: () => NOW_SECONDS * 1000 },
    retry: false,
    ...options,
  });
}

/** agent-1 exchanges the human's `subjectToken` for a `finance.read` token acting for `act`. */
export function exchangeSubjectToken(
  adapter: OAuthAdapter,
  subjectToken: string,
  act: Act = { sub: 'u-1' },
) {
  return adapter.requestToken({
    agentId: 'agent-1',
    act,
    scope: ['finance.read'],
    subjectToken: createSubjectToken(subjectToken),
  });
}
