export type { ActContext } from './act-context.js';
export { createActContext, currentAct, runWithAct } from './act-context.js';
export type { AsyncLocalStorageClass, AsyncLocalStorageLike } from './find-async-local-storage.js';
export { findAsyncLocalStorage } from './find-async-local-storage.js';
export type {
  DualSubjectTokenSource,
  TokenAndAct,
  WithDualSubjectTokenOptions,
} from './with-dual-subject-token.js';
export { withDualSubjectToken } from './with-dual-subject-token.js';
