import {
  createGuardFor,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';

/**
 * A guard as given, or one built from options (middlewares accept either); `where` names the
 * middleware factory in errors, and `extra` its own option names beside the guard's.
 *
 * @throws TypeError when `options` is neither, or names an unknown or wrong option.
 */
export function toGuard(
  options: DualAuthGuardOptions | DualAuthGuard,
  where: string,
  extra: Readonly<Record<string, true>> = {},
): DualAuthGuard {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('dual-auth middleware needs guard options or a guard');
  }
  const maybeGuard = options as Partial<DualAuthGuard>;
  if (typeof maybeGuard.check === 'function' && typeof maybeGuard.checkRequest === 'function') {
    return maybeGuard as DualAuthGuard;
  }
  return createGuardFor(options as DualAuthGuardOptions, where, extra);
}
