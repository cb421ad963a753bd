export {
  type DualAuthFetchOptions,
  dualAuthFetch,
  type TokenProviderSource,
} from './dual-auth-fetch.js';
