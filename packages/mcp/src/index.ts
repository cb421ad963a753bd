export type { DualAuthServerOptions } from './dual-auth-server-options.js';
export { getDualSubject } from './dual-subject-auth-info.js';
export { type ToolExtra, type ToolRule, withToolRule } from './tool-rule.js';
