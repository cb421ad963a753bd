import type { IamAdapter } from '@dual-auth/core';
import { Auth0Adapter } from './auth0-adapter.js';
import type { Auth0AdapterOptions } from './auth0-adapter-options.js';
import type { Auth0Config } from './auth0-config.js';

/**
 * Makes the Auth0 adapter: `new Auth0Adapter(config, options)` as a function, the factory of
 * {@link auth0Plugin}.
 *
 * @example
 * const adapter = createAuth0Adapter(config, { clientAuthentication: 'private_key_jwt', privateKey: pem });
 */
export function createAuth0Adapter(config: Auth0Config, options?: Auth0AdapterOptions): IamAdapter {
  return new Auth0Adapter(config, options);
}
