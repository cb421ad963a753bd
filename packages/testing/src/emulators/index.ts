export * from './aws/index.js';
export * from './azure/index.js';
export * from './gcp/index.js';
export * from './reference-secrets.js';
export * from './vault/index.js';
