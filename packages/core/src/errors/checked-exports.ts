// The argument helper of core's error classes, as exported for the error classes of other
// packages (resource's DualSubjectVerificationError, mcp's McpCallRefusedError) and plugins: each
// checks its own arguments, then runs core's helper, which core's classes call unchecked.
import { requireValue } from '../config/check-option.js';
import {
  type ErrorArgumentKind,
  errorOptions as errorOptionsUnchecked,
} from './error-arguments.js';

const KIND = /^(string|number|boolean|object|array)\??$/;

/**
 * A copy of an error class's `options` (own enumerable fields, null prototype), each field named in
 * `fields` of its kind: a subclass checks its options with this before `super()`, so that a wrong
 * argument is refused under its own class's name, never its parent's.
 *
 * `argument` is what the messages call the argument, the constructor's parameter: `options` unless
 * given (`errorOptions(denial, 'ToolDeniedError', fields, 'denial')` for `new ToolDeniedError(denial)`).
 *
 * @throws TypeError `<className>: <argument> must be an object, got undefined`, or naming the
 *   field (`<argument>.<field>`) that is not of its kind; naming `className`, `fields` or
 *   `argument` when they are not a string, an object of {@link ErrorArgumentKind}s and a string.
 * @example
 * const { message, vendor } = errorOptions(given, 'VendorError', { message: 'string', vendor: 'string?' });
 */
export const errorOptions: typeof errorOptionsUnchecked = (
  options,
  className,
  fields,
  argument = 'options',
) => {
  requireValue(className, 'className', 'string');
  requireValue(argument, 'argument', 'string');
  for (const kind of Object.values(requireValue(fields, 'fields', 'object'))) {
    if (typeof kind !== 'string' || !KIND.test(kind)) {
      throw new TypeError(
        'fields must map each field to string, number, boolean, object or array (with ? when it may be undefined)',
      );
    }
  }
  return errorOptionsUnchecked(options, className, fields, argument);
};

export type { ErrorArgumentKind };
