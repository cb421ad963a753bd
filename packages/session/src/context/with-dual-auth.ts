import {
  type Act,
  ConfigurationError,
  type DualSubjectToken,
  type TokenRequest,
} from '@dual-auth/core';
import { type ActContext, defaultActContext } from './act-context.js';

/** Anything that issues dual-subject tokens: the request classes, or an `IamAdapter`. */
export interface DualSubjectTokenSource {
  requestToken(request: TokenRequest): Promise<DualSubjectToken>;
}

/** What {@link withDualAuth} takes. */
export interface WithDualAuthOptions {
  /** `InSessionTokenRequest` or `OutOfSessionTokenRequest` (cached), or an adapter. */
  tokenRequest: DualSubjectTokenSource;
  agentId: string;
  scope: readonly string[];
  /** The human; default the current one of the act context ({@link runWithAct}). */
  act?: Act | undefined;
  /** Default: the shared context of `runWithAct`/`currentAct`. */
  context?: ActContext | undefined;
}

/** What the wrapped function gets before its own arguments. */
export interface DualAuth {
  token: DualSubjectToken;
  act: Act;
}

/**
 * Wraps `fn` so each call first gets a token for the agent acting for the current human (from
 * `options.act` or the act context) and passes it in. Fresh on every call: with the request
 * classes' cache that costs a lookup, and a new IdP request only near expiry.
 *
 * @throws ConfigurationError (from the wrapper) when no human is in context.
 * @example
 * const getBalance = withDualAuth(
 *   async ({ token }, account: string) => api.get(`/accounts/${account}`, token),
 *   { tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] },
 * );
 * await runWithAct(act, () => getBalance('acc-1'));
 */
export function withDualAuth<A extends unknown[], R>(
  fn: (auth: DualAuth, ...args: A) => R | Promise<R>,
  options: WithDualAuthOptions,
): (...args: A) => Promise<R> {
  if (typeof fn !== 'function') throw new TypeError('withDualAuth: fn must be a function');
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('withDualAuth: options must be { tokenRequest, agentId, scope }');
  }
  if (typeof options.tokenRequest?.requestToken !== 'function') {
    throw new TypeError('withDualAuth: tokenRequest must have a requestToken method');
  }
  const { tokenRequest, agentId, scope } = options;
  return async (...args: A): Promise<R> => {
    const act = options.act ?? (options.context ?? defaultActContext()).current();
    if (act === undefined) {
      throw new ConfigurationError({
        message:
          'withDualAuth: no human in context; call inside runWithAct(act, …) or pass options.act',
      });
    }
    const token = await tokenRequest.requestToken({ agentId, act, scope });
    return fn({ token, act }, ...args);
  };
}
