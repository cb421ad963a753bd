export type { ActContext, RunWithActOptions } from './act-context.js';
export {
  createActContext,
  currentAct,
  currentSignedInAtMs,
  currentSubjectToken,
  runWithAct,
} from './act-context.js';
export type { AsyncLocalStorageClass, AsyncLocalStorageLike } from './find-async-local-storage.js';
export type { SubjectTokenSource } from './subject-token-source.js';
export type {
  DualSubjectTokenSource,
  TokenAndAct,
  WithDualSubjectTokenOptions,
} from './with-dual-subject-token.js';
export { withDualSubjectToken } from './with-dual-subject-token.js';
