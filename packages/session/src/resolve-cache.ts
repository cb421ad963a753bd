import type { Clock, Logger } from '@dual-auth/core';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

/**
 * The cache a request class uses: the one given, none for `false`, else a new in-memory one.
 *
 * @throws TypeError when `cache` is something else.
 */
export function resolveCache(
  cache: SingleFlightTokenCache | false | undefined,
  owner: string,
  defaults: { clock?: Clock | undefined; logger?: Logger | undefined },
): SingleFlightTokenCache | undefined {
  if (cache === false) return undefined;
  if (cache === undefined) {
    return new SingleFlightTokenCache({ clock: defaults.clock, logger: defaults.logger });
  }
  if (!(cache instanceof SingleFlightTokenCache)) {
    throw new TypeError(`${owner}: cache must be a SingleFlightTokenCache or false`);
  }
  return cache;
}
