export {
  type DualAuthFetchOptions,
  dualAuthFetch,
  type TokenProviderSource,
} from './dual-auth-fetch.js';
export { OriginRefusedError } from './origin-refused-error.js';
export { RedirectRefusedError } from './redirect-refused-error.js';
