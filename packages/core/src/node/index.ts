export { closestName } from '../config/checked-exports.js';
export { getSecretsBackendType } from '../config/get-secrets-backend-type.js';
export { getVendor } from '../config/get-vendor.js';
export { createAdapter } from './create-adapter.js';
export { getConfig } from './get-config.js';
export {
  type BoundedFile,
  type BoundedFileProblem,
  readBoundedFile,
} from './read-bounded-file.js';
export type { ReadPrivateKeyFileOptions } from './read-private-key-file.js';
export { readPrivateKeyFile } from './read-private-key-file.js';
