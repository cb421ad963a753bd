// The audit helpers @dual-auth/core exports, as exported: each checks its arguments, then runs
// core's own helper. A wrong argument is a TypeError naming it and what to pass: never "Cannot
// read properties of undefined" from inside, never an audience given as a string spread into its
// characters (`'api'` recorded as `["a", "p", "i"]`).
import { checkValue, requireValue } from '../config/check-option.js';
import { requireArray, requireObject } from '../config/require-argument.js';
import {
  createAuditEvent as createUnchecked,
  emitAuditEvent as emitUnchecked,
} from './audit-event.js';

const LISTS = ['delegation_chain', 'audience', 'scope', 'policy_basis'] as const;

/**
 * Builds an audit record; see core's `createAuditEvent` in audit-event.ts.
 *
 * @throws TypeError when `init` is not an object (or cannot be read), its `source`, `decision` or
 *   `reason` not strings, `delegation_chain`, `audience`, `scope` or `policy_basis` not arrays of
 *   strings, or `clock` not a Clock.
 */
export const createAuditEvent: typeof createUnchecked = (given) => {
  const init = requireObject(given, 'init');
  for (const name of ['source', 'decision', 'reason'] as const) {
    requireValue(init[name], `init.${name}`, 'string');
  }
  for (const name of LISTS) {
    if (init[name] != null) requireArray(init[name], `init.${name}`);
  }
  checkValue(init.clock, 'init.clock', 'clock');
  return createUnchecked(init);
};

/**
 * Writes an audit record to `logger`: info on ALLOW, warn on DENY.
 *
 * @throws TypeError when `logger` is not a Logger or `audit` not an object.
 */
export const emitAuditEvent: typeof emitUnchecked = (logger, audit) => {
  requireValue(logger, 'logger', 'logger');
  emitUnchecked(logger, requireObject(audit, 'audit'));
};
