export { type DualAuthAiToolOptions, dualAuthTool } from './dual-auth-tool.js';
