import { type Act, ConfigurationError, type DualSubjectToken, ownOptions } from '@dual-auth/core';
import type { InSessionRequest } from '../in-session-token-request.js';
import { type ActContext, defaultActContext } from './act-context.js';

/**
 * Anything that issues dual-subject tokens: the request classes, or an `IamAdapter` (which
 * ignores `signedInAtMs`).
 */
export interface DualSubjectTokenSource {
  requestToken(request: InSessionRequest): Promise<DualSubjectToken>;
}

/** What {@link withDualSubjectToken} takes. */
export interface WithDualSubjectTokenOptions {
  /** `InSessionTokenRequest` or `OutOfSessionTokenRequest` (cached), or an adapter. */
  tokenRequest: DualSubjectTokenSource;
  agentId: string;
  scope: readonly string[];
  /**
   * The human; default the current one of the act context ({@link runWithAct}), then with the
   * human's token and sign-in time the context has (`runWithAct(act, fn, { subjectToken,
   * signedInAtMs })`). An act given here goes without them, as they may be another human's.
   */
  act?: Act | undefined;
  /** Default: the shared context of `runWithAct`/`currentAct`. */
  context?: ActContext | undefined;
}

/** What the wrapped function gets before its own arguments: the token and whom it is for. */
export interface TokenAndAct {
  token: DualSubjectToken;
  act: Act;
}

/**
 * Wraps `fn` so each call first GETS a dual-subject token for the agent acting for the current
 * human (from `options.act` or the act context) and passes it in. Fresh on every call: with the
 * request classes' cache that costs a lookup, and a new IdP request only near expiry. (Not to be
 * confused with `withDualAuth` of `@dual-auth/resource/fetch`, which VERIFIES one at the API.)
 *
 * @throws ConfigurationError (from the wrapper) when no human is in context.
 * @example
 * const getBalance = withDualSubjectToken(
 *   async ({ token }, account: string) => api.get(`/accounts/${account}`, token),
 *   { tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] },
 * );
 * await runWithAct(act, () => getBalance('acc-1'));
 */
export function withDualSubjectToken<A extends unknown[], R>(
  fn: (auth: TokenAndAct, ...args: A) => R | Promise<R>,
  given: WithDualSubjectTokenOptions,
): (...args: A) => Promise<R> {
  if (typeof fn !== 'function') throw new TypeError('withDualSubjectToken: fn must be a function');
  if (typeof given !== 'object' || given === null) {
    throw new TypeError('withDualSubjectToken: options must be { tokenRequest, agentId, scope }');
  }
  // Own options only: an inherited act would be the human of every call outside runWithAct.
  const options = ownOptions(given);
  if (typeof options.tokenRequest?.requestToken !== 'function') {
    throw new TypeError('withDualSubjectToken: tokenRequest must have a requestToken method');
  }
  const { tokenRequest, agentId, scope } = options;
  return async (...args: A): Promise<R> => {
    const context = options.context ?? defaultActContext();
    const act = options.act ?? context.current();
    if (act === undefined) {
      throw new ConfigurationError({
        message:
          'withDualSubjectToken: no human in context; call inside runWithAct(act, …) or pass options.act',
      });
    }
    const fromContext = options.act === undefined;
    const subjectToken = fromContext ? await context.subjectToken?.() : undefined;
    const signedInAtMs = fromContext ? context.signedInAtMs?.() : undefined;
    const request = { agentId, act, scope, subjectToken, signedInAtMs };
    const token = await tokenRequest.requestToken(request);
    return fn({ token, act }, ...args);
  };
}
