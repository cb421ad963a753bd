import {
  ActVerificationError,
  type Clock,
  type GetTokenOptions,
  systemClock,
  type TokenProvider,
  type TokenRequest,
} from '@dual-auth/core';
import {
  type AdapterTokenRequestContext,
  checkRequest,
  requestThroughAdapter,
} from './adapter-token-request.js';
import { checkDelegationNotEnded, type DelegationStart } from './check-delegation-not-ended.js';
import { auditTokenRequest } from './token-audit.js';

/** What a `tokenProvider()` is for: one agent, one human, one set of scopes. */
export type TokenProviderRequest = Pick<TokenRequest, 'agentId' | 'act' | 'scope'>;

/** When the human's delegation ends: after it, the provider refuses to give out tokens. */
export interface DelegationEnd {
  /** Ms since the epoch. */
  endsAtMs: number;
  clock?: Clock | undefined;
  /**
   * Where the human's cut-off is read: checked before every `getToken` and after every IdP
   * answer, so `endDelegation` stops the provider on its next call.
   */
  start?: DelegationStart | undefined;
}

/**
 * A {@link TokenProvider} over the request classes' adapter and cache, fixed to one request. Its
 * `getToken` serves the cached token, and with `forceRefresh` skips it and caches the new one.
 * The inputs are checked and copied now, so a bad request fails here and later changes to the
 * caller's objects do not leak in. With a `delegation.start`, every `getToken` first reads the
 * human's cut-off, and every IdP answer is checked again before it is cached or handed out: after
 * `endDelegation` the provider rejects with `ActVerificationError` (`revoked`, or
 * `replay_store_unavailable` when the store does not answer) and never gives out a token.
 *
 * @throws TypeError on invalid inputs.
 */
export function adapterTokenProvider(
  context: AdapterTokenRequestContext,
  request: TokenProviderRequest,
  delegation?: DelegationEnd,
): TokenProvider {
  checkRequest(request, context.logger);
  const agentId = request.agentId;
  const act = Object.freeze({ ...request.act });
  const scope = Object.freeze([...request.scope]);
  const start = delegation?.start;
  const checked: AdapterTokenRequestContext =
    start === undefined
      ? context
      : { ...context, checkAnswer: () => checkDelegationNotEnded(context, act, start) };
  return Object.freeze({
    identity: Object.freeze({ agentId, humanId: act.sub }),
    getToken(options: GetTokenOptions = {}) {
      if (typeof options !== 'object' || options === null) {
        return Promise.reject(new TypeError('getToken: options must be an object'));
      }
      if (delegation !== undefined) {
        const now = (delegation.clock ?? systemClock).now();
        if (now >= delegation.endsAtMs) {
          return Promise.reject(
            new ActVerificationError({
              reason: 'expired',
              claim: 'exp',
              message: `The delegation of this token provider ended at ${new Date(delegation.endsAtMs).toISOString()}: ask the application for a new act JWT`,
            }),
          );
        }
      }
      const { signal, forceRefresh } = options;
      if (forceRefresh !== undefined && typeof forceRefresh !== 'boolean') {
        return Promise.reject(new TypeError('getToken: forceRefresh must be a boolean'));
      }
      const tokenRequest = { agentId, act, scope, ...(signal === undefined ? {} : { signal }) };
      const ask = () => requestThroughAdapter(checked, tokenRequest, { forceRefresh });
      if (start === undefined) return ask();
      return checkDelegationNotEnded(context, act, start).then(ask, (error: unknown) => {
        const { adapter, logger } = context;
        auditTokenRequest(logger, { agentId, act, scope, vendor: adapter.vendor }, error);
        throw error;
      });
    },
  });
}
