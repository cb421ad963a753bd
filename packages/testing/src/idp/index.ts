export { defaultAgents, type GuideHumanIds, guideHumans } from './default-directory.js';
export {
  ID_JAG_TYP,
  type SubjectTokenOptions,
  TOKEN_EXCHANGE_GRANT,
} from './delegation-grants.js';
export {
  type AgentInput,
  FINANCE_AGENT,
  FINANCE_USER,
  type HumanInput,
  type LocalIdpAgent,
  type LocalIdpHuman,
} from './directory.js';
export { type InjectedFailure, OVERSIZED_BODY_BYTES } from './failure-injection.js';
export { introspectToken } from './introspect-token.js';
export type { IssuedTokenRecord } from './issued-token-record.js';
export { isLocalIdpProfile, loadLocalIdpProfile } from './load-local-idp-profile.js';
export type {
  LocalIdp,
  LocalIdpApiClient,
  LocalIdpApiKeyClient,
  RotateSigningKeyOptions,
  StartLocalIdpOptions,
} from './local-idp.js';
export {
  type AccessTokenInput,
  type AgentGrant,
  actObject,
  type ConformanceExpectations,
  type DelegatedTokenInput,
  intersectScopes,
  type LocalIdpProfile,
  type LocalIdpSettings,
  type NativeDelegation,
  resolveProfileOptions,
  rfc8693TokenClaims,
  type VendorError,
  type VendorSurface,
} from './local-idp-profile.js';
export {
  type LocalIdpMisconfiguration,
  misconfigureProfile,
  WRONG_AUDIENCE,
} from './misconfiguration.js';
export { generateRsaKeyPair, type RsaKeyPair } from './rsa-key-pair.js';
export type { PublishedJwk, SigningKeyRotation } from './signing-key-ring.js';
export { startLocalIdp } from './start-local-idp.js';
export {
  startTokenEndpointStub,
  type TokenEndpointReply,
  type TokenEndpointStub,
} from './start-token-endpoint-stub.js';
export {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  postToken,
  TEST_ACT,
  type TestAssertionOptions,
  verifyAccessToken,
} from './token-client.js';
export type { TokenRequestRecord } from './token-request-record.js';
