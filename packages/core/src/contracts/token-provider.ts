import type { DualSubjectToken } from './dual-subject-token.js';

/** What {@link TokenProvider.getToken} receives. */
export interface GetTokenOptions {
  signal?: AbortSignal | undefined;
  /**
   * True when the token at hand was refused or has expired: the provider must not return its
   * cached token but ask the IdP for a new one (and cache that one instead).
   */
  forceRefresh?: boolean | undefined;
}

/**
 * Who a provider's tokens are for, as IAM identifiers for logs and hooks: the agent's client id
 * and the human's `act.sub`. Never an email, name or token. `@dual-auth/client` refuses a token
 * that records another (`DualSubjectToken.humanId`, `agentId`).
 */
export interface TokenProviderIdentity {
  readonly agentId?: string | undefined;
  /** The human's IAM id (`act.sub`), logged as `human_id`. */
  readonly humanId?: string | undefined;
}

/**
 * A source of fresh dual-subject tokens for one agent acting for one human: what
 * `@dual-auth/client` takes as `tokenProvider`, and what `@dual-auth/session`'s
 * `tokenProvider()` methods return. A caller asks it before every request (so it should cache),
 * and with `forceRefresh` when the token has expired or the API answered 401 `invalid_token`.
 *
 * @example
 * const provider: TokenProvider = inSession.tokenProvider({ agentId: 'finance-agent', act, scope });
 * const token = await provider.getToken({ forceRefresh: false });
 */
export interface TokenProvider {
  getToken(options: GetTokenOptions): Promise<DualSubjectToken>;
  /** The agent and human the tokens are for, for logs and hooks. */
  readonly identity?: TokenProviderIdentity | undefined;
}
