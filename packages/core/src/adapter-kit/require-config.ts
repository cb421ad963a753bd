import { ownOption } from '../config/check-option.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Returns `config` when it is an object, for adapters that read it before `BaseAdapter` does.
 *
 * @throws TypeError otherwise.
 */
export function requireConfigObject<C>(config: C): NonNullable<C> {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError('config must be an object');
  }
  return config;
}

/**
 * The API audience a vendor requires (`API_AUDIENCE`), with the reference's message when it is
 * missing: `Auth0 adapter requires 'audience' configuration`.
 *
 * @throws TypeError when `config` is not an object.
 * @throws ConfigurationError when `audience` is not a non-empty string.
 */
export function requireAudience(config: unknown, label: string): string {
  const audience = ownOption(requireConfigObject(config), 'audience');
  if (typeof audience !== 'string' || audience === '') {
    throw new ConfigurationError({
      message: `${label} adapter requires 'audience' configuration`,
      variable: 'API_AUDIENCE',
    });
  }
  return audience;
}
