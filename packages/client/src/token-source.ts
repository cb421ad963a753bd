import type { Clock, DualSubjectToken, TokenProvider } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';
import { assertDualSubjectToken, assertProvable } from './credential-headers.js';
import { assertTokenFor } from './token-identity.js';
import type { UncheckedIdentityNote } from './unchecked-identity-note.js';

/** Where one API call gets its token: a fixed token, or a provider that can renew it. */
export interface TokenSource {
  /** True when {@link TokenSource.renew} can yield a different token. */
  readonly renewable: boolean;
  /** The token, when the source always gives the same one: a call needs not wait for it. */
  readonly fixed: DualSubjectToken | undefined;
  /** The token for the next attempt; a provider's expired token is renewed first. */
  current(signal: AbortSignal | undefined): Promise<DualSubjectToken>;
  /** A new token, after the API refused the last one. */
  renew(signal: AbortSignal | undefined): Promise<DualSubjectToken>;
}

/** A source that always gives the same token (the reference's `token_response`). */
export function fixedTokenSource(token: DualSubjectToken): TokenSource {
  return new FixedTokenSource(token);
}

// A class rather than an object of closures: one object per call (a call with a fixed token uses
// `fixed` and never waits), where closures and a settled promise came with every call.
class FixedTokenSource implements TokenSource {
  readonly renewable = false;
  readonly fixed: DualSubjectToken;

  constructor(token: DualSubjectToken) {
    this.fixed = token;
  }

  current(): Promise<DualSubjectToken> {
    return Promise.resolve(this.fixed);
  }

  renew(): Promise<DualSubjectToken> {
    return Promise.resolve(this.fixed);
  }
}

/**
 * A source over a {@link TokenProvider}: its token is renewed (`forceRefresh`) when it expires
 * within the leeway of `clock.now()`. The leeway is `expiryLeewayMs`, but at most a quarter of
 * the token's lifetime (`expiresIn`), so a token living less than the leeway (20 s against 30 s)
 * is still used for three quarters of its life instead of being renewed on every call. A DPoP
 * token is refused (`TypeError`) unless the call `proves` it (a `dpopProof` or a `DPoP` header),
 * and so is a token asked for another human or agent than the call's `identity`
 * (`assertTokenFor`), renewed ones included; one that records no one is told to `unchecked`.
 */
export function providerTokenSource(
  provider: TokenProvider,
  clock: Clock,
  expiryLeewayMs: number,
  proves: boolean,
  identity: ApiCallIdentity,
  unchecked: UncheckedIdentityNote,
): TokenSource {
  const get = async (signal: AbortSignal | undefined, forceRefresh: boolean) => {
    const token = await provider.getToken({ signal, forceRefresh });
    assertDualSubjectToken(token, 'tokenProvider.getToken() result');
    assertProvable(token, proves);
    assertTokenFor(identity, token, 'tokenProvider.getToken() gave a token for', unchecked);
    return token;
  };
  return {
    renewable: true,
    fixed: undefined,
    async current(signal) {
      const token = await get(signal, false);
      if (token.expiresAt - leewayFor(token, expiryLeewayMs) > clock.now()) return token;
      return get(signal, true);
    },
    renew: (signal) => get(signal, true),
  };
}

// The same rule as session's token cache: at most a quarter of the lifetime.
function leewayFor(token: DualSubjectToken, expiryLeewayMs: number): number {
  const quarterOfLifetime = (token.expiresIn * 1000) / 4;
  return quarterOfLifetime >= 0 ? Math.min(expiryLeewayMs, quarterOfLifetime) : expiryLeewayMs;
}
