import type { LoggableHuman } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';

// One object per identity for core's humanIdForLogging, so the digest an async step prepared on
// it (off Node, Web Crypto's) is what every later line of the call reads. Keyed by the identity
// object, never by the id.
const humans = new WeakMap<ApiCallIdentity, LoggableHuman>();

/** The human of `identity` as core's `humanIdForLogging` and `prepareHumanIdForLogging` take it. */
export function callHuman(identity: ApiCallIdentity): LoggableHuman {
  const known = humans.get(identity);
  if (known !== undefined && known.sub === identity.humanId) return known;
  const human = { sub: identity.humanId };
  humans.set(identity, human);
  return human;
}
