import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';
import type { DualSubjectVerifyOptions } from '../../src/index.js';

/** The local IdP of {@link startedTokenExchangeIdp}, a human of it, and how its API verifies. */
export interface TokenExchangeIdp {
  /** The local IdP (vendor `oauth`), with a second agent `sub-agent` (`finance.read`). */
  readonly idp: LocalIdp;
  /** The `sub` of the IdP's first directory human. */
  readonly alice: string;
  /** The API's options for the IdP's RFC 8693 tokens (its issuer, audience and JWKS). */
  readonly verifyOptions: DualSubjectVerifyOptions;
}

/**
 * Starts a local IdP for RFC 8693 token exchange before the file's tests and hands it to `set`
 * (see {@link TokenExchangeIdp}); closes it after them.
 */
export function startedTokenExchangeIdp(set: (started: TokenExchangeIdp) => void): void {
  let idp: LocalIdp | undefined;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'oauth' });
    idp.addAgent({ clientId: 'sub-agent', scopes: ['finance.read'] });
    set({
      idp,
      alice: [...idp.humans.values()][0]?.sub as string,
      verifyOptions: {
        profile: oauthTokenProfile,
        layout: 'rfc8693',
        issuer: idp.issuer,
        audience: idp.audience,
        keys: createRemoteJwks(idp.jwksUrl, { fetch: idp.fetch, timeoutMs: 30_000 }),
      },
    });
  });
  afterAll(() => idp?.close());
}
