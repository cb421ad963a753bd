export type { DualAuthServerOptions } from './dual-auth-server-options.js';
export { getDualSubject } from './dual-subject-auth-info.js';
export {
  InMemoryMcpSessionOwners,
  type InMemoryMcpSessionOwnersOptions,
  type McpOwnerDigestKey,
  McpSessionBinding,
  type McpSessionBindingOptions,
  type McpSessionCallbacks,
  McpSessionLimitError,
  type McpSessionOwnerStore,
} from './mcp-session-binding.js';
export { type ToolExtra, type ToolRule, withToolRule } from './tool-rule.js';
