export { type ToolDenial, ToolDeniedError } from './tool-denial.js';
export {
  type DualAuthToolContext,
  type DualAuthToolOptions,
  withDualAuthTool,
} from './with-dual-auth-tool.js';
