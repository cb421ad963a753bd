import type { Clock, DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { assertDualSubjectToken } from './credential-headers.js';

/** Where one API call gets its token: a fixed token, or a provider that can renew it. */
export interface TokenSource {
  /** True when {@link TokenSource.renew} can yield a different token. */
  readonly renewable: boolean;
  /** The token for the next attempt; a provider's expired token is renewed first. */
  current(signal: AbortSignal | undefined): Promise<DualSubjectToken>;
  /** A new token, after the API refused the last one. */
  renew(signal: AbortSignal | undefined): Promise<DualSubjectToken>;
}

/** A source that always gives the same token (the reference's `token_response`). */
export function fixedTokenSource(token: DualSubjectToken): TokenSource {
  const same = async (): Promise<DualSubjectToken> => token;
  return { renewable: false, current: same, renew: same };
}

/**
 * A source over a {@link TokenProvider}: its token is renewed (`forceRefresh`) when it expires
 * within `expiryLeewayMs` of `clock.now()`.
 */
export function providerTokenSource(
  provider: TokenProvider,
  clock: Clock,
  expiryLeewayMs: number,
): TokenSource {
  const get = async (signal: AbortSignal | undefined, forceRefresh: boolean) => {
    const token = await provider.getToken({ signal, forceRefresh });
    assertDualSubjectToken(token, 'tokenProvider.getToken() result');
    return token;
  };
  return {
    renewable: true,
    async current(signal) {
      const token = await get(signal, false);
      if (token.expiresAt - expiryLeewayMs > clock.now()) return token;
      return get(signal, true);
    },
    renew: (signal) => get(signal, true),
  };
}
