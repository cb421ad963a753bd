export type { DualAuthServerOptions } from './dual-auth-server-options.js';
export { dualSubjectAuthInfo, getDualSubject } from './dual-subject-auth-info.js';
export { type ToolRule, withToolRule } from './tool-rule.js';
