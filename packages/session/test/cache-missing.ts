import type { Logger } from '@dual-auth/core';
import { InSessionTokenRequest } from '../src/in-session-token-request.js';
import { SingleFlightTokenCache } from '../src/token-cache/single-flight-token-cache.js';
import { CountingAdapter } from './counting-adapter.js';

/**
 * An in-session token request over a counting adapter whose cache runs `change` between its
 * look-up and the IdP request: another request of the app changing a shared object meanwhile.
 */
export function cacheMissing(change: () => void) {
  const logger: Logger = {
    debug: (event) => {
      if (event === 'token_cache_miss') change();
    },
    info: () => {},
    warn: () => {},
    error: () => {},
  };
  const adapter = new CountingAdapter();
  const cache = new SingleFlightTokenCache({ logger });
  return { adapter, inSession: new InSessionTokenRequest({ adapter, cache }) };
}
