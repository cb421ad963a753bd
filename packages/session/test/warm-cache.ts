import { SingleFlightTokenCache } from '../src/token-cache/single-flight-token-cache.js';
import { CountingAdapter, ManualClock } from './counting-adapter.js';

/**
 * A {@link SingleFlightTokenCache} on a {@link ManualClock} and the lookup of one human's key
 * (`sub`), whose IdP is a {@link CountingAdapter}: its first call is a miss, the next ones hits.
 */
export function cacheWithLookup(sub: string) {
  const clock = new ManualClock();
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const cache = new SingleFlightTokenCache({ clock });
  const key = {
    adapterId: 'kc|https://idp/token|agent',
    agentId: 'agent',
    sub,
    scope: ['finance.read'],
    audience: 'api',
  };
  const get = () =>
    cache.getOrRequest(key, (signal) =>
      adapter.requestToken({ agentId: 'agent', act: { sub }, scope: key.scope, signal }),
    );
  return { clock, cache, get };
}

/** How many `token_cache_hit` lines the JSON logger of DUAL_AUTH_LOG wrote to the spied `console.log`. */
export function hitLines(log: { mock: { calls: unknown[][] } }): number {
  return log.mock.calls.filter(([line]) => String(line).includes('"token_cache_hit"')).length;
}
