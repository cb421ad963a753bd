import {
  createDualAuthGuard,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';

/** A guard as given, or one built from options (middlewares accept either). */
export function toGuard(options: DualAuthGuardOptions | DualAuthGuard): DualAuthGuard {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('dual-auth middleware needs guard options or a guard');
  }
  const maybeGuard = options as Partial<DualAuthGuard>;
  if (typeof maybeGuard.check === 'function' && typeof maybeGuard.checkRequest === 'function') {
    return maybeGuard as DualAuthGuard;
  }
  return createDualAuthGuard(options as DualAuthGuardOptions);
}
