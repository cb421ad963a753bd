export type { ActContext } from './act-context.js';
export { createActContext, currentAct, runWithAct } from './act-context.js';
export type { AsyncLocalStorageClass, AsyncLocalStorageLike } from './find-async-local-storage.js';
export { findAsyncLocalStorage } from './find-async-local-storage.js';
export type { DualAuth, DualSubjectTokenSource, WithDualAuthOptions } from './with-dual-auth.js';
export { withDualAuth } from './with-dual-auth.js';
