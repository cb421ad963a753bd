export type { ProtectedResourceMetadataOptions } from '../protected-resource-metadata.js';
export { type DualAuthMcpHandlerOptions, dualAuthMcpHandler } from './dual-auth-mcp-handler.js';
export { protectedResourceMetadataHandler } from './protected-resource-metadata-handler.js';
