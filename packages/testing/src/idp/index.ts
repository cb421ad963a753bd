export { defaultAgents, defaultHumans } from './default-directory.js';
export {
  type AgentInput,
  FINANCE_AGENT,
  FINANCE_USER,
  type HumanInput,
  type LocalIdpAgent,
  type LocalIdpHuman,
} from './directory.js';
export { type InjectedFailure, OVERSIZED_BODY_BYTES } from './failure-injection.js';
export { generateRsaKeyPair, type RsaKeyPair } from './rsa-key-pair.js';
export { type LocalIdp, type StartLocalIdpOptions, startLocalIdp } from './start-local-idp.js';
export {
  startTokenEndpointStub,
  type TokenEndpointReply,
  type TokenEndpointStub,
} from './start-token-endpoint-stub.js';
export type { TokenRequestRecord } from './token-request-record.js';
