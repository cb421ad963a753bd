import { ConfigurationError } from '@dual-auth/core';

const FOR_CODE = ' or pass its adapter plugin in the plugins option';

/**
 * Core's `DUAL_AUTH_VENDOR is not set` (`defaultVendor`, no adapter plugin given) with the command
 * line's advice: core ends it with the `plugins` option of `getConfig`, which the operator of
 * `dual-auth` does not have; `--plugin <package or file>` gives the CLI an adapter plugin. Any
 * other error is returned as it is.
 */
export function vendorNotSetError(error: unknown): unknown {
  if (
    !ConfigurationError.isInstance(error) ||
    error.variable !== 'DUAL_AUTH_VENDOR' ||
    !error.message.startsWith('DUAL_AUTH_VENDOR is not set') ||
    !error.message.endsWith(FOR_CODE)
  ) {
    return error;
  }
  return new ConfigurationError({
    message: `${error.message.slice(0, -FOR_CODE.length)} or give its adapter package or file with --plugin <package or file>`,
    variable: 'DUAL_AUTH_VENDOR',
    cause: error,
  });
}
