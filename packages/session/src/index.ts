export type { SessionRecord } from './act-from-session.js';
export type {
  ActJwtVerifierOptions,
  VerifiedActJwt,
  VerifyActJwtOptions,
} from './act-jwt/act-jwt-verifier.js';
export { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
export type { KeyObjectLike, VerificationKeyInput } from './act-jwt/verification-key.js';
export type { SignedInAt, TokenProviderRequest } from './adapter-token-provider.js';
export {
  type EndDelegationOptions,
  type EndedDelegation,
  endDelegation,
} from './end-delegation.js';
export type { HybridSenderOptions, PrepareOutOfSessionActOptions } from './hybrid-sender.js';
export { HybridSender } from './hybrid-sender.js';
export type {
  InSessionRequest,
  InSessionTokenRequestOptions,
} from './in-session-token-request.js';
export { InSessionTokenRequest } from './in-session-token-request.js';
export type { JwkWithKid, SigningKeyInput } from './key-input.js';
export type {
  OutOfSessionTokenRequestOptions,
  RequestTokenFromJwtOptions,
  TokenProviderFromJwtOptions,
} from './out-of-session-token-request.js';
export { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
export type { ActPrivacyOptions } from './shape-act.js';
export type {
  InMemoryTokenCacheOptions,
  InMemoryTokenCacheStats,
} from './token-cache/in-memory-token-cache.js';
export { InMemoryTokenCache } from './token-cache/in-memory-token-cache.js';
export type {
  GetOrRequestOptions,
  SingleFlightTokenCacheOptions,
  SingleFlightTokenCacheStats,
  TokenFetcher,
} from './token-cache/single-flight-token-cache.js';
export { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';
export type { ActTokenCacheKey } from './token-cache/token-cache-key.js';
export type { UserSessionInit } from './user-session.js';
export { UserSession } from './user-session.js';
