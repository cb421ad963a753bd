import type { DualSubjectToken } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';

/** What {@link TokenProvider.getToken} receives. */
export interface GetTokenOptions {
  signal?: AbortSignal | undefined;
  /**
   * True when the token at hand was refused or has expired: the provider must not return its
   * cached token but ask the IdP for a new one.
   */
  forceRefresh?: boolean | undefined;
}

/**
 * A source of fresh dual-subject tokens, given to `callApi` instead of a fixed `tokenResponse`.
 * The client asks it before every attempt (so it should cache), asks again with `forceRefresh`
 * when the token has expired, and once more with `forceRefresh` when the API answers 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"`.
 *
 * @example
 * const provider: TokenProvider = {
 *   identity: { agentId: 'agent-1', humanId: act.sub },
 *   getToken: ({ signal, forceRefresh }) => cache.get(forceRefresh, () =>
 *     adapter.requestToken({ agentId: 'agent-1', act, scope: ['finance.read'], signal })),
 * };
 */
export interface TokenProvider {
  getToken(options: GetTokenOptions): Promise<DualSubjectToken>;
  /** The agent and human the tokens are for, for logs and hooks. */
  readonly identity?: ApiCallIdentity | undefined;
}
