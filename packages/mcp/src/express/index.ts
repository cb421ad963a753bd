export {
  type ProtectedResourceMetadataOptions,
  protectedResourceMetadataRouter,
} from './protected-resource-metadata.js';
export { type RequireDualAuthOptions, requireDualAuth } from './require-dual-auth.js';
