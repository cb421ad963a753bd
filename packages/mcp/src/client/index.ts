/**
 * Core's error for a request to another origin than `origin`, re-exported: the one class
 * `@dual-auth/client` throws too.
 */
export { OriginRefusedError } from '@dual-auth/core';
export {
  type DualAuthFetchOptions,
  dualAuthFetch,
  type TokenProviderSource,
} from './dual-auth-fetch.js';
export { type McpCallRefusal, McpCallRefusedError } from './mcp-call-refused-error.js';
export { RedirectRefusedError } from './redirect-refused-error.js';
export { type ResourceRefusal, ResourceRefusedError } from './resource-refused-error.js';
