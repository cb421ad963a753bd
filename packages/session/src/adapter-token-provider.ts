import {
  ActVerificationError,
  type Clock,
  type GetTokenOptions,
  systemClock,
  type TokenProvider,
  type TokenRequest,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import {
  type AdapterTokenRequestContext,
  readRequestOnce,
  requestThroughAdapter,
} from './adapter-token-request.js';

/**
 * What a `tokenProvider()` is for: one agent, one human, one set of scopes; with `subjectToken`,
 * the human's own token that a token-exchange adapter needs (`UserSession.subjectToken`), passed
 * on every `getToken` and never shown.
 */
export type TokenProviderRequest = Pick<
  TokenRequest,
  'agentId' | 'act' | 'scope' | 'subjectToken'
> &
  SignedInAt;

/** When the human signed in, for the in-session cut-off check. */
export interface SignedInAt {
  /**
   * When the human signed in to the app, in ms since the epoch (the app's own record of its
   * login, never a time the agent picks). `InSessionTokenRequest` with a `cutoffStore` refuses a
   * request whose human signed in at or before their cut-off (`endDelegation`), as it refuses a
   * subject token issued then; one with neither this nor a subject token that is a JWT with `iat`
   * is refused while a cut-off is kept for the human. Not sent to the IdP; other request classes
   * ignore it.
   */
  signedInAtMs?: number | undefined;
}

/** When the human's delegation ends: after it, the provider refuses to give out tokens. */
export interface DelegationEnd {
  /** Ms since the epoch; none: only `notEnded` ends it. */
  endsAtMs?: number | undefined;
  clock?: Clock | undefined;
  /**
   * Reject once the human's delegation was ended (`endDelegation`'s cut-off): `beforeRequest` runs
   * before every `getToken` and resolves the human's cut-off it read (ms since the epoch, or
   * `undefined`: cached tokens issued at or before it are not served), `afterAnswer` after every
   * IdP answer this provider waited for, so the provider stops on its next call.
   */
  notEnded?:
    | { beforeRequest(): Promise<number | undefined>; afterAnswer(): Promise<unknown> }
    | undefined;
}

/**
 * A {@link TokenProvider} over the request classes' adapter and cache, fixed to one request. Its
 * `getToken` serves the cached token, and with `forceRefresh` skips it and caches the new one.
 * The inputs are checked and copied now, so a bad request fails here and later changes to the
 * caller's objects do not leak in. With `delegation.notEnded`, every `getToken` is checked first,
 * and every IdP answer again before it is cached or handed out: once a check rejects, the
 * provider rejects with its error and never gives out a token.
 *
 * @throws TypeError on invalid inputs.
 */
export function adapterTokenProvider(
  context: AdapterTokenRequestContext,
  request: TokenProviderRequest,
  delegation?: DelegationEnd,
): TokenProvider {
  const read = readRequestOnce(request, context.logger);
  const { agentId, act } = read;
  const scope = Object.freeze([...read.scope]);
  const subjectToken = read.subjectToken;
  const notEnded = delegation?.notEnded;
  const checked: AdapterTokenRequestContext =
    notEnded === undefined ? context : { ...context, checkAnswer: notEnded.afterAnswer };
  return Object.freeze({
    identity: Object.freeze({ agentId, humanId: act.sub }),
    getToken(options: GetTokenOptions = {}) {
      if (typeof options !== 'object' || options === null) {
        return Promise.reject(new TypeError('getToken: options must be an object'));
      }
      if (delegation?.endsAtMs !== undefined) {
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
      const tokenRequest = {
        agentId,
        act,
        scope,
        subjectToken,
        ...(signal === undefined ? {} : { signal }),
      };
      if (notEnded === undefined)
        return requestThroughAdapter(checked, tokenRequest, { forceRefresh });
      if (signal?.aborted === true) return Promise.reject(signal.reason);
      // A cut-off store that hangs must not outlast the caller's signal.
      const cutoff = notEnded.beforeRequest();
      return (signal === undefined ? cutoff : raceAbort(cutoff, signal)).then((cutoffMs) =>
        requestThroughAdapter(checked, tokenRequest, { forceRefresh, cutoffMs }),
      );
    },
  });
}
