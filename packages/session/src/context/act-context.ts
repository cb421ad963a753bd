import { type Act, ConfigurationError } from '@dual-auth/core';
import { validateAct } from '@dual-auth/core/adapter-kit';
import { type AsyncLocalStorageClass, findAsyncLocalStorage } from './find-async-local-storage.js';

/** The human of the current async call chain. */
export interface ActContext {
  /** Runs `fn` with `act` as the current human of everything it calls, sync or async. */
  run<R>(act: Act, fn: () => R): R;
  /** The current human, or `undefined` outside {@link ActContext.run}. */
  current(): Act | undefined;
}

/**
 * An act context on an `AsyncLocalStorage` class: the runtime's own by default (see
 * {@link findAsyncLocalStorage}), or the one given, for runtimes where it has to be imported.
 *
 * @throws ConfigurationError when the runtime has no `AsyncLocalStorage` and none is given.
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
        'This runtime has no AsyncLocalStorage: pass one to createActContext(AsyncLocalStorage), or pass the act explicitly',
    });
  }
  const storage = new Storage<Readonly<Act>>();
  return {
    run(act, fn) {
      validateAct(act);
      if (typeof fn !== 'function') throw new TypeError('runWithAct: fn must be a function');
      return storage.run(Object.freeze({ ...act }), fn);
    },
    current() {
      return storage.getStore();
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
 * {@link currentAct} without passing it along. Works across `await`s, timers and promises.
 *
 * @throws TypeError when `act` has no non-empty `sub`.
 * @throws ConfigurationError on a runtime without `AsyncLocalStorage`.
 * @example
 * await runWithAct(sender.extractActFromSession(session), () => agent.handle(question));
 */
export function runWithAct<R>(act: Act, fn: () => R): R {
  return defaultActContext().run(act, fn);
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
