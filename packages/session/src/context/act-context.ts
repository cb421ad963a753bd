import {
  type Act,
  ConfigurationError,
  checkValue,
  ownOptions,
  type SubjectToken,
} from '@dual-auth/core';
import { validateAct } from '@dual-auth/core/adapter-kit';
import { type AsyncLocalStorageClass, findAsyncLocalStorage } from './find-async-local-storage.js';
import {
  checkSubjectTokenSource,
  resolveSubjectToken,
  type SubjectTokenSource,
} from './subject-token-source.js';

/** What {@link runWithAct} and {@link ActContext.run} take besides the act. */
export interface RunWithActOptions {
  /**
   * The human's own token, for an agent whose IdP exchanges it (RFC 8693 token exchange,
   * on-behalf-of, ID-JAG): `dualAuthFetch` of `@dual-auth/mcp/client` sends it with every token
   * request it makes in this context. Only this context has it: a nested `run` does not inherit
   * it, as a nested context may be another human's.
   */
  subjectToken?: SubjectTokenSource | undefined;
  /**
   * When the human signed in to the app, in ms since the epoch: `dualAuthFetch` and
   * `withDualAuthTool` of `@dual-auth/mcp`, and {@link withDualSubjectToken}, pass it with every
   * token request made in this context, so that `InSessionTokenRequest` with a `cutoffStore` can
   * tell a session begun after the human's last `endDelegation` from one before it (without it,
   * or a subject token that is a JWT with `iat`, a request is refused while a cut-off is kept).
   * Not inherited by a nested `run`.
   */
  signedInAtMs?: number | undefined;
}

/** The human of the current async call chain, and the human's token when one was given. */
export interface ActContext {
  /**
   * Runs `fn` with `act` as the current human of everything it calls, sync or async, and
   * `options.subjectToken` as the human's token.
   */
  run<R>(act: Act, fn: () => R, options?: RunWithActOptions): R;
  /** The current human, or `undefined` outside {@link ActContext.run}. */
  current(): Act | undefined;
  /**
   * The human's token of the current context (its `subjectToken` function called now), or
   * `undefined` when none was given or outside {@link ActContext.run}. Optional, so an own
   * context written before it still fits; without it no token is sent.
   *
   * @throws TypeError when the context's function resolves to something else than a token.
   */
  subjectToken?(): Promise<SubjectToken | undefined>;
  /**
   * The human's sign-in time of the current context (ms since the epoch), or `undefined` when
   * none was given or outside {@link ActContext.run}. Optional, so an own context written before
   * it still fits; without it none is sent.
   */
  signedInAtMs?(): number | undefined;
}

interface ActStore {
  readonly act: Readonly<Act>;
  readonly subjectToken: SubjectTokenSource | undefined;
  readonly signedInAtMs: number | undefined;
}

/**
 * An act context on an `AsyncLocalStorage` class: the runtime's own by default (see
 * `findAsyncLocalStorage`), or the one given, for runtimes where it has to be imported.
 *
 * @throws ConfigurationError when the runtime has no `AsyncLocalStorage` and none is given (on
 *   Cloudflare Workers: without the `nodejs_compat` compatibility flag; the message says which
 *   flag, https://developers.cloudflare.com/workers/runtime-apis/nodejs/asynclocalstorage/).
 * @example
 * import { AsyncLocalStorage } from 'node:async_hooks';
 * const context = createActContext(AsyncLocalStorage);
 */
export function createActContext(AsyncLocalStorage?: AsyncLocalStorageClass): ActContext {
  if (AsyncLocalStorage !== undefined && typeof AsyncLocalStorage !== 'function') {
    throw new TypeError('createActContext: AsyncLocalStorage must be a class');
  }
  const Storage = AsyncLocalStorage ?? findAsyncLocalStorage();
  if (Storage === undefined) {
    throw new ConfigurationError({
      message:
        // Workers without nodejs_compat (or before the compatibility date that gives `process`)
        // have neither a global one nor process.getBuiltinModule: only the flag brings one.
        'This runtime has no AsyncLocalStorage: on Cloudflare Workers, add the nodejs_compat compatibility flag (compatibility date 2024-09-23 or later), or nodejs_als and pass AsyncLocalStorage from node:async_hooks to createActContext; elsewhere pass one to createActContext(AsyncLocalStorage), or pass the act explicitly',
    });
  }
  const storage = new Storage<ActStore>();
  return {
    run(act, fn, options = {}) {
      validateAct(act);
      if (typeof fn !== 'function') throw new TypeError('runWithAct: fn must be a function');
      if (typeof options !== 'object' || options === null) {
        throw new TypeError(
          'runWithAct: options must be an object ({ subjectToken, signedInAtMs })',
        );
      }
      // Own options only: an inherited signedInAtMs would date every session after any cut-off.
      const own = ownOptions(options);
      const subjectToken = checkSubjectTokenSource(own.subjectToken);
      const signedInAtMs = checkValue(own.signedInAtMs, 'signedInAtMs', 'number');
      // A frozen act (one `OutOfSessionTokenRequest.receiveAndVerifyActJwt` returned) is kept as
      // is: a copy would lose the mark its verification left, and the agent would refuse it.
      const kept = Object.isFrozen(act) ? act : Object.freeze({ ...act });
      const store = { act: kept, subjectToken, signedInAtMs };
      return storage.run(Object.freeze(store), fn);
    },
    current() {
      return storage.getStore()?.act;
    },
    subjectToken() {
      const source = storage.getStore()?.subjectToken;
      return source === undefined ? Promise.resolve(undefined) : resolveSubjectToken(source);
    },
    signedInAtMs() {
      return storage.getStore()?.signedInAtMs;
    },
  };
}

let shared: ActContext | undefined;

/** The context behind {@link runWithAct} and {@link currentAct}, made on first use. */
export function defaultActContext(): ActContext {
  shared ??= createActContext();
  return shared;
}

/**
 * Runs `fn` with `act` as the current human, so agent tools deep in the call chain get it from
 * {@link currentAct} without passing it along. Works across `await`s, timers and promises. With
 * `options.subjectToken`, the human's own token goes with it, for an IdP that exchanges it
 * (RFC 8693): `dualAuthFetch` of `@dual-auth/mcp/client` sends it on each token request.
 *
 * With `options.signedInAtMs`, the human's sign-in time goes with it too, for the in-session
 * cut-off check of `InSessionTokenRequest` with a `cutoffStore`.
 *
 * {@link currentAct} gives a frozen act: a frozen `act` (the one
 * `OutOfSessionTokenRequest.receiveAndVerifyActJwt` returned) is that very object, which that
 * agent's `requestToken` and `tokenProvider` accept; any other is a frozen copy.
 *
 * @throws TypeError when `act` has no non-empty `sub`, `options.subjectToken` is neither a
 *   `SubjectToken` nor a function (a bare string is refused: wrap it with `createSubjectToken`), or
 *   `options.signedInAtMs` is not a time (a finite number of ms ≥ 0).
 * @throws ConfigurationError on a runtime without `AsyncLocalStorage`.
 * @example
 * await runWithAct(sender.extractActFromSession(session), () => agent.handle(question));
 * // the human's token for a token-exchange IdP, or () => session.subjectToken if it is renewed:
 * await runWithAct(act, () => agent.handle(question), { subjectToken: session.subjectToken });
 * // with a cutoffStore: when the human signed in, as the app recorded it at its login
 * await runWithAct(act, () => agent.handle(question), { signedInAtMs: appSession.signedInAtMs });
 */
export function runWithAct<R>(act: Act, fn: () => R, options?: RunWithActOptions): R {
  return defaultActContext().run(act, fn, options);
}

/**
 * The human's token of the current call chain, as {@link runWithAct} got it (its function called
 * now), or `undefined` when none was given or outside one. Never log it.
 *
 * @throws TypeError when the context's function resolves to something else than a token.
 */
export function currentSubjectToken(): Promise<SubjectToken | undefined> {
  return defaultActContext().subjectToken?.() ?? Promise.resolve(undefined);
}

/**
 * The human's sign-in time of the current call chain (ms since the epoch), as {@link runWithAct}
 * got it, or `undefined` when none was given or outside one.
 */
export function currentSignedInAtMs(): number | undefined {
  return defaultActContext().signedInAtMs?.();
}

/**
 * The human of the current call chain (a frozen copy of what {@link runWithAct} got), or
 * `undefined` outside one.
 *
 * @example
 * const human = currentAct(); // { sub: 'u-1' }
 */
export function currentAct(): Act | undefined {
  return defaultActContext().current();
}
